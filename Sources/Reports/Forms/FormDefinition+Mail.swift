import Foundation

extension FormDefinition {
    /// The plain-text block for the outgoing mail: an opening line, one `Name: ` line per
    /// field, a closing line, then a legend of types and required fields. The legend's
    /// lines hold no colon after a field name, so a reply quoting it adds no value.
    public func fillInBlock(language: FormLanguage = .polish) -> String {
        var lines = [language.opening]
        lines += fields.map { $0.name + ": " }
        lines.append(language.closing)
        lines.append(language.legendTitle)
        lines += fields.map(language.explain)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The template as a merge sees it: one sheet named after the title, the field names
    /// as its headers.
    public var mergeTemplate: MergeTemplate {
        var names = SheetName()
        return MergeTemplate(sheets: [
            MergeTemplate.Sheet(name: names.claim(title), headers: fields.map(\.name))
        ])
    }

    /// An .xlsx template to attach: one sheet named after the title, whose first row
    /// holds the field names.
    /// - Throws: `XLSXError` when libxlsxwriter cannot write it.
    public func templateWorkbook() throws -> Data {
        let sheet = mergeTemplate.sheets[0]
        return try WorkbookWriter.data([
            WorkbookSheet(name: sheet.name, rows: [sheet.headers.map(WorkbookCell.string)])
        ])
    }
}
