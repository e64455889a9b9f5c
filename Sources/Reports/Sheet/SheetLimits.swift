/// The most a reader accepts from one file before it calls the file too large. Each
/// limit is checked against what is actually read, never against sizes a file declares.
public struct SheetLimits: Sendable, Equatable {
    /// The most non-empty cells in the whole workbook.
    public var maxCells: Int
    /// The most non-empty rows in one sheet.
    public var maxRows: Int
    /// The most bytes inflated from a zip, all entries together, or read from a plain file.
    public var maxBytes: Int
    /// The highest ratio of inflated to compressed bytes in one zip entry.
    public var maxCompressionRatio: Int
    /// How many bytes an entry may inflate to before its ratio is checked.
    public var ratioGrace: Int

    /// 2 million cells, 100,000 rows a sheet, 200 MB, ratio 200 past the first megabyte.
    public static let `default` = SheetLimits(
        maxCells: 2_000_000, maxRows: 100_000, maxBytes: 200 * 1024 * 1024,
        maxCompressionRatio: 200, ratioGrace: 1024 * 1024
    )

    /// Makes limits from their values.
    public init(
        maxCells: Int, maxRows: Int, maxBytes: Int, maxCompressionRatio: Int, ratioGrace: Int
    ) {
        self.maxCells = maxCells
        self.maxRows = maxRows
        self.maxBytes = maxBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGrace = ratioGrace
    }
}
