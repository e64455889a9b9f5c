/// How an answer's cell goes into the merged workbook: numbers stay numbers, numbers
/// stored as text (`12`, `3,5`, `1 234,5`) become numbers, dates become ISO text, and
/// everything else is written as text — never as a formula.
enum MergedValue {
    /// The cell to write, and what to report when the value was changed or is suspect.
    struct Converted {
        var cell: WorkbookCell
        var problem: (kind: MergeProblem.Kind, detail: String, original: String)?
    }

    static func convert(_ value: SheetValue) -> Converted {
        switch value {
        case .number(let number):
            return Converted(cell: .number(number))
        case .bool(let flag):
            return Converted(cell: .bool(flag))
        case .date(let date):
            return Converted(cell: .string(date.iso))
        case .error(let text):
            return Converted(
                cell: .string(text),
                problem: (.errorValue, "wartość błędu zapisana jako tekst", text))
        case .text(let text):
            return convert(text: text)
        }
    }

    private static func convert(text: String) -> Converted {
        if case .number(let number) = CSVDocument.value(text, separator: ";") {
            return Converted(
                cell: .number(number),
                problem: (
                    .textToNumber,
                    "zamieniono na liczbę \(SpreadsheetInspection.json(number))", text
                ))
        }
        if text.hasPrefix("=") {
            return Converted(
                cell: .string(text),
                problem: (.formulaText, "zapisano jako tekst, nie jako formułę", text))
        }
        return Converted(cell: .string(text))
    }
}
