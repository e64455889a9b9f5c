extension SpreadsheetInspection {
    /// The JSON `schoolpost sheet inspect --format json` prints: `outcome`, `problem`
    /// (text or null) and `sheets`, each with `name`, `rows`, `columns` and a `sample` of
    /// its first three non-empty rows.
    public func json() -> String {
        let problemText = problem.map(Self.quoted) ?? "null"
        let sheetTexts = sheets.map { sheet in
            let rows = sheet.sample(rows: 3).map { row in
                "[" + row.map { $0.map(Self.json) ?? "null" }.joined(separator: ", ") + "]"
            }
            return "{\"name\": \(Self.quoted(sheet.name)), \"rows\": \(sheet.rows), "
                + "\"columns\": \(sheet.columns), \"sample\": ["
                + rows.joined(separator: ", ") + "]}"
        }
        return "{\"outcome\": \(Self.quoted(outcome.rawValue)), \"problem\": \(problemText), "
            + "\"sheets\": [" + sheetTexts.joined(separator: ", ") + "]}"
    }

    /// One cell value as JSON: numbers as numbers (integers without a fraction), dates as
    /// ISO text, errors as their text.
    static func json(_ value: SheetValue) -> String {
        switch value {
        case .text(let text): quoted(text)
        case .error(let text): quoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .date(let date): quoted(date.iso)
        case .number(let number): json(number)
        }
    }

    static func json(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control
            where control.value < 0x20 || (0x7F...0x9F).contains(control.value)
                || control.value == 0x2028 || control.value == 0x2029:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
