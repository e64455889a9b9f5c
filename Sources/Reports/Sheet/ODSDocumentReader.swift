/// Reads an OpenDocument spreadsheet's `content.xml`. Repeated rows and cells
/// (`table:number-rows-repeated`, `table:number-columns-repeated`) are expanded only
/// when they hold values, and only after the cell budget says they fit, so a repeat bomb
/// is refused without being expanded. Covered cells keep any content they carry.
///
/// Not Sendable: it owns the archive for one read.
final class ODSDocumentReader {
    private let archive: ZipArchive
    private let budget: CellBudget

    /// A value cell of the row being read, before row repeats are applied.
    private struct RowCell {
        var column: Int
        var repeats: Int
        var value: SheetValue
    }

    /// The cell being read and its paragraphs.
    private struct PendingCell {
        var type: String?
        var attributeValue: SheetValue?
        var repeats = 1
        var paragraphs: [String] = []
        var inParagraph = 0
        var inAnnotation = 0
        /// Characters gathered so far; `<text:s text:c="…"/>` can expand far past the
        /// XML's size, so it is capped.
        var length = 0

        mutating func appendText(_ text: String) {
            length += text.utf8.count
            guard length <= ODSDocumentReader.maxCellText else { return }
            if paragraphs.isEmpty { paragraphs.append("") }
            paragraphs[paragraphs.count - 1] += text
        }
    }

    /// The most UTF-8 bytes of text one cell may hold (Excel's 32,767 characters, with
    /// room for multi-byte ones).
    static let maxCellText = 32_767 * 4

    init(archive: ZipArchive, budget: CellBudget) {
        self.archive = archive
        self.budget = budget
    }

    /// Reads every table in document order.
    /// - Throws: `SheetFailure` when content.xml is damaged or a limit is passed.
    func read() throws -> [SheetContent] {
        let reader = try XMLStreamReader(stream: archive.open("content.xml"), part: "content.xml")
        var sheets: [SheetContent] = []
        var sheet: SheetBuilder?
        var tableDepth = 0
        var row = 0
        var rowRepeats = 1
        var column = 0
        var rowCells: [RowCell] = []
        var cell: PendingCell?

        while try reader.read() {
            switch reader.kind {
            case .element where reader.nameIs("table"):
                tableDepth += 1
                guard tableDepth == 1 else { continue }
                let name = reader.attribute("name", anyNamespace: true)
                sheet = SheetBuilder(name: name ?? "Sheet\(sheets.count + 1)", budget: budget)
                row = 0
                if reader.isEmptyElement, let finished = sheet {
                    sheets.append(finished.build())
                    tableDepth = 0
                }
            case .endElement where reader.nameIs("table"):
                tableDepth -= 1
                if tableDepth == 0, let finished = sheet {
                    sheets.append(finished.build())
                    sheet = nil
                }
            case .element where tableDepth == 1 && reader.nameIs("table-row"):
                rowRepeats = Self.count(
                    reader.attribute("number-rows-repeated", anyNamespace: true))
                column = 0
                rowCells = []
                if reader.isEmptyElement { row += rowRepeats }
            case .endElement where tableDepth == 1 && reader.nameIs("table-row"):
                try store(rowCells, firstRow: row + 1, repeats: rowRepeats, into: &sheet)
                row += rowRepeats
            case .element
            where tableDepth == 1
                && (reader.nameIs("table-cell") || reader.nameIs("covered-table-cell")):
                var pending = startCell(reader)
                if reader.isEmptyElement {
                    try finish(&pending, column: &column, into: &rowCells)
                } else {
                    cell = pending
                }
            case .endElement
            where tableDepth == 1
                && (reader.nameIs("table-cell") || reader.nameIs("covered-table-cell")):
                if var pending = cell {
                    try finish(&pending, column: &column, into: &rowCells)
                }
                cell = nil
            default:
                if cell != nil { take(reader, into: &cell) }
            }
        }
        return sheets
    }

    // MARK: - Cells

    private func startCell(_ reader: XMLStreamReader) -> PendingCell {
        var cell = PendingCell()
        cell.repeats = Self.count(reader.attribute("number-columns-repeated", anyNamespace: true))
        cell.type = reader.attribute("value-type", anyNamespace: true)
        switch cell.type {
        case "float", "percentage", "currency":
            cell.attributeValue = reader.attribute("value", anyNamespace: true)
                .flatMap { Double($0) }.map(SheetValue.number)
        case "date":
            cell.attributeValue = reader.attribute("date-value", anyNamespace: true)
                .flatMap(ExcelSerialDate.iso).map(SheetValue.date)
        case "time":
            cell.attributeValue = reader.attribute("time-value", anyNamespace: true)
                .flatMap(Self.duration)
        case "boolean":
            cell.attributeValue = reader.attribute("boolean-value", anyNamespace: true)
                .map { SheetValue.bool($0.lowercased() == "true") }
        case "string":
            cell.attributeValue = reader.attribute("string-value", anyNamespace: true)
                .map(SheetValue.text)
        default:
            break
        }
        return cell
    }

