/// Reads an Office Open XML workbook (.xlsx, .xlsm; transitional or strict) from its zip:
/// finds the workbook through the package relationships, then its sheets, shared strings
/// and styles through the workbook's own, matching part names case-insensitively.
///
/// Not Sendable: it owns the archive for one read.
final class OOXMLWorkbookReader {
    let archive: ZipArchive
    let budget: CellBudget
    private(set) var notes: [String] = []
    var sharedStrings: [String] = []
    var formats: [NumberFormat] = []
    var date1904 = false

    private struct SheetEntry {
        var name: String
        var part: String?
    }

    init(archive: ZipArchive, budget: CellBudget) {
        self.archive = archive
        self.budget = budget
    }

    /// Reads every sheet in workbook order.
    /// - Throws: `SheetFailure` when there is no workbook part, a part is damaged, or a
    ///   limit is passed.
    func read() throws -> [SheetContent] {
        let workbookPart = try findWorkbook()
        let relationships = try OOXMLRelationships(of: workbookPart, in: archive)
        let entries = try readWorkbook(workbookPart, relationships: relationships)

        let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let prefix = folder.isEmpty ? "" : folder + "/"
        // A relationship to a missing part is ignored: some producers list parts they
        // never write.
        if let part = relationships.target(typeSuffix: "sharedStrings").flatMap(existing)
            ?? existing(prefix + "sharedStrings.xml")
        {
            sharedStrings = try readSharedStrings(part)
        }
        if let part = relationships.target(typeSuffix: "styles").flatMap(existing)
            ?? existing(prefix + "styles.xml")
        {
            formats = try readStyles(part)
        }

        return try entries.map { entry in
            guard let part = entry.part, archive.contains(part) else {
                note("sheet \"\(entry.name)\" has no part in the package; read as empty")
                return SheetContent(name: entry.name, cells: [:])
            }
            return try readSheet(named: entry.name, part: part)
        }
    }

    /// Records a remark once.
    func note(_ text: String) {
        if !notes.contains(text) {
            notes.append(text)
        }
    }

    // MARK: - Package and workbook

    private func findWorkbook() throws -> String {
        let package = try OOXMLRelationships(of: "", in: archive)
        if let part = package.target(typeSuffix: "officeDocument"), archive.contains(part) {
            return part
        }
        if archive.contains("xl/workbook.xml") {
            return "xl/workbook.xml"
        }
        if archive.contains("xl/workbook.bin") {
            throw SheetFailure.damaged("a binary workbook (.xlsb), which is not read")
        }
        throw SheetFailure.damaged("the zip holds no workbook part")
    }

    private func readWorkbook(
        _ part: String, relationships: OOXMLRelationships
    ) throws -> [SheetEntry] {
        let reader = try XMLStreamReader(stream: archive.open(part), part: part)
        var entries: [SheetEntry] = []
        var sawWorkbook = false

        while try reader.read() {
            guard reader.kind == .element else { continue }
            if reader.depth == 0 {
                sawWorkbook = reader.nameIs("workbook")
            } else if reader.depth == 1, reader.nameIs("workbookPr"),
                let flag = reader.attribute("date1904")?.lowercased()
            {
                date1904 = flag == "1" || flag == "true"
            } else if reader.nameIs("sheet") {
                let name = reader.attribute("name") ?? "Sheet\(entries.count + 1)"
                let id = relationshipID(reader)
                entries.append(
                    SheetEntry(
                        name: name, part: id.flatMap { relationships.target(id: $0) }))
            }
        }
        guard sawWorkbook else {
            throw SheetFailure.damaged("\(part) is not a SpreadsheetML workbook")
        }
        return entries
    }

    /// The `r:id` of a `<sheet>`, whatever prefix the relationships namespace has.
    private func relationshipID(_ reader: XMLStreamReader) -> String? {
        var found: String?
        reader.forEachAttribute { name, namespace, value in
            guard found == nil, XMLStreamReader.equal(name, "id"), let namespace else { return }
            let uri = String(cString: namespace).lowercased()
            if uri.hasSuffix("/relationships") {
                found = String(cString: value)
            }
        }
        return found
    }

    private func existing(_ part: String) -> String? {
        archive.contains(part) ? part : nil
    }

    // MARK: - Shared strings and styles

    private func readSharedStrings(_ part: String) throws -> [String] {
        let reader = try XMLStreamReader(stream: archive.open(part), part: part)
        var strings: [String] = []
        var collector = RunTextCollector()

        while try reader.read() {
            switch reader.kind {
            case .element where reader.nameIs("si"):
                collector = RunTextCollector()
                if reader.isEmptyElement { strings.append("") }
            case .endElement where reader.nameIs("si"):
                strings.append(collector.value)
                guard strings.count <= budget.limits.maxCells else {
                    let limit = budget.limits.maxCells
                    throw SheetFailure.tooLarge(
                        "the shared string table holds more than \(limit) strings")
                }
            default:
                collector.take(reader)
            }
        }
        return strings
    }

    private func readStyles(_ part: String) throws -> [NumberFormat] {
        let reader = try XMLStreamReader(stream: archive.open(part), part: part)
        var custom: [Int: NumberFormat] = [:]
        var formats: [NumberFormat] = []
        var inCellXfs = false

        while try reader.read() {
            switch reader.kind {
            case .element where reader.nameIs("numFmt"):
                if let id = reader.attribute("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = NumberFormat.classify(reader.attribute("formatCode") ?? "")
                }
            case .element where reader.nameIs("cellXfs"):
                inCellXfs = !reader.isEmptyElement
            case .endElement where reader.nameIs("cellXfs"):
                inCellXfs = false
            case .element where inCellXfs && reader.nameIs("xf"):
                let id = reader.attribute("numFmtId").flatMap { Int($0) } ?? 0
                formats.append(custom[id] ?? NumberFormat.builtIn(id))
            default:
                break
            }
        }
        return formats
    }
}
