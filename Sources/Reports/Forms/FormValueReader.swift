import Foundation

/// Reads a field's value from what a person typed: Polish decimal commas, spaces between
/// thousands, `tak`/`nie`, dates as `15.03.2026` or `2026-03-15`, choices apart from case
/// and diacritics.
enum FormValueReader {
    /// The value, or the problem that keeps it from being read.
    enum Reading: Equatable {
        case value(SheetValue)
        case problem(FormProblem.Kind, detail: String)
    }

    /// Reads `text` (already trimmed, not empty) as `kind`.
    static func read(_ text: String, as kind: FormField.Kind) -> Reading {
        switch kind {
        case .text:
            return .value(.text(text))
        case .number:
            guard let number = number(text) else {
                return .problem(.unparseable, detail: "oczekiwano liczby")
            }
            return .value(.number(number))
        case .date:
            guard let date = date(text) else {
                return .problem(.unparseable, detail: "oczekiwano daty")
            }
            return .value(.date(date))
        case .yesNo:
            guard let flag = yesNo(text) else {
                return .problem(.unparseable, detail: "oczekiwano tak lub nie")
            }
            return .value(.bool(flag))
        case .choice(let options):
            let exact = options.first { HeaderText.closeness(of: text, to: $0) == .exact }
            guard let option = exact ?? options.first(where: {
                HeaderText.closeness(of: text, to: $0) != nil
            }) else {
                return .problem(.notAChoice, detail: options.joined(separator: ", "))
            }
            return .value(.text(option))
        }
    }

    /// `1 234,5`, `1234.5`, `1.234,5`, `-3`, `+7`; `nil` for anything else.
    static func number(_ text: String) -> Double? {
        var body = String(text.filter { $0 != " " && $0 != "\u{A0}" && $0 != "\u{202F}" })
        var sign = ""
        if let first = body.first, first == "-" || first == "+" || first == "−" {
            sign = first == "+" ? "" : "-"
            body.removeFirst()
        }
        if body.contains(","), body.contains(".") {
            body = body.replacingOccurrences(of: ".", with: "")
        }
        body = body.replacingOccurrences(of: ",", with: ".")

        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Double(sign + body)
    }

    /// `2026-03-15`, `15.03.2026`, `15-03-2026`, `15/03/2026`, each perhaps followed by
    /// `r.`; `nil` for anything else or a day that does not exist.
    static func date(_ text: String) -> SheetDate? {
        var body = text.lowercased().trimmingCharacters(in: .whitespaces)
        for suffix in ["r.", "r"] where body.hasSuffix(suffix) {
            body = String(body.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let fields = body.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "/" })
            .map(String.init)
        let numbers = fields.compactMap { Int($0) }
        guard fields.count == 3, numbers.count == 3,
            fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }

        let (year, month, day) =
            fields[0].count == 4
            ? (numbers[0], numbers[1], numbers[2]) : (numbers[2], numbers[1], numbers[0])
        guard fields[0].count == 4 || fields[2].count == 4, (1...12).contains(month),
            (1...daysIn(month, of: year)).contains(day)
        else { return nil }
        return SheetDate(day: (year, month, day), secondsOfDay: 0)
    }

    /// `tak`, `t`, `yes`, `y`, `x` are yes; `nie`, `n`, `no` are no; trailing `.` or `!`
    /// aside.
    static func yesNo(_ text: String) -> Bool? {
        let word = HeaderText.folded(text)
        switch word {
        case "tak", "t", "yes", "y", "x", "true", "prawda": return true
        case "nie", "n", "no", "false", "falsz": return false
        default: return nil
        }
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
