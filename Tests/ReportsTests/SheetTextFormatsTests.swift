import Foundation
import Reports
import Testing

@Suite("Spreadsheet reader: csv and odd containers")
struct SheetTextFormatsTests {
    private let survey = """
        Szkoła;Liczba uczniów;Średnia;Data;Kod
        Zespół Szkół nr 1 w Łodzi;412;4,75;15.03.2024;00123
        "Liceum; im. Żółkiewskiego";1 234;-0,5;2024-03-15 08:30;"wiersz ""cytat""\r\ndrugi"

        """

    @Test("a Polish CSV in Windows-1250 with ; and decimal commas")
    func windows1250() throws {
        let fixtures = try SheetFixtures()
        let bytes = try #require(survey.data(using: .windowsCP1250))
        let url = try fixtures.file("ankieta-2024.csv", [UInt8](bytes))

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.outcome == .readable)
        let sheet = try #require(inspection.sheets.first)
        #expect(sheet.name == "ankieta-2024")
        #expect(sheet.rows == 3)
        #expect(sheet.columns == 5)
        #expect(sheet.cells[CellPosition(row: 2, column: 1)]
                == .text("Zespół Szkół nr 1 w Łodzi"))
        #expect(sheet.cells[CellPosition(row: 2, column: 2)] == .number(412))
        #expect(sheet.cells[CellPosition(row: 2, column: 3)] == .number(4.75))
        #expect(
            sheet.cells[CellPosition(row: 2, column: 4)]
                == .date(SheetDate(day: (2024, 3, 15), secondsOfDay: 0)))
        #expect(sheet.cells[CellPosition(row: 2, column: 5)] == .text("00123"))
        #expect(sheet.cells[CellPosition(row: 3, column: 1)]
                == .text("Liceum; im. Żółkiewskiego"))
        #expect(sheet.cells[CellPosition(row: 3, column: 2)] == .number(1234))
        #expect(sheet.cells[CellPosition(row: 3, column: 3)] == .number(-0.5))
        #expect(
            sheet.cells[CellPosition(row: 3, column: 4)]
                == .date(SheetDate(day: (2024, 3, 15), secondsOfDay: 30_600)))
        #expect(sheet.cells[CellPosition(row: 3, column: 5)] == .text("wiersz \"cytat\"\r\ndrugi"))
    }

    @Test("a CSV in UTF-8 with a BOM reads the same")
    func utf8WithBOM() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.file("ankieta.csv", [0xEF, 0xBB, 0xBF] + Array(survey.utf8))

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(inspection.sheets.first?.cells[CellPosition(row: 1, column: 1)] == .text("Szkoła"))
        #expect(inspection.sheets.first?.rows == 3)
    }

    @Test("a comma-separated CSV keeps decimal points")
    func commaSeparated() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.file("export.csv", Array("a,b,c\n1.5,\"2,5\",x\n".utf8))

        let inspection = SpreadsheetReader.read(fileAt: url)

        #expect(
            inspection.json() == """
                {"outcome": "readable", "problem": null, "sheets": [{"name": "export", "rows": 2, \
                "columns": 3, "sample": [["a", "b", "c"], [1.5, "2,5", "x"]]}]}
                """)
    }

    @Test("impossible dates and times stay text")
    func impossibleDates() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.file("daty.csv", Array("30.02.2024;2023-02-29;29.02.2024\n".utf8))

        let inspection = SpreadsheetReader.read(fileAt: url)

        let cells = try #require(inspection.sheets.first?.cells)
        #expect(cells[CellPosition(row: 1, column: 1)] == .text("30.02.2024"))
        #expect(cells[CellPosition(row: 1, column: 2)] == .text("2023-02-29"))
        #expect(
            cells[CellPosition(row: 1, column: 3)]
                == .date(SheetDate(day: (2024, 2, 29), secondsOfDay: 0)))
    }

    @Test("an OLE2 file with an EncryptionInfo stream is protected")
    func encryptedPackage() throws {
        let fixtures = try SheetFixtures()
        let url = try fixtures.file(
            "zaszyfrowany.xlsx",
            Self.compoundFile(
                streams: ["EncryptionInfo", "EncryptedPackage"]))
        let other = try fixtures.file("dokument.xls", Self.compoundFile(streams: ["WordDocument"]))

        let inspection = SpreadsheetReader.read(fileAt: url)
        let document = SpreadsheetReader.read(fileAt: other)

        #expect(inspection.outcome == .protected)
        #expect(inspection.problem?.contains("password") == true)
        #expect(document.outcome == .notAWorkbook)
    }

    @Test("text that is not CSV, and files that are missing, are not workbooks")
    func notWorkbooks() throws {
        let fixtures = try SheetFixtures()
        let text = try fixtures.file("notatka.xls", Array("Attachment not found!".utf8))

        let inspection = SpreadsheetReader.read(fileAt: text)
        let missing = SpreadsheetReader.read(
            fileAt: fixtures.folder.appendingPathComponent("brak.xlsx"))

        #expect(inspection.outcome == .notAWorkbook)
        #expect(missing.outcome == .notAWorkbook)
        #expect(missing.problem != nil)
    }

    @Test("damaged compound files never crash the reader")
    func damagedCompoundFiles() throws {
        let fixtures = try SheetFixtures()
        let good = Self.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"])
        var generator = SystemRandomNumberGenerator()

        for round in 0..<300 {
            var bytes = good
            for _ in 0..<6 {
                // Hit the header fields and the directory most of the time.
                let range = round % 2 == 0 ? 0x1E..<0x50 : 1024..<1536
                bytes[Int.random(in: range, using: &generator)] = .random(in: 0...255)
            }
            let url = try fixtures.file("zaszyfrowany-\(round % 3).xlsx", bytes)
            let inspection = SpreadsheetReader.read(fileAt: url)
            #expect(inspection.outcome != .readable)
        }
    }

    /// A minimal version 3 compound file: header, one FAT sector, one directory sector
    /// holding a root entry and `streams`.
    static func compoundFile(streams: [String]) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(&header, 0x1A, 3)
        put16(&header, 0x1C, 0xFFFE)
        put16(&header, 0x1E, 9)
        put16(&header, 0x20, 6)
        put32(&header, 0x2C, 1)
        put32(&header, 0x30, 1)
        put32(&header, 0x3C, 0xFFFF_FFFE)
        put32(&header, 0x44, 0xFFFF_FFFE)
        for slot in 0..<109 {
            put32(&header, 0x4C + slot * 4, slot == 0 ? 0 : 0xFFFF_FFFF)
        }

        var fat = [UInt8](repeating: 0xFF, count: 512)
        put32(&fat, 0, 0xFFFF_FFFD)
        put32(&fat, 4, 0xFFFF_FFFE)

        var directory = [UInt8](repeating: 0, count: 512)
        for (index, name) in (["Root Entry"] + streams.prefix(3)).enumerated() {
            let units = Array(name.utf16)
            for (offset, unit) in units.enumerated() {
                put16(&directory, index * 128 + offset * 2, unit)
            }
            put16(&directory, index * 128 + 0x40, UInt16(units.count * 2 + 2))
            directory[index * 128 + 0x42] = index == 0 ? 5 : 2
        }
        return header + fat + directory
    }

    private static func put16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8(value >> 8)
    }

    private static func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for shift in 0..<4 {
            bytes[offset + shift] = UInt8((value >> (8 * shift)) & 0xFF)
        }
    }
}
