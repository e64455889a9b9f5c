/// Collects one sheet's cells while a format reader walks it, enforcing `SheetLimits` as
/// each cell arrives. Cells are stored sparsely: a lone cell at XFD1048576 costs one entry.
struct SheetBuilder {
    /// The largest row and column Excel addresses; cells past them are dropped.
    static let lastRow = 1_048_576
    static let lastColumn = 16_384

    let name: String
    private let budget: CellBudget
    private var cells: [CellPosition: SheetValue] = [:]
    private var rowCounts: [Int: Int] = [:]
    private var maxColumn = 0

    init(name: String, budget: CellBudget) {
        self.name = name
        self.budget = budget
    }

    /// Stores `value` at a 1-based position; an empty value clears the cell.
    /// - Throws: `SheetFailure` (too large) past the cell or row limit.
    mutating func set(_ value: SheetValue, row: Int, column: Int) throws {
        guard (1...Self.lastRow).contains(row), (1...Self.lastColumn).contains(column) else {
            return
        }
        let position = CellPosition(row: row, column: column)
        guard !value.isEmpty else {
            remove(position)
            return
        }

        guard cells.updateValue(value, forKey: position) == nil else { return }
        try budget.spend(1)
        rowCounts[row, default: 0] += 1
        guard rowCounts.count <= budget.limits.maxRows else {
            throw SheetFailure.tooLarge(
                "sheet \"\(name)\" has more than \(budget.limits.maxRows) non-empty rows")
        }
        maxColumn = max(maxColumn, column)
    }

    /// Whether a cell is stored at a position.
    func has(row: Int, column: Int) -> Bool {
        cells[CellPosition(row: row, column: column)] != nil
    }

    /// The finished sheet.
    func build() -> SheetContent {
        let columns = rowCounts.isEmpty ? 0 : maxColumn
        return SheetContent(
            name: name, checkedCells: cells, rows: rowCounts.count, columns: columns)
    }

    private mutating func remove(_ position: CellPosition) {
        guard cells.removeValue(forKey: position) != nil else { return }
        budget.refund(1)
        rowCounts[position.row, default: 1] -= 1
        if rowCounts[position.row] == 0 {
            rowCounts[position.row] = nil
        }
        if position.column == maxColumn {
            maxColumn = cells.keys.map(\.column).max() ?? 0
        }
    }
}
