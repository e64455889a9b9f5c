import Foundation
import Ledger
import Reports

/// `merge ID [--template FILE.xlsx] --to OUT.xlsx` and `sheet inspect FILE`.
enum MergeCommands {
    static func merge(_ arguments: inout Arguments, _ context: Context) throws {
        let id = try arguments.next("the dispatch id")
        let template = arguments.value("template")
        let output = try arguments.required("to")
        try arguments.finish()

        let merge = DispatchMerge(ledger: try context.openLedger(), dispatch: id)
        let shape = try merge.template(from: template.map { URL(fileURLWithPath: $0) },
                                       preferringForm: true)
        let result = try merge.run(template: shape, extra: try merge.formAnswers())
        try result.write(to: output)
        say("\(result.mergedFiles) files, \(result.mergedRows) rows merged into \(output); "
            + "\(result.problems.count) lines in \(result.problemSheetName)\n")
    }

    /// Prints what the reader makes of a file; every outcome is data (exit 0), only a
    /// file that cannot be opened at all exits 65.
    static func sheet(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("sheet inspect")
        guard verb == "inspect" else { throw UsageError("sheet takes: inspect FILE") }
        let file = try arguments.next("the spreadsheet file")
        let format = arguments.value("format") ?? "json"
        guard format == "json" || format == "text" else {
            throw UsageError("--format takes json or text")
        }
        try arguments.finish()

        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder),
            !isFolder.boolValue, FileManager.default.isReadableFile(atPath: file)
        else { throw LedgerError(.badData, "cannot read \(file)") }
        let inspection = SpreadsheetReader.read(fileAt: URL(fileURLWithPath: file))
        say(format == "json" ? inspection.json() + "\n" : inspection.summary)
    }
}
