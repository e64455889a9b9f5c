import Foundation

/// Reads a CSV file the way Polish offices write them: `;` between fields (`,` or tab
/// when the first line says so), decimal commas, UTF-8 with or without a BOM, UTF-16
/// with a BOM, or Windows-1250 when the bytes are not UTF-8.
enum CSVDocument {
    /// Reads the file at `path` as one sheet called `name`.
    /// - Throws: `SheetFailure` when the file is too large or has too many cells or rows.
    static func read(path: String, name: String, budget: CellBudget) throws -> SheetContent {
        let bytes = try SpreadsheetReader.fileBytes(path, limit: budget.limits.maxBytes)
        return try parse(decode(bytes), name: name, budget: budget)
    }

    /// The text of CSV bytes, by BOM, then UTF-8, then Windows-1250.
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(decoding: bytes.dropFirst(3), as: UTF8.self)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            return String(data: Data(bytes.dropFirst(2)), encoding: encoding) ?? ""
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        return String(data: Data(bytes), encoding: .windowsCP1250)
            ?? String(decoding: bytes, as: UTF8.self)
    }

    /// Parses CSV text into one sheet.
    /// - Throws: `SheetFailure` when a limit is passed.
    static func parse(_ text: String, name: String, budget: CellBudget) throws -> SheetContent {
        let scalars = text.unicodeScalars
        let separator = detectSeparator(scalars)
        var sheet = SheetBuilder(name: name, budget: budget)
        var row = 1
        var column = 1
        var field = String.UnicodeScalarView()
        var quoted = false

        var index = scalars.startIndex
        func endField() throws {
            try sheet.set(value(String(field), separator: separator), row: row, column: column)
            field = String.UnicodeScalarView()
            column += 1
        }
        while index < scalars.endIndex {
            let char = scalars[index]
            scalars.formIndex(after: &index)
            if quoted {
                if char == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        scalars.formIndex(after: &index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" && field.isEmpty {
                quoted = true
            } else if char == separator {
                try endField()
            } else if char == "\r" || char == "\n" {
                if char == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    scalars.formIndex(after: &index)
                }
                try endField()
                row += 1
                column = 1
            } else {
                field.append(char)
            }
        }
        if !field.isEmpty || column > 1 {
            try endField()
        }
        return sheet.build()
    }

    private static func detectSeparator(_ scalars: String.UnicodeScalarView) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [";": 0, ",": 0, "\t": 0]
        var quoted = false
        for char in scalars.prefix(100_000) {
            if char == "\"" { quoted.toggle() }
            if !quoted, char == "\n" || char == "\r" { break }
            if !quoted, counts[char] != nil { counts[char, default: 0] += 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $1.key == ";") }
        guard let best, best.value > 0 else { return ";" }
        return best.key
    }

    /// A field as a typed value: integers (no leading zero), decimals with a comma (or a
    /// dot), `2024-03-15` or `15.03.2024` dates, otherwise text.
    static func value(_ raw: String, separator: Unicode.Scalar) -> SheetValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let number = number(text, decimalComma: separator != ",") {
            return .number(number)
        }
        if let date = date(text) {
            return .date(date)
        }
        return .text(raw)
    }

    private static func number(_ text: String, decimalComma: Bool) -> Double? {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let grouped = body.split(whereSeparator: {
            $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}"
        })
        if grouped.count > 1 {
            guard
                grouped.dropFirst().allSatisfy({
                    $0.prefix(3).count == 3
                        && $0.prefix(3).allSatisfy(\.isASCIIDigit)
                }),
                grouped[0].count <= 3
            else { return nil }
            body = Substring(grouped.joined())
        }

        let decimalMark: Character = decimalComma && body.contains(",") ? "," : "."
        let parts = body.split(separator: decimalMark, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit))
        else { return nil }
        // Identifiers such as 00123 or 0501234567 keep their leading zeros as text.
        if whole.count > 1, whole.hasPrefix("0") { return nil }

        let plain = (negative ? "-" : "") + parts.joined(separator: ".")
        return Double(plain)
    }

    private static func date(_ text: String) -> SheetDate? {
        let pieces = text.split(separator: " ", maxSplits: 1)
        guard let day = pieces.first else { return nil }
        let time = pieces.count == 2 ? "T" + pieces[1] : ""

        if day.count == 10, day.split(separator: "-").count == 3 {
            return ExcelSerialDate.iso(String(day) + time)
        }
        let fields = day.split(separator: ".")
        guard fields.count == 3, fields[0].count <= 2, fields[1].count <= 2,
            fields[2].count == 4, fields.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        return ExcelSerialDate.iso("\(fields[2])-\(fields[1])-\(fields[0])" + time)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
