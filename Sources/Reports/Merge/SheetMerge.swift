/// Merges answers into one workbook shaped by a template: per template sheet, one sheet
/// with the institution's code, name and file in the first columns and the answers' rows
/// after them; whatever does not fit becomes a `MergeProblem`.
///
/// Pure: it reads nothing from disk. `DispatchMerge` gathers the inputs from a ledger.
public struct SheetMerge: Sendable {
    /// The columns every merged sheet starts with.
    public static let leadingHeaders = ["Kod", "Nazwa", "Plik"]

    /// The shape of the merged sheets.
    public var template: MergeTemplate

    /// A merge into `template`'s shape.
    public init(template: MergeTemplate) {
        self.template = template
    }

    /// Merges `inputs` in their order.
    public func merge(_ inputs: [MergeInput]) -> MergeResult {
        var state = MergeState(template: template)
        for input in inputs {
            state.add(input)
        }
        return state.result()
    }
}

/// The merged rows and problems so far.
struct MergeState {
    let template: MergeTemplate
    private let maxRows = WorkbookWriter.maxRows - 1
    private var rows: [[[WorkbookCell]]]
    private var problems: [MergeProblem] = []
    private var mergedFiles = 0

    init(template: MergeTemplate) {
        self.template = template
        rows = Array(repeating: [], count: template.sheets.count)
    }

    mutating func add(_ input: MergeInput) {
        switch input.content {
        case .workbook(let inspection):
            add(inspection, of: input)
        case .values(let values):
            add(values, of: input)
        case .form(let answer):
            for problem in answer.problems {
                report(input, .formValue, problem.description, original: problem.original)
            }
            add(answer.values, of: input)
        case .unusable(let kind, let detail):
            report(input, kind, detail)
        }
    }

    func result() -> MergeResult {
        var names = SheetName()
        let sheets = template.sheets.enumerated().map { index, sheet in
            let header = (SheetMerge.leadingHeaders + sheet.headers).map(WorkbookCell.string)
            return WorkbookSheet(name: names.claim(sheet.name), rows: [header] + rows[index])
        }
        return MergeResult(
            sheets: sheets, problems: problems, problemSheetName: names.claim("Problemy"),
            mergedFiles: mergedFiles)
    }

    // MARK: - Workbooks

    private mutating func add(_ inspection: SpreadsheetInspection, of input: MergeInput) {
        switch inspection.outcome {
        case .readable: break
        case .protected:
            return report(input, .protected, inspection.problem ?? "plik wymaga hasła")
        case .tooLarge:
            return report(input, .tooLarge, inspection.problem ?? "plik przekracza limity")
        case .notAWorkbook:
            return report(input, .unreadable, inspection.problem ?? "plik uszkodzony")
        }
        for note in inspection.notes {
            let formula = note.contains("formula")
            report(
                input, formula ? .formulaWithoutValue : .unreadable,
                formula ? "formuła bez zapisanej wartości odczytana jako pusta komórka" : note)
        }

        let sheets = inspection.sheets.map(SheetRows.init)
        let matches = HeaderLocator.assign(template, to: sheets)
        for (index, templateSheet) in template.sheets.enumerated() {
            guard let match = matches[index] else {
                report(input, .sheetMissing, missingDetail(templateSheet, among: sheets))
                continue
            }
            reportShape(match, of: templateSheet, sheet: sheets[match.sheet].name, input)
            appendRows(sheets[match.sheet], match: match, into: index, of: input)
        }
        if !matches.isEmpty { mergedFiles += 1 }

        let used = Set(matches.values.map(\.sheet))
        for (index, sheet) in sheets.enumerated() where !used.contains(index) {
            guard !sheet.rows.isEmpty else { continue }
            report(
                input, .extraSheet, "arkusz pominięty: nie ma go w szablonie",
                sheet: sheet.name)
        }
    }

    private func missingDetail(
        _ wanted: MergeTemplate.Sheet, among sheets: [SheetRows]
    ) -> String {
        let headers = wanted.headers.prefix(3).map { "„\($0)”" }.joined(separator: ", ")
        if sheets.contains(where: {
            HeaderText.normalized($0.name) == HeaderText.normalized(wanted.name)
        }) {
            return "arkusz „\(wanted.name)” nie ma nagłówków szablonu (\(headers) …)"
        }
        let names = sheets.map { "„\($0.name)”" }.joined(separator: ", ")
        return "żaden arkusz (\(names)) nie ma nagłówków arkusza „\(wanted.name)” "
            + "(\(headers) …)"
    }

