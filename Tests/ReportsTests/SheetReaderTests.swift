import Foundation
import Reports
import Testing

@Suite("Spreadsheet reader: xlsx")
struct SheetReaderTests {
    /// The first sheet's sample as the JSON the command prints.
    private func sampleJSON(_ inspection: SpreadsheetInspection) -> String? {
        guard case .array(let sheets)? = SheetTestJSON.parse(inspection.json())?["sheets"]
        else { return nil }
        return sheets.first?["sample"]?.description
    }

    @Test("a workbook written by WorkbookWriter reads back with its types")
    func writerRoundTrip() throws {
        let fixtures = try SheetFixtures()
        let url = fixtures.folder.appendingPathComponent("ankieta.xlsx")
        try WorkbookWriter.write(
            [
                WorkbookSheet(
                    name: "Ankieta",
                    rows: [
                        [.string("Szkoła"), .string("Liczba uczniów"), .string("Stołówka")],
                        [.string("SP 12 im. Jana Kowalskiego"), .number(412), .bool(true)],
                        [.empty, .number(17.5), .bool(false)],
                    ]),
                WorkbookSheet(name: "Uwagi", rows: [[.string("brak")]]),
            ], to: url.path)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .readable)
        #expect(inspection.problem == nil)
        #expect(inspection.sheets.map(\.name) == ["Ankieta", "Uwagi"])
        #expect(inspection.sheets.first?.rows == 3)
        #expect(inspection.sheets.first?.columns == 3)
        #expect(inspection.sheets.first?.cells[CellPosition(row: 2, column: 2)] == .number(412))
        #expect(
            sampleJSON(inspection) == """
                [["Szkoła", "Liczba uczniów", "Stołówka"], ["SP 12 im. Jana Kowalskiego", \
                412.0, true], [null, 17.5, false]]
                """)
    }

    @Test("the JSON rendering has the command's shape, integers without a fraction")
    func jsonShape() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "json.xlsx",
            sheetData: """
                <row r="1"><c r="A1" t="inlineStr"><is><t>Zespół "A"\\1</t></is></c>\
                <c r="C1"><v>3</v></c><c r="D1"><v>0.25</v></c><c r="E1" t="e"><v>#N/A</v></c>\
                </row>
                """)

        let json = SpreadsheetReader.read(fileAt: url).json()

        #expect(
            json == """
                {"outcome": "readable", "problem": null, "sheets": [{"name": "Ankieta", \
                "rows": 1, "columns": 5, "sample": [["Zespół \\"A\\"\\\\1", null, 3, 0.25, \
                "#N/A"]]}]}
                """)
    }

    @Test("rows and cells without r follow the one before; r jumps")
    func cellsWithoutReferences() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "no-r.xlsx",
            sheetData: """
                <row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>\
                <row r="4"><c><v>2</v></c><c r="D4"><v>3</v></c><c><v>4</v></c></row>\
                <row><c r="B5"><v>5</v></c></row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.sheets.first?.rows == 3)
        #expect(inspection.sheets.first?.columns == 5)
        #expect(
            sampleJSON(inspection) == "[[\"a\", 1.0], [2.0, null, null, 3.0, 4.0], [null, 5.0]]")
    }

    @Test("1904 dates, custom and built-in date formats, t=d, time of day and durations")
    func datesByStyle() throws {
        let fixtures = try SheetFixtures()
        let styles = """
            <numFmts count="2"><numFmt numFmtId="164" formatCode="[$-415]d\\ mmmm\\ yyyy;@"/>\
            <numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>\
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
            <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/>\
            <xf numFmtId="165"/><xf numFmtId="20"/></cellXfs>
            """
        let url = try fixtures.xlsx(
            "dates.xlsx",
            sheetData: """
                <row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>1</v></c>\
                <c r="C1" s="2"><v>43101.5</v></c><c r="D1" s="3"><v>1.5</v></c>\
                <c r="E1" s="4"><v>0.75</v></c><c r="F1" t="d"><v>2024-09-02T08:00:00.250Z</v></c>\
                </row>
                """, styles: styles, workbookPr: "<workbookPr date1904=\"true\"/>")

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(
            sampleJSON(inspection) == """
                [[1.0, "1904-01-02", "2022-01-02T12:00:00", 1.5, "18:00:00", \
                "2024-09-02T08:00:00"]]
                """)
    }

    @Test("1900 dates count Excel's phantom leap day")
    func dates1900() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "dates1900.xlsx",
            sheetData: """
                <row r="1"><c r="A1" s="1"><v>59</v></c><c r="B1" s="1"><v>61</v></c>\
                <c r="C1" s="1"><v>45000</v></c></row>
                """, styles: "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>")

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(sampleJSON(inspection) == "[[\"1900-02-28\", \"1900-03-01\", \"2023-03-15\"]]")
    }

    @Test("shared strings: rich runs joined, phonetic runs dropped, trimming and escapes")
    func sharedStrings() throws {
        let fixtures = try SheetFixtures()
        let strings = """
            <si><t>  Gimnazjum  </t></si>\
            <si><r><rPr><b/></rPr><t xml:space="preserve">Liceum </t></r><r><t>nr 3</t></r>\
            <rPh sb="0" eb="1"><t>リ</t></rPh></si>\
            <si><t xml:space="preserve">  wiersz_x000D_
            drugi  </t></si><si><t/></si>
            """
        let url = try fixtures.xlsx(
            "sst.xlsx",
            sheetData: """
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>\
                <c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v/></c>\
                <c r="F1" t="s"><v>99</v></c></row>
                """, sharedStrings: strings)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(
            sampleJSON(inspection)
                == "[[\"Gimnazjum\", \"Liceum nr 3\", \"  wiersz\\r\\ndrugi  \"]]")
        #expect(inspection.sheets.first?.columns == 3)
        #expect(inspection.notes.contains { $0.contains("shared string index") })
    }

    @Test("booleans, errors, cached formula values, and a formula with none is empty and noted")
    func formulas() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "formulas.xlsx",
            sheetData: """
                <row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c>\
                <c r="C1"><f>SUM(1,2)</f><v>3</v></c><c r="D1" t="str"><f>"x"</f><v>x</v></c>\
                <c r="E1"><f t="shared" ref="E1:E2" si="0">A1+1</f></c></row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(sampleJSON(inspection) == "[[true, \"#DIV/0!\", 3.0, \"x\"]]")
        #expect(inspection.notes.contains { $0.contains("formula without a cached value") })
    }

    @Test("cells out of order and repeated positions: the last one wins")
    func outOfOrderCells() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "order.xlsx",
            sheetData: """
                <row r="2"><c r="A2"><v>1</v></c><c r="D2"><v>9</v></c></row>\
                <row r="1"><c r="B1"><v>2</v></c></row>\
                <row r="2"><c r="A2" t="str"><v></v></c><c r="D2" t="str"/><c r="C2"><v>3</v></c>\
                </row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        let sheet = try #require(inspection.sheets.first)
        #expect(
            sheet.cells == [
                CellPosition(row: 1, column: 2): .number(2),
                CellPosition(row: 2, column: 3): .number(3),
            ])
        #expect(sheet.rows == 2)
        #expect(sheet.columns == 3)
    }

    @Test("reads on many threads at once agree with one read")
    func parallelReads() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "parallel.xlsx",
            sheetData: """
                <row><c t="inlineStr"><is><t>Szkoła</t></is></c><c><v>1.5</v></c></row>
                """)
        let expected = SpreadsheetReader.read(fileAt: url)
        let results = ParallelResults(count: 16)

        DispatchQueue.concurrentPerform(iterations: 16) { index in
            results.store(SpreadsheetReader.read(fileAt: url), at: index)
        }

        #expect(expected.outcome == .readable)
        #expect(results.all.count == 16)
        #expect(results.all.allSatisfy { $0 == expected })
    }

    @Test("a lone cell at XFD1048576 is read sparsely")
    func farCell() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "far.xlsx",
            sheetData: """
                <row r="1048576"><c r="XFD1048576"><v>7</v></c></row>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .readable)
        #expect(inspection.sheets.first?.columns == 16_384)
        #expect(inspection.sheets.first?.rows == 1)
        #expect(inspection.sheets.first?.cells.count == 1)
    }

    @Test("part names resolve through the rels case-insensitively, absolute or backslashed")
    func oddPartNames() throws {
        let fixtures = try SheetFixtures()
        let absolute = try fixtures.xlsx(
            "absolute.xlsx", sheetData: "<row><c><v>1</v></c></row>",
            sheetPart: "worksheets/Sheet1.xml", sheetTarget: "/XL/WORKSHEETS/SHEET1.XML")
        let backslashed = try fixtures.xlsx(
            "backslash.xlsx", sheetData: "<row><c><v>2</v></c></row>",
            sheetTarget: "worksheets\\sheet1.xml")

        let first = SpreadsheetReader.read(fileAt: absolute)
        let second = SpreadsheetReader.read(fileAt: backslashed)

        #expect(first.sheets.first?.cells[CellPosition(row: 1, column: 1)] == .number(1))
        #expect(second.sheets.first?.cells[CellPosition(row: 1, column: 1)] == .number(2))
    }

    @Test("a DOCTYPE is refused without expanding its entities")
    func doctypeRefused() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.xlsx(
            "doctype.xlsx", sheetData: "<row><c t=\"inlineStr\"><is><t>&a;</t></is></c></row>",
            sheetPrologue: """
                <!DOCTYPE worksheet [<!ENTITY b "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb">\
                <!ENTITY a "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
                """)

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .notAWorkbook)
        #expect(inspection.problem?.contains("DOCTYPE") == true)
        #expect(inspection.sheets.isEmpty)
    }

    @Test(
        "damaged, empty, foreign and truncated files are refused, never a crash",
        arguments: [0, 1, 7, 100, 1000])
    func damagedFiles(cut: Int) throws {
        let fixtures = try SheetFixtures()
        let good = try WorkbookWriter.data([WorkbookSheet(name: "A", rows: [[.number(1)]])])
        let url = try fixtures.file("cut.xlsx", Array(good.prefix(cut)))

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .notAWorkbook)
        #expect(inspection.problem?.isEmpty == false)
        #expect(inspection.sheets.isEmpty)
    }

    @Test("flipped bytes in a workbook never crash the reader")
    func flippedBytes() throws {
        let fixtures = try SheetFixtures()
        let good = [UInt8](
            try WorkbookWriter.data([
                WorkbookSheet(name: "A", rows: [[.string("x"), .number(1)], [.bool(true)]])
            ]))
        var generator = SystemRandomNumberGenerator()

        var outcomes: Set<String> = []
        for _ in 0..<150 {
            var bytes = good
            for _ in 0..<4 {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = .random(in: 0...255)
            }
            let url = try fixtures.file("flip.xlsx", bytes)
            let inspection = SpreadsheetReader.read(fileAt: url)
            outcomes.insert(inspection.outcome.rawValue)
            #expect(inspection.outcome == .readable || inspection.problem != nil)
        }

        #expect(!outcomes.isEmpty)
    }

    @Test("mangled worksheet, shared-string and ODS markup never crash the reader")
    func mangledMarkup() throws {
        let fixtures = try SheetFixtures()
        let sheet = Array(
            """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000.25</v></c>\
            <c t="inlineStr"><is><r><t xml:space="preserve"> a_x000D_</t></r></is></c></row>\
            <row><c r="$C$9" t="d"><v>2024-02-30T25:61:00</v></c><c t="b"><v>2</v></c></row>
            """)
        let strings = Array("<si><t>x</t><rPh><t>y</t></rPh></si><si><r><t>z</t></r></si>")
        let rows = Array(
            """
            <table:table-row table:number-rows-repeated="3"><table:table-cell \
            office:value-type="time" office:time-value="PT30H1M"/><table:table-cell \
            office:value-type="string"><text:p>a<text:s text:c="x"/></text:p></table:table-cell>\
            </table:table-row>
            """)
        let pieces: [Character] = ["<", ">", "/", "\"", "=", "&", ";", "#", "x", "1", " "]
        var generator = SystemRandomNumberGenerator()
        func mangle(_ text: [Character]) -> String {
            var copy = text
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let at = Int.random(in: 0..<copy.count, using: &generator)
                if Bool.random(using: &generator) {
                    copy[at] = pieces.randomElement(using: &generator) ?? "<"
                } else {
                    copy.remove(at: at)
                }
            }
            return String(copy)
        }

        for round in 0..<120 {
            let xlsx = try fixtures.xlsx(
                "m\(round).xlsx", sheetData: mangle(sheet), sharedStrings: mangle(strings),
                styles: "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/></cellXfs>")
            let ods = try fixtures.ods("m\(round).ods", rows: mangle(rows))
            for url in [xlsx, ods] {
                let inspection = SpreadsheetReader.read(fileAt: url)
                #expect(inspection.outcome == .readable || inspection.problem != nil)
                _ = inspection.json()
            }
        }
    }
}

/// Results written from many threads, guarded by a lock.
private final class ParallelResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [SpreadsheetInspection?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func store(_ value: SpreadsheetInspection, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        values[index] = value
    }

    var all: [SpreadsheetInspection] {
        lock.lock()
        defer { lock.unlock() }
        return values.compactMap { $0 }
    }
}
