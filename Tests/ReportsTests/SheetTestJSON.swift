import Foundation

/// A parsed JSON value for comparing samples: numbers compare numerically, so `1` and
/// `1.0` are equal.
indirect enum SheetTestJSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([SheetTestJSON])
    case object([String: SheetTestJSON])

    static func == (lhs: SheetTestJSON, rhs: SheetTestJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "\"\(text.debugDescription.dropFirst().dropLast())\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            "{"
                + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
                .joined(separator: ", ") + "}"
        }
    }

    subscript(key: String) -> SheetTestJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// Parses JSON text; `nil` when it is not JSON.
    static func parse(_ text: String) -> SheetTestJSON? {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.index == parser.scalars.count ? value : nil
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, " \t\r\n".unicodeScalars.contains(scalars[index]) {
                index += 1
            }
        }

        mutating func value() -> SheetTestJSON? {
            skipSpace()
            guard index < scalars.count else { return nil }
            switch scalars[index] {
            case "n": return literal("null", .null)
            case "t": return literal("true", .bool(true))
            case "f": return literal("false", .bool(false))
            case "\"": return string().map(SheetTestJSON.string)
            case "[": return array()
            case "{": return object()
            default: return number()
            }
        }

        private mutating func literal(_ word: String, _ value: SheetTestJSON) -> SheetTestJSON? {
            let end = index + word.unicodeScalars.count
            guard end <= scalars.count,
                String(String.UnicodeScalarView(scalars[index..<end])) == word
            else {
                return nil
            }
            index = end
            return value
        }

        private mutating func number() -> SheetTestJSON? {
            let start = index
            while index < scalars.count, "+-.eE0123456789".unicodeScalars.contains(scalars[index])
            {
                index += 1
            }
            return Double(String(String.UnicodeScalarView(scalars[start..<index])))
                .map(SheetTestJSON.number)
        }

        private mutating func string() -> String? {
            index += 1
            var output = String.UnicodeScalarView()
            while index < scalars.count {
                let char = scalars[index]
                index += 1
                if char == "\"" { return String(output) }
                guard char == "\\" else {
                    output.append(char)
                    continue
                }
                guard index < scalars.count else { return nil }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "n": output.append("\n")
                case "r": output.append("\r")
                case "t": output.append("\t")
                case "b": output.append("\u{8}")
                case "f": output.append("\u{C}")
                case "u":
                    guard let unit = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(unit), index + 6 <= scalars.count,
                        scalars[index] == "\\"
                    {
                        index += 2
                        guard let low = hex4() else { return nil }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        output.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    } else {
                        output.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    }
                default: output.append(escape)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= scalars.count else { return nil }
            let digits = String(String.UnicodeScalarView(scalars[index..<index + 4]))
            index += 4
            return UInt32(digits, radix: 16)
        }

        private mutating func array() -> SheetTestJSON? {
            index += 1
            var items: [SheetTestJSON] = []
            skipSpace()
            if index < scalars.count, scalars[index] == "]" {
                index += 1
                return .array(items)
            }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == "]" { return .array(items) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }

        private mutating func object() -> SheetTestJSON? {
            index += 1
            var fields: [String: SheetTestJSON] = [:]
            skipSpace()
            if index < scalars.count, scalars[index] == "}" {
                index += 1
                return .object(fields)
            }
            while true {
                skipSpace()
                guard index < scalars.count, scalars[index] == "\"", let key = string() else {
                    return nil
                }
                skipSpace()
                guard index < scalars.count, scalars[index] == ":" else { return nil }
                index += 1
                guard let item = value() else { return nil }
                fields[key] = item
                skipSpace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == "}" { return .object(fields) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }
    }
}
