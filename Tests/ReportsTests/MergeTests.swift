import Foundation
import Ledger
import Reports
import Testing

@Suite("Merging answers")
struct MergeTests {
    typealias Kind = MergeProblem.Kind

    static let headers = ["Liczba uczniów", "Liczba oddziałów", "Uwagi"]

    static func name(_ code: String) -> String { "Szkoła Podstawowa nr \(code.dropFirst(2))" }

    /// The template as staff attach it: a title row above the headers.
    static func template() throws -> Data {
        try MergeFixture.workbook([WorkbookSheet(name: "Ankieta", rows: [
            [.string("Ankieta: uczniowie i oddziały")],
            headers.map(WorkbookCell.string),
        ])])
    }

    /// Answers with the quirks of several producers, filed in a temporary ledger.
    static func quirkyFixture() throws -> MergeFixture {
        let fixture = try MergeFixture(template: ("ankieta.xlsx", try template()))
        let sheets = try SheetFixtures()

        // SP1: the template as sent, plus a scanned letter.
        try fixture.answer("SP1", [
            ("ankieta SP1.xlsx", try MergeFixture.workbook([WorkbookSheet(name: "Ankieta", rows: [
                [.string("Ankieta: uczniowie i oddziały")],
                headers.map(WorkbookCell.string),
                [.number(250), .number(10), .string("brak")],
            ])])),
            ("pismo.pdf", Data("%PDF-1.4 invented".utf8)),
        ])
        // SP2: columns in another order, a formula-looking text.
        try fixture.answer("SP2", [("odp.xlsx", try MergeFixture.workbook([
            WorkbookSheet(name: "Ankieta", rows: [
                [.string("Uwagi"), .string("Liczba oddziałów"), .string("Liczba uczniów")],
                [.string("ok"), .number(8), .number(200)],
                [.string("=SUM(A1)"), .number(9), .number(210)],
            ])]))])
        // SP3: rows above, a renamed sheet, a header without diacritics, a number stored
        // as text, an extra column, and a sheet of its own.
        try fixture.answer("SP3", [("SP3.xlsx", try MergeFixture.workbook([
            WorkbookSheet(name: "Arkusz1", rows: [
                [.string("Szkoła Podstawowa nr 3 – ankieta 2026")],
                [],
                [.string("liczba UCZNIOW"), .string("Liczba  oddziałów"), .string("Uwagi"),
                 .string("Telefon")],
                [.number(300), .string("12"), .string("uwaga"), .string("501 234 567")],
            ]),
            WorkbookSheet(name: "Notatki", rows: [[.string("do sprawdzenia")]]),
        ]))])
        // SP4: CSV with semicolons and a decimal comma, in Windows-1250.
        let csv = "Liczba uczniów;Liczba oddziałów;Uwagi\r\n"
            + "180;7,5;Zażółć gęślą jaźń\r\n"
        try fixture.answer("SP4", [("dane.csv", try #require(csv.data(using: .windowsCP1250)))])
        // SP5: a workbook cut short; SP6: an encrypted one.
        let whole = try MergeFixture.workbook([WorkbookSheet(name: "Ankieta", rows: [
            headers.map(WorkbookCell.string)])])
        try fixture.answer("SP5", [("zepsuty.xlsx", whole.prefix(whole.count / 2))])
        let encrypted = SheetTextFormatsTests.compoundFile(
            streams: ["EncryptionInfo", "EncryptedPackage"])
        try fixture.answer("SP6", [("haslo.xlsx", Data(encrypted))])
        // SP7 does not answer. SP8: a formula saved without its value.
        let formula = try sheets.xlsx("SP8.xlsx", sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>Liczba uczniów</t></is></c>\
            <c r="B1" t="inlineStr"><is><t>Liczba oddziałów</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>Uwagi</t></is></c></row>\
            <row r="2"><c r="A2"><f>SUM(B2:B2)</f></c><c r="B2"><v>3</v></c>\
            <c r="C2" t="inlineStr"><is><t>x</t></is></c></row>
            """)
        try fixture.answer("SP8", [("SP8.xlsx", try Data(contentsOf: formula))])
        return fixture
    }

    @Test("answers of several producers land in the template's columns, cell by cell")
    func quirks() throws {
        let fixture = try Self.quirkyFixture()
        let output = fixture.folder.appending(path: "zestawienie.xlsx")

        let merge = DispatchMerge(ledger: fixture.ledger, dispatch: fixture.id)
        let result = try merge.run(template: try merge.template())
        try result.write(to: output.path)
        let written = SpreadsheetReader.read(fileAt: output)

        #expect(written.outcome == .readable)
        #expect(written.notes.isEmpty)
        #expect(written.sheets.map(\.name) == ["Ankieta", "Problemy"])
        func row(_ code: String, _ file: String, _ values: [SheetValue?]) -> [SheetValue?] {
            [.text(code), .text(Self.name(code)), .text(file)] + values
        }
        let expected = MergeFixture.expected([
            (["Kod", "Nazwa", "Plik"] + Self.headers).map { .text($0) },
            row("SP1", "SP1_1.xlsx", [.number(250), .number(10), .text("brak")]),
            row("SP2", "SP2_1.xlsx", [.number(200), .number(8), .text("ok")]),
            row("SP2", "SP2_1.xlsx", [.number(210), .number(9), .text("=SUM(A1)")]),
            row("SP3", "SP3_1.xlsx", [.number(300), .number(12), .text("uwaga")]),
            row("SP4", "SP4_1.csv",
                [.number(180), .number(7.5), .text("Zażółć gęślą jaźń")]),
            row("SP8", "SP8_1.xlsx", [nil, .number(3), .text("x")]),
        ])
        #expect(MergeFixture.cells(of: "Ankieta", in: written) == expected)
        #expect(result.mergedFiles == 5)
        #expect(result.mergedRows == 6)
    }

    @Test("Problemy lists each file that does not fit, and who did not answer")
    func problems() throws {
        let fixture = try Self.quirkyFixture()
        let output = fixture.folder.appending(path: "zestawienie.xlsx")

        let merge = DispatchMerge(ledger: fixture.ledger, dispatch: fixture.id)
        try merge.run(template: try merge.template()).write(to: output.path)
        let written = SpreadsheetReader.read(fileAt: output)

        let sheet = try #require(written.sheets.first { $0.name == "Problemy" })
        let lines = sheet.sample(rows: 1000).map { row in
            (0..<8).map { index -> String in
                guard index < row.count, case .text(let text)? = row[index] else { return "" }
                return text
            }
        }
        #expect(lines.first == MergeProblem.headers)
        // code, file, sheet, cell, kind, original
        let brief = lines.dropFirst().map { [$0[0], $0[2], $0[3], $0[4], $0[5], $0[7]] }
        #expect(brief == [
            ["SP1", "SP1_2.pdf", "", "", Kind.notASpreadsheet.rawValue, ""],
            ["SP2", "SP2_1.xlsx", "Ankieta", "", Kind.columnsReordered.rawValue, ""],
            ["SP2", "SP2_1.xlsx", "Ankieta", "A3", Kind.formulaText.rawValue, "=SUM(A1)"],
            ["SP3", "SP3_1.xlsx", "Arkusz1", "", Kind.sheetRenamed.rawValue, ""],
            ["SP3", "SP3_1.xlsx", "Arkusz1", "A3", Kind.headerMoved.rawValue, ""],
            ["SP3", "SP3_1.xlsx", "Arkusz1", "A3", Kind.columnRenamed.rawValue,
             "liczba UCZNIOW"],
            ["SP3", "SP3_1.xlsx", "Arkusz1", "D3", Kind.extraColumn.rawValue, ""],
            ["SP3", "SP3_1.xlsx", "Arkusz1", "B4", Kind.textToNumber.rawValue, "12"],
            ["SP3", "SP3_1.xlsx", "Notatki", "", Kind.extraSheet.rawValue, ""],
            ["SP5", "SP5_1.xlsx", "", "", Kind.unreadable.rawValue, ""],
            ["SP6", "SP6_1.xlsx", "", "", Kind.protected.rawValue, ""],
            ["SP8", "SP8_1.xlsx", "", "", Kind.formulaWithoutValue.rawValue, ""],
            ["SP7", "", "", "", Kind.noAnswer.rawValue, ""],
        ])
        #expect(lines.allSatisfy { $0[1].hasPrefix("Szkoła Podstawowa nr") || $0[0] == "Kod" })
        #expect(lines.dropFirst().allSatisfy { !$0[6].isEmpty })
    }

    @Test("the header row of the template is found under a title row")
    func templateShape() throws {
        let fixture = try MergeFixture(template: ("ankieta.xlsx", try Self.template()))

        let template = try DispatchMerge(ledger: fixture.ledger, dispatch: fixture.id).template()

        #expect(template.sheets == [
            MergeTemplate.Sheet(name: "Ankieta", headerRow: 2, headers: Self.headers)
        ])
    }

    @Test("without a spreadsheet attached and without --template the merge refuses")
    func noTemplate() throws {
        let fixture = try MergeFixture(template: ("pismo.pdf", Data("%PDF".utf8)))

        let merge = DispatchMerge(ledger: fixture.ledger, dispatch: fixture.id)

        #expect(throws: MergeError.self) { try merge.template() }
        let textTemplate = fixture.folder.appending(path: "szablon.csv")
        try Data("Kod;Liczba uczniów\r\n".utf8).write(to: textTemplate)
        #expect(try merge.template(from: textTemplate).sheets.map(\.headers)
            == [["Kod", "Liczba uczniów"]])
    }

    @Test("a recipient who answered without a file is listed, not merged")
    func answerWithoutFile() throws {
        let fixture = try MergeFixture(template: ("ankieta.xlsx", try Self.template()))
        try fixture.answer("SP1", [])

        let merge = DispatchMerge(ledger: fixture.ledger, dispatch: fixture.id)
        let result = try merge.run(template: try merge.template())

        let kinds = Dictionary(grouping: result.problems, by: \.code).mapValues { $0.map(\.kind) }
        #expect(kinds["SP1"] == [.noSpreadsheet])
        #expect(kinds["SP2"] == [.noAnswer])
        #expect(result.problems.count == MergeFixture.codes.count)
        #expect(result.mergedRows == 0)
    }
}
