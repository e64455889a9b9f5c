import Foundation
import Ledger
import Reports

enum ReportCommands {
    static func format(_ arguments: inout Arguments) throws -> ReportFormat {
        let text = arguments.value("format") ?? "table"
        guard let format = ReportFormat(rawValue: text) else {
            throw UsageError("--format takes table, csv or json")
        }
        return format
    }

    static func status(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("report status")
        guard verb == "status" else { throw UsageError("report takes: status ID") }
        let id = try arguments.next("the dispatch id")
        let format = try format(&arguments)
        try arguments.finish()

        let report = try StatusReport(ledger: try context.openLedger(), dispatch: id)
        say(report.rendered(as: format))
    }

    static func export(_ arguments: inout Arguments, _ context: Context) throws {
        let id = try arguments.next("the dispatch id")
        let folder = try arguments.required("to")
        try arguments.finish()

        let export = AnswerExport(ledger: try context.openLedger(), dispatch: id)
        let count = try export.write(to: URL(fileURLWithPath: folder))
        say("\(count) files and manifest.csv written to \(folder)\n")
    }
}
