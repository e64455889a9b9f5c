extension SpreadsheetInspection {
    /// A few lines for a person: the outcome and its reason, each sheet's size and first
    /// non-empty row, and the reader's notes.
    public var summary: String {
        var lines = ["outcome: \(outcome.rawValue)"]
        if let problem { lines.append("problem: \(problem)") }
        for sheet in sheets {
            lines.append("sheet \"\(sheet.name)\": \(sheet.rows) rows, \(sheet.columns) columns")
            if let first = sheet.sample(rows: 1).first {
                let texts = first.map { $0.map(Self.summaryText) ?? "" }
                lines.append("  first row: " + texts.joined(separator: " | "))
            }
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func summaryText(_ value: SheetValue) -> String {
        let text: String
        switch value {
        case .text(let plain), .error(let plain): text = plain
        case .number(let number): text = json(number)
        case .bool(let flag): text = flag ? "TRUE" : "FALSE"
        case .date(let date): text = date.iso
        }
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 40 ? String(flat.prefix(39)) + "…" : flat
    }
}
