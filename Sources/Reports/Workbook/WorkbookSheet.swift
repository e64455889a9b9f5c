/// One cell of a sheet to be written.
public enum WorkbookCell: Sendable, Hashable {
    /// Text, always stored as a string cell: `=SUM(A1)` stays text and never a formula.
    case string(String)
    /// A number; NaN and infinities, which a workbook cannot hold, are written as text.
    case number(Double)
    case bool(Bool)
    /// Nothing is written for this cell.
    case empty
}

/// A named sheet of rows of cells.
public struct WorkbookSheet: Sendable, Hashable {
    /// The tab name: at most 31 characters, none of `[ ] : * ? / \`, not starting or
    /// ending with `'`, unique within the workbook.
    public var name: String
    /// The rows from the top; rows may differ in length.
    public var rows: [[WorkbookCell]]

    /// A sheet named `name` holding `rows`.
    public init(name: String, rows: [[WorkbookCell]]) {
        self.name = name
        self.rows = rows
    }
}
