import Foundation
import Reports
import Testing

@Suite("Forms by e-mail")
struct FormTests {
    static let definitionText = """
        # Ankieta o stołówkach (a comment)
        Liczba uczniów: number *
        Data przeglądu: date
        Stołówka: yes-no
        Organ prowadzący: choice(gmina | powiat | inny) wymagane
        Uwagi: tekst
        """

    static func form() throws -> FormDefinition {
        try FormDefinition.parse(definitionText, title: "Stołówki")
    }

    @Test("a text definition gives names, types and required flags")
    func textDefinition() throws {
        let form = try Self.form()

        #expect(form.title == "Stołówki")
        #expect(form.fields == [
            FormField(name: "Liczba uczniów", kind: .number, required: true),
            FormField(name: "Data przeglądu", kind: .date),
            FormField(name: "Stołówka", kind: .yesNo),
            FormField(name: "Organ prowadzący", kind: .choice(["gmina", "powiat", "inny"]),
                      required: true),
            FormField(name: "Uwagi", kind: .text),
        ])
    }

    @Test("a JSON definition gives the same fields")
    func jsonDefinition() throws {
        let json = """
            {"title": "Stołówki", "fields": [
              {"name": "Liczba uczniów", "type": "number", "required": true},
              {"name": "Data przeglądu", "type": "date"},
              {"name": "Stołówka", "type": "yes-no"},
              {"name": "Organ prowadzący", "type": "choice", "required": true,
               "choices": ["gmina", "powiat", "inny"]},
              {"name": "Uwagi"}
            ]}
            """

        #expect(try FormDefinition.parse(json) == (try Self.form()))
    }

    struct BadDefinition: Sendable, CustomStringConvertible {
        var text: String
        var line: Int?
        var description: String { text }
    }

    @Test("bad definitions name their line", arguments: [
        BadDefinition(text: "Liczba: number\nWiek: liczby", line: 2),
        BadDefinition(text: "bez dwukropka", line: 1),
        BadDefinition(text: "Typ: choice()", line: nil),
        BadDefinition(text: "Wiek: number\nwiek: text", line: nil),
        BadDefinition(text: "# nic", line: nil),
        BadDefinition(text: "[{\"type\": \"number\"}]", line: nil),
    ])
    func badDefinitions(_ bad: BadDefinition) {
        #expect(throws: FormDefinitionError.self) { try FormDefinition.parse(bad.text) }
        do {
            _ = try FormDefinition.parse(bad.text)
        } catch let error as FormDefinitionError {
            #expect(error.line == bad.line)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("the fill-in block has one `Name: ` line per field and reads back as empty")
    func fillInBlock() throws {
        let form = try Self.form()

        let block = form.fillInBlock(language: .polish)
        let english = form.fillInBlock(language: .english)

        let lines = block.components(separatedBy: "\n")
        #expect(lines.contains("Liczba uczniów: "))
        #expect(form.fields.allSatisfy { lines.contains($0.name + ": ") })
        #expect(block.contains("wymagane"))
        #expect(english.contains("required") && english.contains("Liczba uczniów: "))
        let blank = FormAnswer.parse(text: block, form: form)
        #expect(blank.values.isEmpty)
        #expect(blank.problems.map(\.kind) == [.missingRequired, .missingRequired])
    }

    @Test("a reply's text gives values: quoting, case, decimal commas, tak/nie")
    func replyText() throws {
        let form = try Self.form()
        let reply = """
            Dzień dobry, w odpowiedzi:

            LICZBA UCZNIOW :  1 234,5
            > Data przeglądu: 15.03.2026 r.
            >>   stołówka: Tak
            Organ prowadzacy: Gmina

            Pozdrawiam: Jan Kowalski
            > ----- FORMULARZ -----
            > Liczba uczniów:
            > Organ prowadzący:
            > Uwagi:
            """

        let answer = FormAnswer.parse(text: reply, form: form)

        #expect(answer.values == [
            "Liczba uczniów": .number(1234.5),
            "Data przeglądu": .date(SheetDate(day: (2026, 3, 15), secondsOfDay: 0)),
            "Stołówka": .bool(true),
            "Organ prowadzący": .text("gmina"),
        ])
        #expect(answer.problems.isEmpty)
    }

    @Test("the answer typed in wins over the quoted original")
    func quotedOriginal() throws {
        let form = try Self.form()
        let reply = """
            Liczba uczniów: 210
            Organ prowadzący: powiat
            > Liczba uczniów: 180
            > Organ prowadzący: gmina
            """

        let answer = FormAnswer.parse(text: reply, form: form)

        #expect(answer.values["Liczba uczniów"] == .number(210))
        #expect(answer.values["Organ prowadzący"] == .text("powiat"))
        #expect(answer.problems.isEmpty)
    }

    @Test("unreadable values and missing required fields are problems with the original")
    func problems() throws {
        let form = try Self.form()
        let reply = """
            Liczba uczniów: około dwustu
            Data przeglądu: 31.02.2026
            Stołówka: może
            Uwagi: =SUM(A1)
            """

        let answer = FormAnswer.parse(text: reply, form: form)

        #expect(answer.values == ["Uwagi": .text("=SUM(A1)")])
        let lines = answer.problems.map { [$0.field, $0.kind.rawValue, $0.original] }
        #expect(lines == [
            ["Liczba uczniów", "unparseable", "około dwustu"],
            ["Data przeglądu", "unparseable", "31.02.2026"],
            ["Stołówka", "unparseable", "może"],
            ["Organ prowadzący", "missing-required", ""],
        ])
        #expect(answer.problems[0].description == "„Liczba uczniów”: wartość nieczytelna "
            + "(oczekiwano liczby)")
    }

    struct Typed: Sendable, CustomStringConvertible {
        var text: String
        var kind: FormField.Kind
        var value: SheetValue?
        var description: String { text }
    }

    @Test("values by type", arguments: [
        Typed(text: "1 234", kind: .number, value: .number(1234)),
        Typed(text: "1.234,5", kind: .number, value: .number(1234.5)),
        Typed(text: "-0,5", kind: .number, value: .number(-0.5)),
        Typed(text: "12a", kind: .number, value: nil),
        Typed(text: "2026-12-31", kind: .date,
              value: .date(SheetDate(day: (2026, 12, 31), secondsOfDay: 0))),
        Typed(text: "29/02/2024", kind: .date,
              value: .date(SheetDate(day: (2024, 2, 29), secondsOfDay: 0))),
        Typed(text: "29.02.2025", kind: .date, value: nil),
        Typed(text: "NIE.", kind: .yesNo, value: .bool(false)),
        Typed(text: "yes", kind: .yesNo, value: .bool(true)),
        Typed(text: "INNY", kind: .choice(["gmina", "inny"]), value: .text("inny")),
        Typed(text: "miasto", kind: .choice(["gmina", "inny"]), value: nil),
    ])
    func typedValues(_ typed: Typed) throws {
        let form = try FormDefinition(fields: [FormField(name: "Pole", kind: typed.kind)])

        let answer = FormAnswer.parse(text: "Pole: \(typed.text)", form: form)

        #expect(answer.values["Pole"] == typed.value)
        #expect(answer.problems.isEmpty == (typed.value != nil))
    }

    @Test("the template workbook's header row holds the field names")
    func templateWorkbook() throws {
        let form = try Self.form()
        let url = FileManager.default.temporaryDirectory
            .appending(path: "form-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }

        try form.templateWorkbook().write(to: url)
        let read = SpreadsheetReader.read(fileAt: url)

        #expect(read.sheets.map(\.name) == ["Stołówki"])
        #expect(read.sheets.first?.sample(rows: 5) == [form.fields.map { .text($0.name) }])
    }

    @Test("an answered template gives values, wherever the school moved its columns")
    func answeredWorkbook() throws {
        let form = try Self.form()
        let url = FileManager.default.temporaryDirectory
            .appending(path: "form-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try WorkbookWriter.write([WorkbookSheet(name: "Arkusz1", rows: [
            [.string("Odpowiedź SP 12")],
            [.string("Stołówka"), .string("Liczba uczniów"), .string("Organ prowadzący"),
             .string("Data przeglądu")],
            [.string("nie"), .string("250,5"), .string("Powiat"), .string("2026-01-05")],
        ])], to: url.path)

        let answer = FormAnswer.parse(workbook: url, form: form)

        #expect(answer.values == [
            "Stołówka": .bool(false), "Liczba uczniów": .number(250.5),
            "Organ prowadzący": .text("powiat"),
            "Data przeglądu": .date(SheetDate(day: (2026, 1, 5), secondsOfDay: 0)),
        ])
        #expect(answer.problems.isEmpty)
        let broken = FormAnswer.parse(
            inspection: SpreadsheetInspection(outcome: .protected, problem: "encrypted"),
            form: form)
        #expect(broken.problems.map(\.kind) == [.workbook])
    }

    @Test("form answers merge like spreadsheet answers")
    func mergeForms() throws {
        let form = try Self.form()
        let first = FormAnswer.parse(text: "Liczba uczniów: 12,5\nStołówka: tak", form: form)
        let second = FormAnswer.parse(text: "Uwagi: brak", form: form)

        let result = SheetMerge(template: form.mergeTemplate).merge([
            MergeInput(code: "SP1", name: "Szkoła 1", file: "treść odpowiedzi",
                       content: .form(first)),
            MergeInput(code: "SP2", name: "Szkoła 2", file: "treść odpowiedzi",
                       content: .form(second)),
            MergeInput(code: "SP3", name: "Szkoła 3", file: "",
                       content: .values(["liczba uczniow": .number(7), "Telefon": .text("1")])),
        ])

        let rows = result.sheets[0].rows
        #expect(rows[0] == (SheetMerge.leadingHeaders + form.fields.map(\.name))
            .map(WorkbookCell.string))
        #expect(rows[1].dropFirst(3) == [.number(12.5), .empty, .bool(true), .empty, .empty])
        #expect(rows[2].dropFirst(3) == [.empty, .empty, .empty, .empty, .string("brak")])
        #expect(rows[3].dropFirst(3) == [.number(7), .empty, .empty, .empty, .empty])
        #expect(result.problems.map { [$0.code, $0.kind.rawValue] } == [
            ["SP1", MergeProblem.Kind.formValue.rawValue],
            ["SP2", MergeProblem.Kind.formValue.rawValue],
            ["SP2", MergeProblem.Kind.formValue.rawValue],
            ["SP3", MergeProblem.Kind.extraColumn.rawValue],
        ])
    }
}
