/// A1-style names of cells, as staff see them in Excel.
enum CellReference {
    /// The letters of 1-based column `column`: 1 → A, 27 → AA.
    static func column(_ column: Int) -> String {
        var number = max(column, 1)
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `C5` for row 5, column 3.
    static func name(_ position: CellPosition) -> String {
        column(position.column) + String(position.row)
    }
}
