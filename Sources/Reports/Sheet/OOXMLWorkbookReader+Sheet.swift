import Foundation

extension OOXMLWorkbookReader {
    /// The cell being read: its position, type, style and the text of its parts.
    private struct PendingCell {
        var row = 0
        var column = 0
        var type = ""
        var style = 0
        var value: String?
        var hasFormula = false
        var inline: RunTextCollector?
    }

    /// Reads one worksheet's `<sheetData>`. Rows and cells without `r` follow the one
    /// before; `<dimension>` and spans are never trusted.
    /// - Throws: `SheetFailure` when the part is damaged or a limit is passed.
    func readSheet(named name: String, part: String) throws -> SheetContent {
        let reader = try XMLStreamReader(stream: archive.open(part), part: part)
        var sheet = SheetBuilder(name: name, budget: budget)
        var row = 0
        var nextColumn = 1
        var cell: PendingCell?
        var inValue = false

        while try reader.read() {
            switch reader.kind {
            case .element:
                if reader.nameIs("row") {
                    row = reader.attribute("r").flatMap { Int($0) } ?? row + 1
                    nextColumn = 1
                } else if reader.nameIs("c") {
                    var pending = startCell(reader, row: row, nextColumn: nextColumn)
                    nextColumn = pending.column + 1
                    if reader.isEmptyElement {
                        try finish(&pending, into: &sheet)
                    } else {
                        cell = pending
                    }
                } else if cell != nil {
                    if reader.nameIs("v") {
                        inValue = !reader.isEmptyElement
                        if cell?.value == nil { cell?.value = "" }
                    } else if reader.nameIs("f") {
                        cell?.hasFormula = true
                    } else if reader.nameIs("is") {
                        cell?.inline = RunTextCollector()
                    } else {
                        cell?.inline?.take(reader)
                    }
                }
            case .endElement:
                if reader.nameIs("c"), var pending = cell {
                    try finish(&pending, into: &sheet)
                    cell = nil
                } else if reader.nameIs("v") {
                    inValue = false
                } else if reader.nameIs("sheetData") {
                    return sheet.build()
                } else {
                    cell?.inline?.take(reader)
                }
            case .text:
                if inValue {
                    cell?.value? += reader.text
                } else {
                    cell?.inline?.take(reader)
                }
            case .other:
                break
            }
        }
        return sheet.build()
    }

    private func startCell(
        _ reader: XMLStreamReader, row: Int, nextColumn: Int
    ) -> PendingCell {
        var cell = PendingCell(row: max(row, 1), column: nextColumn)
        reader.forEachAttribute { name, namespace, value in
            guard namespace == nil else { return }
            if XMLStreamReader.equal(name, "r"), let position = Self.position(value) {
                cell.row = position.row
                cell.column = position.column
            } else if XMLStreamReader.equal(name, "t") {
                cell.type = String(cString: value)
            } else if XMLStreamReader.equal(name, "s") {
                cell.style = Int(String(cString: value)) ?? 0
            }
        }
        return cell
    }

    private func finish(_ cell: inout PendingCell, into sheet: inout SheetBuilder) throws {
        let raw = cell.value ?? ""
        if cell.hasFormula, raw.isEmpty, cell.inline == nil {
            note("a formula without a cached value was read as an empty cell")
        }
        guard let value = value(of: cell, raw: raw) else { return }
        try sheet.set(value, row: cell.row, column: cell.column)
    }

    private func value(of cell: PendingCell, raw: String) -> SheetValue? {
        switch cell.type {
        case "inlineStr":
            if let inline = cell.inline { return .text(inline.value) }
            return .text(OOXMLText.unescaped(raw))
        case "s":
            guard let index = Int(OOXMLText.trimmed(raw)) else { return nil }
            guard sharedStrings.indices.contains(index) else {
                note("a shared string index past the table was read as an empty cell")
                return nil
            }
            return .text(sharedStrings[index])
        case "str":
            return .text(OOXMLText.unescaped(raw))
        case "b":
            let flag = OOXMLText.trimmed(raw).lowercased()
            guard !flag.isEmpty else { return nil }
            return .bool(flag == "1" || flag == "true")
        case "e":
            return .error(OOXMLText.trimmed(raw))
        case "d":
            let text = OOXMLText.trimmed(raw)
            guard !text.isEmpty else { return nil }
            return ExcelSerialDate.iso(text).map(SheetValue.date) ?? .text(text)
        default:
            return number(OOXMLText.trimmed(raw), style: cell.style)
        }
    }

    private func number(_ text: String, style: Int) -> SheetValue? {
        guard !text.isEmpty else { return nil }
        guard let number = Double(text), number.isFinite else { return .text(text) }

        let format = formats.indices.contains(style) ? formats[style] : .number
        guard format == .date || format == .time,
            let date = ExcelSerialDate.date(serial: number, date1904: date1904, format: format)
        else { return .number(number) }
        return .date(date)
    }

    /// The position an A1 reference names (`$` allowed), or `nil` when malformed.
    static func position(_ text: UnsafePointer<UInt8>) -> (row: Int, column: Int)? {
        var index = 0
        var column = 0
        var row = 0
        if text[index] == UInt8(ascii: "$") { index += 1 }
        while true {
            let byte = text[index] & 0xDF
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z"), column < 100_000 else {
                break
            }
            column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            index += 1
        }
        if text[index] == UInt8(ascii: "$") { index += 1 }
        while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]), row < 10_000_000 {
            row = row * 10 + Int(text[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard column > 0, row > 0, text[index] == 0 else { return nil }
        return (row, column)
    }
}
