/// A sheet's non-empty cells grouped into rows, top to bottom, each row left to right.
struct SheetRows {
    /// One non-empty row.
    struct Row {
        /// The 1-based row number.
        var number: Int
        /// The row's non-empty cells, by column.
        var cells: [(column: Int, value: SheetValue)]

        /// The value in `column`, if any.
        func value(at column: Int) -> SheetValue? {
            var low = 0
            var high = cells.count
            while low < high {
                let middle = (low + high) / 2
                if cells[middle].column < column { low = middle + 1 } else { high = middle }
            }
            guard low < cells.count, cells[low].column == column else { return nil }
            return cells[low].value
        }
    }

    /// The sheet's name.
    let name: String
    /// The rows in order.
    let rows: [Row]

    init(_ content: SheetContent) {
        name = content.name
        var rows: [Row] = []
        for position in content.cells.keys.sorted() {
            guard let value = content.cells[position] else { continue }
            if rows.last?.number == position.row {
                rows[rows.count - 1].cells.append((position.column, value))
            } else {
                rows.append(Row(number: position.row, cells: [(position.column, value)]))
            }
        }
        self.rows = rows
    }
}
