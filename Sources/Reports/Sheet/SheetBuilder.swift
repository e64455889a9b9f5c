/// Collects one sheet's cells while a format reader walks it, enforcing `SheetLimits` as
/// each cell arrives. Cells are stored sparsely: a lone cell at XFD1048576 costs one entry.
///
/// Cells nearly always arrive in row and column order; they are appended to a list then,
/// and hashed once at the end. The first cell out of order, or a cleared cell, moves
/// everything to a dictionary.
struct SheetBuilder {
    /// The largest row and column Excel addresses; cells past them are dropped.
    static let lastRow = 1_048_576
    static let lastColumn = 16_384

    let name: String
    private let budget: CellBudget
    private var isOrdered = true
    private var ordered: [(position: CellPosition, value: SheetValue)] = []
    private var orderedRows = 0
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

        if isOrdered, ordered.last.map({ $0.position < position }) ?? true {
            guard !value.isEmpty else { return }
            try budget.spend(1)
            if ordered.last?.position.row != row {
                orderedRows += 1
                try checkRows(orderedRows)
            }
            ordered.append((position, value))
            maxColumn = max(maxColumn, column)
            return
        }

        moveToDictionary()
        guard !value.isEmpty else {
            remove(position)
            return
        }
        guard cells.updateValue(value, forKey: position) == nil else { return }
        try budget.spend(1)
        rowCounts[row, default: 0] += 1
        try checkRows(rowCounts.count)
        maxColumn = max(maxColumn, column)
    }

    /// The finished sheet.
    func build() -> SheetContent {
        guard isOrdered else {
            let columns = rowCounts.isEmpty ? 0 : maxColumn
            return SheetContent(
                name: name, checkedCells: cells, rows: rowCounts.count, columns: columns)
        }

        var all = [CellPosition: SheetValue](minimumCapacity: ordered.count)
        for (position, value) in ordered {
            all[position] = value
        }
        return SheetContent(
            name: name, checkedCells: all, rows: orderedRows,
            columns: ordered.isEmpty ? 0 : maxColumn)
    }

    // MARK: - Private

    private func checkRows(_ count: Int) throws {
        guard count <= budget.limits.maxRows else {
            throw SheetFailure.tooLarge(
                "sheet \"\(name)\" has more than \(budget.limits.maxRows) non-empty rows")
        }
    }

    private mutating func moveToDictionary() {
        guard isOrdered else { return }
        isOrdered = false
        cells.reserveCapacity(ordered.count)
        for (position, value) in ordered {
            cells[position] = value
            rowCounts[position.row, default: 0] += 1
        }
        ordered = []
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
