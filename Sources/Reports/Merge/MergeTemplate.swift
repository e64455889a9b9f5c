/// The shape the answers should have: per template sheet, its header texts and where
/// they stand. Made from the template workbook (the dispatch's attachment) or from a form.
public struct MergeTemplate: Sendable, Equatable {
    /// One sheet of the template.
    public struct Sheet: Sendable, Equatable {
        /// The sheet's name; the merged workbook uses it for its sheet.
        public var name: String
        /// The 1-based row of the headers.
        public var headerRow: Int
        /// The header texts, left to right.
        public var headers: [String]
        /// The 1-based column of each header, in the same order.
        public var columns: [Int]

        /// Makes a template sheet from its parts.
        public init(name: String, headerRow: Int = 1, headers: [String], columns: [Int]? = nil) {
            self.name = name
            self.headerRow = headerRow
            self.headers = headers
            self.columns = columns ?? headers.indices.map { $0 + 1 }
        }
    }

    /// The template's sheets with headers, in workbook order.
    public var sheets: [Sheet]

    /// How many top rows of a sheet are searched for its header row.
    static let headerSearchRows = 50

    /// Makes a template from its sheets.
    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The template a workbook gives: in each sheet, among its first 50 non-empty rows,
    /// the row with the most text cells (the first of equals) is the header row. Sheets
    /// without text are left out.
    /// - Throws: `MergeError.template` when the workbook is not readable or has no
    ///   header row anywhere.
    public init(inspection: SpreadsheetInspection) throws {
        guard inspection.outcome == .readable else {
            throw MergeError.template(
                "the template is \(inspection.outcome.rawValue): "
                    + (inspection.problem ?? "no reason given"))
        }
        sheets = inspection.sheets.compactMap(Self.templateSheet)
        guard !sheets.isEmpty else {
            throw MergeError.template("the template has no sheet with a header row")
        }
    }

    private static func templateSheet(_ content: SheetContent) -> Sheet? {
        var textByRow: [Int: [(column: Int, text: String)]] = [:]
        for (position, value) in content.cells {
            guard case .text(let text) = value,
                !HeaderText.normalized(text).isEmpty
            else { continue }
            textByRow[position.row, default: []].append((position.column, text))
        }
        let allRows = Set(content.cells.keys.map(\.row)).sorted().prefix(headerSearchRows)

        var best: (row: Int, cells: [(column: Int, text: String)])?
        for row in allRows {
            let cells = textByRow[row] ?? []
            if cells.count > (best?.cells.count ?? 0) { best = (row, cells) }
        }
        guard let best else { return nil }

        let ordered = best.cells.sorted { $0.column < $1.column }
        return Sheet(
            name: content.name, headerRow: best.row, headers: ordered.map(\.text),
            columns: ordered.map(\.column))
    }
}
