import Foundation

/// The merged workbook before it is written: the template's sheets filled with answers,
/// and the `Problemy` lines.
public struct MergeResult: Sendable {
    /// Per template sheet: the header row (code, name, file, the template's headers) and
    /// one row per answer row.
    public var sheets: [WorkbookSheet]
    /// What did not fit, file by file, in the order the inputs came.
    public var problems: [MergeProblem]
    /// The name of the problems sheet: `Problemy`, unless the template has one.
    public var problemSheetName: String
    /// How many inputs gave at least one template sheet.
    public var mergedFiles: Int

    /// Makes a result from its parts.
    public init(
        sheets: [WorkbookSheet], problems: [MergeProblem], problemSheetName: String = "Problemy",
        mergedFiles: Int
    ) {
        self.sheets = sheets
        self.problems = problems
        self.problemSheetName = problemSheetName
        self.mergedFiles = mergedFiles
    }

    /// How many answer rows the sheets hold together.
    public var mergedRows: Int {
        sheets.reduce(0) { $0 + max($1.rows.count - 1, 0) }
    }

    /// The sheets to write: the merged ones, then `Problemy`.
    public var workbookSheets: [WorkbookSheet] {
        let lines = [MergeProblem.headers] + problems.map(\.cells)
        let problemSheet = WorkbookSheet(
            name: problemSheetName, rows: lines.map { $0.map(WorkbookCell.string) })
        return sheets + [problemSheet]
    }

    /// Writes the workbook to `path`.
    /// - Throws: `MergeError` (temporary) when libxlsxwriter cannot write it, such as for
    ///   a missing folder or a full disk.
    public func write(to path: String) throws {
        do {
            try WorkbookWriter.write(workbookSheets, to: path)
        } catch let error as XLSXError {
            throw MergeError(.temporary, "cannot write \(path): \(error)")
        }
    }
}
