import Foundation

/// How a cell's number format makes its number read: as a plain number, a date, a time
/// of day, or an elapsed time (which stays a number of days).
enum NumberFormat: Sendable, Equatable {
    case number, date, time, duration

    /// The built-in formats (ECMA-376 part 1, 18.8.30) that show dates or times. Ids
    /// 27–36 and 50–58 are the East Asian date formats; 46 is `[h]:mm:ss`.
    static func builtIn(_ id: Int) -> NumberFormat {
        switch id {
        case 14...17, 22, 27...36, 50...58: .date
        case 18...21, 45, 47: .time
        case 46: .duration
        default: .number
        }
    }

    /// Classifies a format code such as `yyyy"-"mm"-"dd`, `[$-409]mmmm\ yyyy;@` or
    /// `[h]:mm:ss`: only its first section counts, and quoted text, escapes, fills and
    /// bracketed locale or colour codes are skipped.
    static func classify(_ code: String) -> NumberFormat {
        let chars = Array(
            code.lowercased().replacingOccurrences(of: "general", with: "")
                .unicodeScalars)
        var letters = Set<Unicode.Scalar>()

        var index = 0
        scan: while index < chars.count {
            switch chars[index] {
            case ";":
                break scan
            case "\"":
                index += 1
                while index < chars.count, chars[index] != "\"" { index += 1 }
            case "\\", "_", "*":
                index += 1
            case "[":
                let start = index + 1
                while index < chars.count, chars[index] != "]" { index += 1 }
                let inner = chars[min(start, index)..<index]
                if !inner.isEmpty, inner.allSatisfy({ "hms".unicodeScalars.contains($0) }) {
                    return .duration
                }
            case "e"
            where index + 1 < chars.count
                && "+-".unicodeScalars
                    .contains(chars[index + 1]):
                index += 1
            case let char:
                letters.insert(char)
            }
            index += 1
        }

        if !letters.isDisjoint(with: ["y", "d", "g", "e"]) { return .date }
        if !letters.isDisjoint(with: ["h", "s"]) { return .time }
        return letters.contains("m") ? .date : .number
    }
}
