import Foundation
import Ledger
import MailBridge
import Reports
import Workflows

/// Global options, then one command and its arguments.
enum Command {
    static let usage = """
        usage: schoolpost [--ledger PATH] [--as LOGIN] COMMAND
          init --mailbox ADDRESS (--transport maildir:DIR | --smtp URL --imap URL)
               [--approval none|section-head|section-head+director] [--store DIR]
               [--reminders POLICY|none] [--retry-days N]
          schools import FILE.csv
          groups add NAME CODE...
          people add LOGIN --name NAME --role ROLE [--school CODE] [--email ADDR]
          dispatch create --subject S (--body T | --body-file F) [--short-title T]
               [--attach F]... --to TARGET... [--reply attachment|text|none]
               [--deadline YYYY-MM-DD] [--reminders POLICY|none] [--form FILE]
          dispatch approve ID | dispatch send ID
          reminders default [POLICY|none]
          bridge run [--once] [--interval SECONDS] | bridge ingest PATH...
          review list [--format table|csv|json] | review assign MESSAGE DISPATCH CODE
               | review dismiss MESSAGE
          report status ID | report overview | report late  [--format table|csv|json|html]
          export ID --to DIR|FILE.zip
          merge ID [--template FILE.xlsx] --to OUT.xlsx
          sheet inspect FILE [--format json|text]
          mail inspect FILE.eml [--format json|text]
          demo [--dir DIR]
        """

    static func run(_ words: [String]) throws -> Int32 {
        if ProcessInfo.processInfo.environment["SCHOOLPOST_TRACE"] == "1" {
            ProtocolTrace.setSink { line in
                FileHandle.standardError.write(Data("trace \(line)\n".utf8))
            }
        }
        var global = words
        var ledgerPath = "schoolpost.db"
        var actor = ProcessInfo.processInfo.environment["SCHOOLPOST_AS"] ?? ""
        while let first = global.first, first.hasPrefix("--") {
            global.removeFirst()
            let parts = first.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if name == "--help" {
                print(usage)
                return 0
            }
            guard name == "--ledger" || name == "--as" else {
                throw UsageError(
                    "unknown option \(name) before the command (see schoolpost --help)")
            }
            let value = parts.count == 2 ? parts[1] : (global.isEmpty ? nil : global.removeFirst())
            guard let value, !value.isEmpty else { throw UsageError("\(name) needs a value") }
            if name == "--ledger" { ledgerPath = value } else { actor = value }
        }
        guard !global.isEmpty else { throw UsageError("no command given (see schoolpost --help)") }

        let name = global.removeFirst()
        var arguments = try Arguments(global)
        let context = try Context(ledgerPath: ledgerPath, actor: actor)
        switch name {
        case "init": try InitCommand.run(&arguments, context)
        case "schools": try DirectoryCommands.schools(&arguments, context)
        case "groups": try DirectoryCommands.groups(&arguments, context)
        case "people": try DirectoryCommands.people(&arguments, context)
        case "dispatch": try DispatchCommands.run(&arguments, context)
        case "bridge": try BridgeCommands.run(&arguments, context)
        case "review": try ReviewCommands.run(&arguments, context)
        case "reminders": try DispatchCommands.reminders(&arguments, context)
        case "report": try ReportCommands.status(&arguments, context)
        case "export": try ReportCommands.export(&arguments, context)
        case "merge": try MergeCommands.merge(&arguments, context)
        case "sheet": try MergeCommands.sheet(&arguments, context)
        case "mail": try MailCommands.run(&arguments, context)
        case "demo": try DemoCommand.run(&arguments, context)
        case "help": print(usage)
        default: throw UsageError("unknown command \(name) (see schoolpost --help)")
        }
        return 0
    }
}

/// What every command shares: where the ledger is, who acts, the clock.
struct Context {
    var ledgerPath: String
    var actor: String
    var clock: Clock

    init(ledgerPath: String, actor: String) throws {
        self.ledgerPath = ledgerPath
        self.actor = actor
        clock = try Clock()
    }

    func openLedger() throws -> Ledger {
        try Ledger(openingAt: ledgerPath, clock: clock)
    }

    /// Directory, bridge and report commands act as the operator of the ledger file.
    var operatorName: String { "operator" }
}

/// Reads an input file or fails with a one-line error (exit 65).
func readInput(_ path: String) throws -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw LedgerError(.badData, "cannot read \(path)")
    }
}

/// Writes to standard output.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
