import Foundation
import Reports
import Testing

@Suite("Merging: matching the template's shape")
struct MergeShapeTests {
    static let template = MergeTemplate(sheets: [
        MergeTemplate.Sheet(name: "Dane", headers: ["Kod ucznia", "Wiek", "Klasa"]),
        MergeTemplate.Sheet(name: "Kadra", headers: ["Etaty", "Wakaty"]),
    ])

    static func input(_ sheets: [SheetContent], code: String = "SP1") -> MergeInput {
        MergeInput(code: code, name: "Szkoła \(code)", file: "\(code).xlsx",
                   content: .workbook(SpreadsheetInspection(outcome: .readable, sheets: sheets)))
    }

    static func sheet(_ name: String, _ rows: [[SheetValue?]]) -> SheetContent {
        SheetContent(name: name, cells: MergeFixture.expected(rows))
    }

    @Test("renamed sheets are matched by headers, each answer sheet to one template sheet")
    func sheetsByHeaders() {
        let answer = Self.input([
            Self.sheet("Arkusz2", [[.text("Etaty"), .text("Wakaty")], [.number(30), .number(2)]]),
            Self.sheet("Arkusz1", [[.text("Kod ucznia"), .text("Wiek"), .text("Klasa")],
                                   [.text("A-1"), .number(10), .text("4b")]]),
        ])

        let result = SheetMerge(template: Self.template).merge([answer])

        #expect(result.sheets.map(\.name) == ["Dane", "Kadra"])
        #expect(result.sheets[0].rows.last == [.string("SP1"), .string("Szkoła SP1"),
            .string("SP1.xlsx"), .string("A-1"), .number(10), .string("4b")])
        #expect(result.sheets[1].rows.last == [.string("SP1"), .string("Szkoła SP1"),
            .string("SP1.xlsx"), .number(30), .number(2)])
        #expect(result.problems.map(\.kind) == [.sheetRenamed, .sheetRenamed])
    }

    @Test("a renamed column keeps its place; a missing one is reported and left empty")
    func renamedAndMissing() {
        let renamed = Self.input([
            Self.sheet("Dane", [[.text("Kod ucznia"), .text("Ile lat"), .text("Klasa")],
                                [.text("B-2"), .number(11), .text("5a")]]),
        ])
        let missing = Self.input([
            Self.sheet("Dane", [[.text("Kod ucznia"), .text("Klasa")],
                                [.text("C-3"), .text("6c")]]),
        ], code: "SP2")

        let result = SheetMerge(template: Self.template).merge([renamed, missing])

        #expect(result.sheets[0].rows.dropFirst().map { Array($0.dropFirst(3)) } == [
            [.string("B-2"), .number(11), .string("5a")],
            [.string("C-3"), .empty, .string("6c")],
        ])
        let lines = result.problems.map { [$0.code, $0.kind.rawValue, $0.cell, $0.original] }
        #expect(lines == [
            ["SP1", MergeProblem.Kind.columnRenamed.rawValue, "B1", "Ile lat"],
            ["SP1", MergeProblem.Kind.sheetMissing.rawValue, "", ""],
            ["SP2", MergeProblem.Kind.columnMissing.rawValue, "", ""],
            ["SP2", MergeProblem.Kind.sheetMissing.rawValue, "", ""],
        ])
    }

    @Test("a sheet whose headers do not match is not merged at all")
    func unrelatedSheet() {
        let answer = Self.input([Self.sheet("Dane", [[.text("Imię"), .text("Nazwisko")],
                                                      [.text("Jan"), .text("Nowak")]])])

        let result = SheetMerge(template: Self.template).merge([answer])

        #expect(result.mergedRows == 0)
        #expect(result.mergedFiles == 0)
        #expect(result.problems.map(\.kind) == [.sheetMissing, .sheetMissing, .extraSheet])
        #expect(result.problems[0].detail.contains("nie ma nagłówków szablonu"))
    }

    @Test("decimal commas and spaced thousands in text become numbers; codes stay text")
    func textNumbers() {
        let answer = Self.input([Self.sheet("Dane", [
            [.text("Kod ucznia"), .text("Wiek"), .text("Klasa")],
            [.text("007"), .text("10,5"), .text("+48 12")],
            [.text("1 234"), .text("-3"), .text("@klasa")],
            [.error("#DIV/0!"), .date(SheetDate(day: (2026, 3, 15), secondsOfDay: 0)),
             .bool(true)],
        ])])

        let result = SheetMerge(template: Self.template).merge([answer])

        #expect(result.sheets[0].rows.dropFirst().map { Array($0.dropFirst(3)) } == [
            [.string("007"), .number(10.5), .string("+48 12")],
            [.number(1234), .number(-3), .string("@klasa")],
            [.string("#DIV/0!"), .string("2026-03-15"), .bool(true)],
        ])
        let lines = result.problems.filter { $0.sheet == "Dane" }
            .map { [$0.kind.rawValue, $0.cell, $0.original] }
        #expect(lines == [
            [MergeProblem.Kind.textToNumber.rawValue, "B2", "10,5"],
            [MergeProblem.Kind.textToNumber.rawValue, "A3", "1 234"],
            [MergeProblem.Kind.textToNumber.rawValue, "B3", "-3"],
            [MergeProblem.Kind.errorValue.rawValue, "A4", "#DIV/0!"],
        ])
    }

    @Test("a template with a sheet called Problemy keeps it; the list gets another name")
    func problemSheetName() throws {
        let template = MergeTemplate(sheets: [
            MergeTemplate.Sheet(name: "Problemy", headers: ["Opis"])])

        let result = SheetMerge(template: template).merge([])

        #expect(result.workbookSheets.map(\.name) == ["Problemy", "Problemy (2)"])
        let data = try WorkbookWriter.data(result.workbookSheets)
        #expect(!data.isEmpty)
    }

    @Test("a too-large workbook and an unreadable one are lines, not failures")
    func outcomes() {
        let inputs = [
            SpreadsheetInspection(outcome: .tooLarge, problem: "more than 10 cells"),
            SpreadsheetInspection(outcome: .notAWorkbook, problem: "not a zip"),
        ].map { MergeInput(code: "SP9", name: "S", file: "f.xlsx", content: .workbook($0)) }

        let result = SheetMerge(template: Self.template).merge(inputs)

        #expect(result.problems.map(\.kind) == [.tooLarge, .unreadable])
        #expect(result.problems.map(\.detail) == ["more than 10 cells", "not a zip"])
    }
}
