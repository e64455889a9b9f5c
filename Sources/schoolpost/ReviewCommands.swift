import Foundation
import Ledger
import MailBridge
import Reports

enum ReviewCommands {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("review list, assign or dismiss")
        let ledger = try context.openLedger()
        switch verb {
        case "list":
            let format = try ReportCommands.format(&arguments)
            try arguments.finish()
            say(ReviewListing(items: try ledger.reviewList(), calendar: ledger.calendar)
                .rendered(as: format))
        case "assign":
            let message = try messageNumber(try arguments.next("the message number"))
            let dispatch = try arguments.next("the dispatch id")
            let code = try arguments.next("the institution code")
            try arguments.finish()
            let bridge = try BridgeSetup.bridge(for: ledger, log: StderrLog())
            try bridge.assign(message: message, dispatch: dispatch, recipient: code,
                              actor: context.operatorName)
            say("message \(message) filed as the answer of \(code) to \(dispatch)\n")
        case "dismiss":
            let message = try messageNumber(try arguments.next("the message number"))
            try arguments.finish()
            try ledger.dismiss(message: message, actor: context.operatorName)
            say("message \(message) dismissed\n")
        default:
            throw UsageError("review takes list, assign or dismiss")
        }
    }

    private static func messageNumber(_ text: String) throws -> Int64 {
        guard let number = Int64(text), number > 0 else {
            throw UsageError("\(text) is not a message number (see review list)")
        }
        return number
    }
}

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
