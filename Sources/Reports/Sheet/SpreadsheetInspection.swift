/// What `SpreadsheetReader` concluded about one file: whether its cells can be read, why
/// not, and the sheets it holds.
public struct SpreadsheetInspection: Sendable, Equatable {
    /// The verdict on the whole file.
    public enum Outcome: String, Sendable, Equatable {
        /// A workbook whose cells were read.
        case readable
        /// An encrypted or password-protected workbook.
        case protected
        /// Not a spreadsheet, or too damaged to trust.
        case notAWorkbook = "not-a-workbook"
        /// Content past the reader's `SheetLimits`.
        case tooLarge = "too-large"
    }

    /// The verdict on the whole file.
    public var outcome: Outcome
    /// Why the file is not readable; `nil` when it is.
    public var problem: String?
    /// The sheets in workbook order, hidden ones included; empty unless readable.
    public var sheets: [SheetContent]
    /// Remarks on a readable file, such as formulas without a cached value.
    public var notes: [String]

    /// Makes an inspection from its parts.
    public init(
        outcome: Outcome, problem: String? = nil, sheets: [SheetContent] = [],
        notes: [String] = []
    ) {
        self.outcome = outcome
        self.problem = problem
        self.sheets = sheets
        self.notes = notes
    }
}