    private mutating func reportShape(
        _ match: HeaderLocator.Match, of wanted: MergeTemplate.Sheet, sheet: String,
        _ input: MergeInput
    ) {
        // A CSV file's one sheet is named after the file: a different name says nothing.
        let csv = input.file.lowercased().hasSuffix(".csv")
        if !csv, HeaderText.normalized(sheet) != HeaderText.normalized(wanted.name) {
            report(
                input, .sheetRenamed,
                "arkusz „\(sheet)” przyjęty jako „\(wanted.name)” (po nagłówkach)",
                sheet: sheet)
        }
        let first = match.columns.compactMap { $0?.column }.min() ?? 1
        let expected = wanted.columns.first ?? 1
        // Rows or columns put before the table are worth a line; a title row taken away
        // is not.
        if match.row > wanted.headerRow || first > expected {
            let here = CellReference.name(CellPosition(row: match.row, column: first))
            let there = CellReference.name(CellPosition(row: wanted.headerRow, column: expected))
            report(
                input, .headerMoved, "nagłówek zaczyna się w \(here), w szablonie w \(there)",
                sheet: sheet, cell: here)
        }

        for (index, found) in match.columns.enumerated() {
            let header = wanted.headers[index]
            switch found {
            case nil:
                report(input, .columnMissing, "brak kolumny „\(header)”", sheet: sheet)
            case .exact?:
                break
            case .folded(let column, let text)?:
                reportRenamed(text, as: header, by: "podobny tekst", column, match, sheet, input)
            case .position(let column, let text)?:
                reportRenamed(text, as: header, by: "miejsce", column, match, sheet, input)
            }
        }

        let order = match.columns.compactMap { $0?.column }
        if order != order.sorted() {
            report(input, .columnsReordered, "kolumny w innej kolejności niż w szablonie",
                   sheet: sheet)
        }
        for extra in match.extras {
            report(
                input, .extraColumn,
                "kolumna „\(extra.text)” pominięta: nie ma jej w szablonie",
                sheet: sheet,
                cell: CellReference.name(CellPosition(row: match.row, column: extra.column)))
        }
    }

    private mutating func reportRenamed(
        _ text: String, as header: String, by how: String, _ column: Int,
        _ match: HeaderLocator.Match, _ sheet: String, _ input: MergeInput
    ) {
        report(
            input, .columnRenamed, "kolumna „\(text)” przyjęta jako „\(header)” (\(how))",
            sheet: sheet, cell: CellReference.name(CellPosition(row: match.row, column: column)),
            original: text)
    }

    private mutating func appendRows(
        _ sheet: SheetRows, match: HeaderLocator.Match, into index: Int, of input: MergeInput
    ) {
        let lead = [input.code, input.name, input.file].map(WorkbookCell.string)
        for row in sheet.rows where row.number > match.row {
            var cells = lead
            var any = false
            for found in match.columns {
                guard let column = found?.column, let value = row.value(at: column) else {
                    cells.append(.empty)
                    continue
                }
                any = true
                let converted = MergedValue.convert(value)
                cells.append(converted.cell)
                if let problem = converted.problem {
                    report(
                        input, problem.kind, problem.detail, sheet: sheet.name,
                        cell: CellReference.name(CellPosition(row: row.number, column: column)),
                        original: problem.original)
                }
            }
            guard any else { continue }
            guard rows[index].count < maxRows else {
                return report(input, .truncated, "pominięto wiersze od \(row.number)",
                              sheet: sheet.name)
            }
            rows[index].append(cells)
        }
    }

    // MARK: - Values

    private mutating func add(_ values: [String: SheetValue], of input: MergeInput) {
        let names = values.keys.sorted()
        let scored = template.sheets.indices.map { index in
            (index, names.filter { find($0, in: template.sheets[index]) != nil }.count)
        }
        guard let (index, score) = scored.max(by: { ($0.1, -$0.0) < ($1.1, -$1.0) }), score > 0
        else {
            return report(
                input, .sheetMissing, "żadna wartość nie pasuje do nagłówków szablonu")
        }

        let wanted = template.sheets[index]
        var cells: [WorkbookCell] = Array(repeating: .empty, count: wanted.headers.count)
        for name in names {
            guard let column = find(name, in: wanted), let value = values[name] else {
                report(input, .extraColumn, "pole „\(name)” pominięte: nie ma go w szablonie")
                continue
            }
            let converted = MergedValue.convert(value)
            cells[column] = converted.cell
            if let problem = converted.problem {
                report(input, problem.kind, "„\(name)”: " + problem.detail,
                       original: problem.original)
            }
        }
        mergedFiles += 1
        rows[index].append([input.code, input.name, input.file].map(WorkbookCell.string) + cells)
    }

    private func find(_ name: String, in sheet: MergeTemplate.Sheet) -> Int? {
        sheet.headers.firstIndex { HeaderText.closeness(of: name, to: $0) == .exact }
            ?? sheet.headers.firstIndex { HeaderText.closeness(of: name, to: $0) != nil }
    }

    private mutating func report(
        _ input: MergeInput, _ kind: MergeProblem.Kind, _ detail: String, sheet: String = "",
        cell: String = "", original: String = ""
    ) {
        problems.append(
            MergeProblem(
                code: input.code, name: input.name, file: input.file, sheet: sheet, cell: cell,
                kind: kind, detail: detail, original: original))
    }
}
