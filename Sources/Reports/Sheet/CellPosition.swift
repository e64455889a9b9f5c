/// A 1-based cell position: row 1 is the first row, column 1 is column A.
public struct CellPosition: Hashable, Sendable, Comparable {
    /// The 1-based row number.
    public var row: Int
    /// The 1-based column number (A = 1).
    public var column: Int

    /// Makes a position from a 1-based row and column.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Orders positions row by row, then by column.
    public static func < (lhs: CellPosition, rhs: CellPosition) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}
