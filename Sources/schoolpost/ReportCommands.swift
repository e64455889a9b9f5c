import Foundation
import Ledger
import Reports

/// `report status|overview|late …` and `export`: argument parsing only.
enum ReportCommands {
    /// `--format table|csv|json` as the review list takes it.
    static func format(_ arguments: inout Arguments) throws -> ReportFormat {
        let text = arguments.value("format") ?? "table"
        guard let format = ReportFormat(rawValue: text) else {
            throw UsageError("--format takes table, csv or json")
        }
        return format
    }

    /// `--format table|csv|json|html` as the reports take it.
    static func outputFormat(_ arguments: inout Arguments) throws -> OutputFormat {
        let text = arguments.value("format") ?? "table"
        guard let format = OutputFormat(rawValue: text) else {
            throw UsageError("--format takes table, csv, json or html")
        }
        return format
    }

    /// `report status ID`, `report overview` or `report late`, each with `[--format F]`.
    /// (The command table calls this entry `status`; it reads the report's name first.)
    static func status(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("the report (status, overview or late)")
        switch verb {
        case "status":
            let id = try arguments.next("the dispatch id")
            let format = try outputFormat(&arguments)
            try arguments.finish()
            let report = try StatusReport(ledger: try context.openLedger(), dispatch: id)
            say(report.rendered(in: format))
        case "overview":
            let format = try outputFormat(&arguments)
            try arguments.finish()
            say(try OverviewReport(ledger: try context.openLedger()).rendered(in: format))
        case "late":
            let format = try outputFormat(&arguments)
            try arguments.finish()
            say(try LateReport(ledger: try context.openLedger()).rendered(in: format))
        default:
            throw UsageError("report takes: status ID | overview | late")
        }
    }

    /// `export ID --to DIR|FILE.zip`.
    static func export(_ arguments: inout Arguments, _ context: Context) throws {
        let id = try arguments.next("the dispatch id")
        let destination = try arguments.required("to")
        try arguments.finish()

        let export = AnswerExport(ledger: try context.openLedger(), dispatch: id)
        let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar(label: destination) : nil
        let count = try export.export(
            to: URL(fileURLWithPath: destination),
            progress: bar.map { bar in { fraction in whisper(bar.line(fraction)) } })
        if bar != nil { whisper("\n") }
        say("\(count) files, manifest.csv and missing.csv written to \(destination)\n")
    }

    /// Writes to standard error.
    private static func whisper(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
