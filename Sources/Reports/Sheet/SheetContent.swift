/// One sheet as read: its name and its non-empty cells, stored sparsely.
public struct SheetContent: Sendable, Equatable {
    /// The sheet's name as the workbook gives it.
    public var name: String
    /// The non-empty cells by position.
    public var cells: [CellPosition: SheetValue]
    /// How many rows hold at least one non-empty cell.
    public private(set) var rows: Int
    /// The column of the rightmost non-empty cell (A = 1); 0 for an empty sheet.
    public private(set) var columns: Int

    /// Makes a sheet from its cells, counting rows and columns from them. Empty values
    /// are dropped.
    public init(name: String, cells: [CellPosition: SheetValue]) {
        self.name = name
        self.cells = cells.filter { !$0.value.isEmpty }
        self.rows = Set(self.cells.keys.map(\.row)).count
        self.columns = self.cells.keys.map(\.column).max() ?? 0
    }

    /// Makes a sheet whose cells are already non-empty and counted.
    init(name: String, checkedCells: [CellPosition: SheetValue], rows: Int, columns: Int) {
        self.name = name
        self.cells = checkedCells
        self.rows = rows
        self.columns = columns
    }

    /// The first `count` non-empty rows, each from column A to its last non-empty cell,
    /// with `nil` for empty cells.
    public func sample(rows count: Int = 3) -> [[SheetValue?]] {
        var byRow: [Int: [Int: SheetValue]] = [:]
        for (position, value) in cells {
            byRow[position.row, default: [:]][position.column] = value
        }

        return byRow.keys.sorted().prefix(count).map { row in
            let values = byRow[row] ?? [:]
            let last = values.keys.max() ?? 0
            return (1...max(last, 1)).map { values[$0] }
        }
    }
}
