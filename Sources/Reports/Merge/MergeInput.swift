/// One answer to merge: whose it is, which file, and what it holds.
public struct MergeInput: Sendable {
    /// What an answer holds.
    public enum Content: Sendable {
        /// A spreadsheet as `SpreadsheetReader` read it, readable or not.
        case workbook(SpreadsheetInspection)
        /// Values by header (or form field) name: one row of the template sheet whose
        /// headers they match best.
        case values([String: SheetValue])
        /// A form answer: its values, and its problems as `Problemy` lines.
        case form(FormAnswer)
        /// Nothing to merge, and why: a line of `Problemy`.
        case unusable(MergeProblem.Kind, String)
    }

    /// The institution's code (or the person's login).
    public var code: String
    /// The institution's name.
    public var name: String
    /// The filed name of the file, or a short description of the source.
    public var file: String
    /// What the answer holds.
    public var content: Content

    /// Makes an input from its parts.
    public init(code: String, name: String, file: String, content: Content) {
        self.code = code
        self.name = name
        self.file = file
        self.content = content
    }
}
