import Foundation

/// A form sent in the body of a dispatch: named fields a school fills in by replying, or
/// in the generated template workbook.
///
/// The text definition has one field a line, `Name: type`, with `*` (or `required`,
/// `wymagane`) after the type for a required field, and `#` starting a comment line:
///
///     Liczba uczniów: number *
///     Data przeglądu: date
///     Stołówka: yes-no
///     Organ prowadzący: choice(gmina | powiat | inny) *
///
/// Types: `text`, `number`, `date`, `yes-no`, `choice(a | b)` (or `choice(a, b)`), and
/// the Polish `tekst`, `liczba`, `data`, `tak-nie`, `wybór(…)`. The JSON definition is
/// `{"title": "…", "fields": [{"name": "…", "type": "number", "required": true,
/// "choices": ["…"]}]}`, or the array of fields alone.
public struct FormDefinition: Sendable, Equatable {
    /// The form's title; names the template's sheet.
    public var title: String
    /// The fields in order.
    public var fields: [FormField]

    /// Makes a definition from its fields.
    /// - Throws: `FormDefinitionError` for no fields, an empty name, a name with a colon
    ///   or a line break, two fields whose names match, or a choice without options.
    public init(title: String = "Formularz", fields: [FormField]) throws {
        guard !fields.isEmpty else { throw FormDefinitionError(line: nil, "no fields") }
        var seen: [String] = []
        for field in fields {
            try Self.check(field, seen: seen)
            seen.append(HeaderText.folded(field.name))
        }
        self.title = title
        self.fields = fields
    }

    /// The field whose name matches `name` (case, spacing, then diacritics aside).
    public func field(named name: String) -> FormField? {
        fields.first { HeaderText.closeness(of: name, to: $0.name) == .exact }
            ?? fields.first { HeaderText.closeness(of: name, to: $0.name) != nil }
    }

    // MARK: - Parsing

    /// Reads a definition from a text or JSON file's contents (JSON when it starts with
    /// `{` or `[`).
    /// - Throws: `FormDefinitionError` naming the line at fault.
    public static func parse(_ text: String, title: String = "Formularz") throws
        -> FormDefinition
    {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("{") || body.hasPrefix("[") {
            return try parseJSON(body, title: title)
        }

        var fields: [FormField] = []
        for (index, rawLine) in text.components(separatedBy: .newlines).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            do {
                fields.append(try parseLine(line))
            } catch let error as FormDefinitionError {
                throw FormDefinitionError(line: index + 1, error.reason)
            }
        }
        return try FormDefinition(title: title, fields: fields)
    }

    private static func parseLine(_ line: String) throws -> FormField {
        guard let colon = line.firstIndex(of: ":") else {
            throw FormDefinitionError(line: nil, "expected `Name: type`")
        }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        var spec = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)

        var required = false
        for marker in ["*", "required", "wymagane", "wymagany", "wymagana"]
        where spec.lowercased().hasSuffix(marker) {
            required = true
            spec = String(spec.dropLast(marker.count))
                .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",")))
            break
        }
        return FormField(name: name, kind: try kind(spec), required: required)
    }

    static func kind(_ spec: String, choices: [String]? = nil) throws -> FormField.Kind {
        let lower = spec.lowercased()
        if let open = lower.firstIndex(of: "("), lower.hasSuffix(")") {
            let word = lower[..<open].trimmingCharacters(in: .whitespaces)
            guard ["choice", "wybór", "wybor"].contains(word) else {
                throw FormDefinitionError(line: nil, "only choice takes a list: \(spec)")
            }
            let inner = spec[spec.index(after: open)..<spec.index(before: spec.endIndex)]
            let separator: Character = inner.contains("|") ? "|" : ","
            let options = inner.split(separator: separator)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .choice(options)
        }
        switch lower {
        case "text", "tekst": return .text
        case "number", "liczba": return .number
        case "date", "data": return .date
        case "yes-no", "yes/no", "yesno", "tak-nie", "tak/nie": return .yesNo
        case "choice", "wybór", "wybor": return .choice(choices ?? [])
        default:
            throw FormDefinitionError(
                line: nil, "unknown type \"\(spec)\" (text, number, date, yes-no, choice(…))")
        }
    }

    private static func parseJSON(_ text: String, title: String) throws -> FormDefinition {
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8))
        var title = title
        var list = object as? [Any]
        if let dictionary = object as? [String: Any] {
            title = dictionary["title"] as? String ?? title
            list = dictionary["fields"] as? [Any]
        }
        guard let list else {
            throw FormDefinitionError(line: nil, "JSON must be {\"fields\": […]} or […]")
        }

        let fields = try list.enumerated().map { index, item in
            guard let entry = item as? [String: Any], let name = entry["name"] as? String else {
                throw FormDefinitionError(line: nil, "field \(index + 1) has no \"name\"")
            }
            let choices = (entry["choices"] as? [Any])?.compactMap { $0 as? String }
            let type = entry["type"] as? String ?? "text"
            let required = entry["required"] as? Bool ?? false
            do {
                return FormField(
                    name: name, kind: try kind(type, choices: choices), required: required)
            } catch let error as FormDefinitionError {
                throw FormDefinitionError(line: nil, "field \(name): " + error.reason)
            }
        }
        return try FormDefinition(title: title, fields: fields)
    }

    private static func check(_ field: FormField, seen: [String]) throws {
        guard !field.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FormDefinitionError(line: nil, "a field needs a name")
        }
        guard !field.name.contains(":"), !field.name.contains(where: \.isNewline) else {
            throw FormDefinitionError(
                line: nil, "field \(field.name): a name cannot hold a colon or a line break")
        }
        guard !seen.contains(HeaderText.folded(field.name)) else {
            throw FormDefinitionError(line: nil, "field \(field.name) is given twice")
        }
        if case .choice(let options) = field.kind, options.isEmpty {
            throw FormDefinitionError(line: nil, "field \(field.name): a choice needs options")
        }
    }
}
