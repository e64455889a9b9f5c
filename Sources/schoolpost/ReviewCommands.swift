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