    private func take(_ reader: XMLStreamReader, into cell: inout PendingCell?) {
        guard var pending = cell else { return }
        defer { cell = pending }

        switch reader.kind {
        case .element where reader.nameIs("annotation"):
            if !reader.isEmptyElement { pending.inAnnotation += 1 }
        case .endElement where reader.nameIs("annotation"):
            pending.inAnnotation -= 1
        case _ where pending.inAnnotation > 0:
            break
        case .element where reader.nameIs("p") || reader.nameIs("h"):
            pending.paragraphs.append("")
            if !reader.isEmptyElement { pending.inParagraph += 1 }
        case .endElement where reader.nameIs("p") || reader.nameIs("h"):
            pending.inParagraph -= 1
        case .element where pending.inParagraph > 0 && reader.nameIs("s"):
            let spaces = min(Self.count(reader.attribute("c", anyNamespace: true)), 1000)
            pending.appendText(String(repeating: " ", count: spaces))
        case .element where pending.inParagraph > 0 && reader.nameIs("tab"):
            pending.appendText("\t")
        case .element where pending.inParagraph > 0 && reader.nameIs("line-break"):
            pending.appendText("\n")
        case .text where pending.inParagraph > 0:
            pending.appendText(reader.text)
        default:
            break
        }
    }

    private func finish(
        _ cell: inout PendingCell, column: inout Int, into cells: inout [RowCell]
    ) throws {
        defer { column += cell.repeats }

        guard cell.length <= Self.maxCellText else {
            throw SheetFailure.tooLarge("a cell holds more than \(Self.maxCellText) bytes of text")
        }
        let text = cell.paragraphs.joined(separator: "\n")
        let value: SheetValue? =
            switch cell.type {
            case "string": cell.attributeValue ?? .text(text)
            case nil: text.isEmpty ? nil : .text(text)
            default: cell.attributeValue ?? (text.isEmpty ? nil : .text(text))
            }
        guard let value, !value.isEmpty else { return }
        cells.append(RowCell(column: column + 1, repeats: cell.repeats, value: value))
    }

    private func store(
        _ cells: [RowCell], firstRow: Int, repeats: Int, into sheet: inout SheetBuilder?
    ) throws {
        guard !cells.isEmpty, sheet != nil else { return }
        let perRow = cells.reduce(0) { $0 + min($1.repeats, SheetBuilder.lastColumn) }
        let (total, overflow) = perRow.multipliedReportingOverflow(
            by: min(repeats, SheetBuilder.lastRow))
        guard !overflow, budget.fits(total) else {
            throw SheetFailure.tooLarge(
                "repeated rows and cells expand past \(budget.limits.maxCells) cells")
        }

        for rowOffset in 0..<repeats where firstRow + rowOffset <= SheetBuilder.lastRow {
            for cell in cells {
                for offset in 0..<min(cell.repeats, SheetBuilder.lastColumn) {
                    try sheet?.set(
                        cell.value, row: firstRow + rowOffset, column: cell.column + offset)
                }
            }
        }
    }

    private static func count(_ text: String?) -> Int {
        guard let text, let value = Int(text), value > 0 else { return 1 }
        return value
    }

    /// An ODS time value such as `PT10H10M10S`: a time of day under 24 hours, otherwise
    /// a number of days.
    private static func duration(_ text: String) -> SheetValue? {
        guard text.hasPrefix("PT") || text.hasPrefix("-PT") else { return nil }
        var seconds = 0.0
        var digits = ""
        for char in text.drop(while: { $0 != "T" }).dropFirst() {
            if char.isNumber || char == "." {
                digits.append(char)
                continue
            }
            let amount = Double(digits) ?? 0
            digits = ""
            switch char {
            case "H": seconds += amount * 3600
            case "M": seconds += amount * 60
            case "S": seconds += amount
            default: return nil
            }
        }
        let whole = Int(seconds.rounded())
        guard !text.hasPrefix("-"), whole < 86_400 else {
            return .number((text.hasPrefix("-") ? -seconds : seconds) / 86_400)
        }
        return .date(SheetDate(day: nil, secondsOfDay: whole))
    }
}
