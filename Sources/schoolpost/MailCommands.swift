import Foundation
import Ledger
import MailBridge
import Workflows

enum MailCommands {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("mail inspect")
        guard verb == "inspect" else { throw UsageError("mail takes: inspect FILE.eml") }
        let file = try arguments.next("the .eml file")
        let format = arguments.value("format") ?? "json"
        guard format == "json" || format == "text" else {
            throw UsageError("--format takes json or text")
        }
        try arguments.finish()

        let inspection = MessageInspection(MessageReader.read(try readInput(file)))
        say((format == "json" ? try inspection.json() : inspection.summary) + "\n")
    }
}

enum DemoCommand {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let folder = arguments.value("dir") ?? "schoolpost-demo"
        try arguments.finish()

        let outcome = try DemoScenario(folder: URL(fileURLWithPath: folder), clock: context.clock)
            .run { say($0 + "\n") }
        say(outcome)
    }
}
