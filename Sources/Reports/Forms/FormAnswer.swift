import Foundation

/// The values a school gave for a form's fields, from its reply's text or from the
/// answered template workbook, and what kept other values from being read.
public struct FormAnswer: Sendable, Equatable {
    /// The values read, by field name (as the definition spells it).
    public var values: [String: SheetValue]
    /// Missing required fields, unreadable values, an unusable workbook.
    public var problems: [FormProblem]

    /// Makes an answer from its parts.
    public init(values: [String: SheetValue], problems: [FormProblem] = []) {
        self.values = values
        self.problems = problems
    }

    /// Whether every required field has a value and nothing was unreadable.
    public var isComplete: Bool { problems.isEmpty }

    // MARK: - Text

    /// Reads `Name: value` lines of a reply's text. Quote marks (`>`), spaces, case and
    /// diacritics around a field's name are tolerated; when a field appears several
    /// times (the answer, and the quoted blank form), the least quoted filled-in line
    /// wins, the first among equals.
    public static func parse(text: String, form: FormDefinition) -> FormAnswer {
        var found: [String: [(depth: Int, value: String)]] = [:]
        for rawLine in text.components(separatedBy: .newlines) {
            let (depth, line) = unquoted(rawLine)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            guard let field = form.field(named: name) else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            found[field.name, default: []].append((depth, value))
        }

        var answer = FormAnswer(values: [:])
        for field in form.fields {
            let candidates = found[field.name] ?? []
            guard let least = candidates.map(\.depth).min() else {
                answer.noteMissing(field)
                continue
            }
            let chosen = candidates.filter { $0.depth == least }.map(\.value)
            if Set(chosen).count > 1 {
                answer.problems.append(
                    FormProblem(kind: .severalValues, field: field.name,
                                original: chosen.joined(separator: " | ")))
            }
            answer.take(chosen[0], for: field)
        }
        return answer
    }

    /// The depth of `>` quoting and the line without it.
    private static func unquoted(_ line: String) -> (Int, Substring) {
        var rest = Substring(line)
        var depth = 0
        while let first = rest.first, first == ">" || first == " " || first == "\t" {
            if first == ">" { depth += 1 }
            rest = rest.dropFirst()
        }
        return (depth, rest)
    }

    private mutating func take(_ text: String, for field: FormField) {
        switch FormValueReader.read(text, as: field.kind) {
        case .value(let value):
            values[field.name] = value
        case .problem(let kind, let detail):
            problems.append(
                FormProblem(kind: kind, field: field.name, original: text, detail: detail))
        }
    }

    private mutating func noteMissing(_ field: FormField) {
        if field.required {
            problems.append(FormProblem(kind: .missingRequired, field: field.name))
        }
    }

    // MARK: - Workbook

    /// Reads the answered template workbook at `url` (named `name`, whose extension tells
    /// CSV): the row under the field names' header row, found by the names wherever it
    /// stands.
    public static func parse(
        workbook url: URL, named name: String? = nil, form: FormDefinition,
        limits: SheetLimits = .default
    ) -> FormAnswer {
        let inspection = SpreadsheetReader.read(
            fileAt: url, named: name ?? url.lastPathComponent, limits: limits)
        return parse(inspection: inspection, form: form)
    }

    /// The answer an already read workbook holds.
    public static func parse(inspection: SpreadsheetInspection, form: FormDefinition)
        -> FormAnswer
    {
        guard inspection.outcome == .readable else {
            let why = inspection.problem ?? inspection.outcome.rawValue
            return FormAnswer(values: [:], problems: [FormProblem(kind: .workbook, field: "",
                detail: "arkusz nieczytelny (\(inspection.outcome.rawValue)): \(why)")])
        }
        let sheets = inspection.sheets.map(SheetRows.init)
        guard let match = HeaderLocator.assign(form.mergeTemplate, to: sheets)[0] else {
            return FormAnswer(values: [:], problems: [FormProblem(kind: .workbook, field: "",
                detail: "żaden arkusz nie ma nazw pól formularza w nagłówku")])
        }

        let rows = sheets[match.sheet].rows.filter { $0.number > match.row }
        let row = rows.first { row in
            match.columns.contains { $0.flatMap { row.value(at: $0.column) } != nil }
        }
        var answer = FormAnswer(values: [:])
        for (field, found) in zip(form.fields, match.columns) {
            guard let value = found.flatMap({ row?.value(at: $0.column) }) else {
                answer.noteMissing(field)
                continue
            }
            answer.take(value, for: field)
        }
        return answer
    }

    /// A cell's value for `field`: typed cells of the right type as they are, text read
    /// as typed text is.
    private mutating func take(_ value: SheetValue, for field: FormField) {
        switch (field.kind, value) {
        case (.text, _), (.number, .number), (.date, .date), (.yesNo, .bool):
            values[field.name] = value
        case (_, .text(let text)):
            take(text.trimmingCharacters(in: .whitespaces), for: field)
        case (.choice, _):
            take(HeaderText.text(of: value), for: field)
        default:
            problems.append(
                FormProblem(kind: .unparseable, field: field.name,
                            original: HeaderText.text(of: value),
                            detail: "komórka innego typu niż pole"))
        }
    }
}
