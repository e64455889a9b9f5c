import Foundation
import Reports
import Testing

@Suite("Spreadsheet reader: limits")
struct SheetLimitsTests {
    @Test("a zip bomb is too large while inflating, whatever its headers say")
    func zipBomb() throws {
        let fixtures = try SheetFixtures()
        let padding = String(repeating: " ", count: 30 * 1024 * 1024)
        let url = try fixtures.xlsx("bomb.xlsx", sheetData: "<row><c><v>1</v></c></row>" + padding)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .tooLarge)
        #expect(inspection.problem?.contains("inflates more than 200 times") == true)
        #expect(inspection.sheets.isEmpty)
    }

    @Test("the inflated byte limit holds across all parts")
    func inflatedBytes() throws {
        let fixtures = try SheetFixtures()
        let text = (1...3000).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }
        let url = try fixtures.xlsx("bytes.xlsx", sheetData: text.joined())
        var limits = SheetLimits.default
        limits.maxBytes = 50_000

        let inspection = SpreadsheetReader.read(fileAt: url, limits: limits)

        #expect(inspection.outcome == .tooLarge)
        #expect(inspection.problem?.contains("50000 bytes") == true)
    }

    @Test("cells and rows past the limits make the workbook too large")
    func cellAndRowLimits() throws {
        let fixtures = try SheetFixtures()
        let url = fixtures.folder.appendingPathComponent("grid.xlsx")
        let rows = (0..<20).map { row in (0..<10).map { WorkbookCell.number(Double(row * $0)) } }
        try WorkbookWriter.write([WorkbookSheet(name: "Siatka", rows: rows)], to: url.path)
        var fewCells = SheetLimits.default
        fewCells.maxCells = 150
        var fewRows = SheetLimits.default
        fewRows.maxRows = 19

        let all = SpreadsheetReader.read(fileAt: url)
        let cells = SpreadsheetReader.read(fileAt: url, limits: fewCells)
        let lines = SpreadsheetReader.read(fileAt: url, limits: fewRows)

        #expect(all.outcome == .readable)
        #expect(all.sheets.first?.cells.count == 200)
        #expect(cells.outcome == .tooLarge)
        #expect(cells.problem?.contains("150 non-empty cells") == true)
        #expect(lines.outcome == .tooLarge)
        #expect(lines.problem?.contains("19 non-empty rows") == true)
    }

    @Test("an ODS repeat bomb is refused before expanding")
    func odsRepeatBomb() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.ods(
            "bomb.ods",
            rows: """
                <table:table-row table:number-rows-repeated="999999999">\
                <table:table-cell table:number-columns-repeated="999999999" \
                office:value-type="string"><text:p>X</text:p></table:table-cell></table:table-row>
                """)

        let clock = ContinuousClock()
        let start = clock.now
        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .tooLarge)
        #expect(clock.now - start < .seconds(5))
    }

    @Test("ODS space runs cannot grow one cell past Excel's text limit")
    func odsSpaceBomb() throws {
        let fixtures = try SheetFixtures()
        let spaces = String(repeating: "<text:s text:c=\"1000\"/>", count: 200)
        let url = try fixtures.ods(
            "spaces.ods",
            rows: """
                <table:table-row><table:table-cell office:value-type="string">\
                <text:p>\(spaces)</text:p></table:table-cell></table:table-row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .tooLarge)
        #expect(inspection.problem?.contains("bytes of text") == true)
    }

    @Test("a CSV with more rows than the limit is too large")
    func csvRows() throws {
        let fixtures = try SheetFixtures()
        let text = (1...50).map { "szkoła \($0);\($0)" }.joined(separator: "\r\n")
        let url = try fixtures.file("dlugi.csv", Array(text.utf8))
        var limits = SheetLimits.default
        limits.maxRows = 40

        let inspection = SpreadsheetReader.read(fileAt: url, limits: limits)
        let unlimited = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .tooLarge)
        #expect(unlimited.sheets.first?.rows == 50)
        #expect(unlimited.sheets.first?.cells[CellPosition(row: 50, column: 2)] == .number(50))
    }

    @Test("repeated empty ODS rows and columns are skipped, not stored")
    func odsEmptyRepeats() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.ods(
            "repeats.ods",
            rows: """
                <table:table-row><table:table-cell office:value-type="string"><text:p>Szkoła\
                <text:s text:c="2"/>nr 5</text:p><text:p>Kraków</text:p></table:table-cell>\
                <table:table-cell table:number-columns-repeated="2"/>\
                <table:table-cell office:value-type="float" office:value="3.5"/>\
                <table:table-cell table:number-columns-repeated="16380"/></table:table-row>\
                <table:table-row table:number-rows-repeated="1048570"><table:table-cell \
                table:number-columns-repeated="16384"/></table:table-row>\
                <table:table-row><table:table-cell table:number-columns-repeated="2" \
                office:value-type="boolean" office:boolean-value="true"/>\
                <table:covered-table-cell office:value-type="date" \
                office:date-value="2024-09-02"/>\
                </table:table-row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .readable)
        #expect(inspection.sheets.map(\.name) == ["Arkusz1"])
        #expect(inspection.sheets.first?.rows == 2)
        #expect(inspection.sheets.first?.columns == 4)
        #expect(
            inspection.sheets.first?.cells[CellPosition(row: 1, column: 1)]
                == .text("Szkoła  nr 5\nKraków"))
        #expect(
            inspection.sheets.first?.cells[CellPosition(row: 1_048_572, column: 3)]
                == .date(SheetDate(day: (2024, 9, 2), secondsOfDay: 0)))
    }

    @Test(
        "a measured read of a generated 1,000,000-cell workbook",
        .enabled(
            if: ProcessInfo.processInfo.environment["SHEET_MEASURE"] != nil,
            "set SHEET_MEASURE=1 to measure reading speed"))
    func measureMillionCells() throws {
        let fixtures = try SheetFixtures()
        let url = fixtures.folder.appendingPathComponent("million.xlsx")
        let rows = (0..<50_000).map { row in
            (0..<20).map { column in
                column % 4 == 0
                    ? WorkbookCell.string("Szkoła \(row % 97)")
                    : WorkbookCell.number(Double(row * column) / 4)
            }
        }
        try WorkbookWriter.write([WorkbookSheet(name: "Dane", rows: rows)], to: url.path)

        let clock = ContinuousClock()
        let start = clock.now
        let inspection = SpreadsheetReader.read(fileAt: url)
        let elapsed = clock.now - start

        let seconds =
            Double(elapsed.components.seconds)
            + Double(elapsed.components.attoseconds) / 1e18
        print("read 1,000,000 cells in \(seconds) s: \(Int(1_000_000 / seconds)) cells/s")
        #expect(inspection.outcome == .readable)
        #expect(inspection.sheets.first?.cells.count == 1_000_000)
    }
}
