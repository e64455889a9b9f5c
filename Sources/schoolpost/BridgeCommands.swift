import Foundation
import Ledger
import MailBridge
import Synchronization
import Workflows

/// Set by SIGTERM or SIGINT; the loop finishes the step in hand, then stops.
let stopRequested = Atomic<Bool>(false)

enum BridgeCommands {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("bridge run or ingest")
        switch verb {
        case "run": try runLoop(&arguments, context)
        case "ingest": try ingest(&arguments, context)
        default: throw UsageError("bridge takes run or ingest")
        }
    }

    private static func runLoop(_ arguments: inout Arguments, _ context: Context) throws {
        let once = arguments.flag("once")
        let interval = Double(arguments.value("interval") ?? "60") ?? 60
        try arguments.finish()

        let ledger = try context.openLedger()
        let lock = try BridgeLock(ledgerPath: context.ledgerPath)
        defer { lock.release() }
        let log = StderrLog()
        let daemon = BridgeDaemon(bridge: try BridgeSetup.bridge(for: ledger, log: log), log: log)
        installStopHandlers()

        guard once else {
            return try daemon.run(interval: interval) { stopRequested.load(ordering: .relaxed) }
        }
        let (pass, reminders, digests) = try daemon.step()
        say("sent \(pass.sent), refused \(pass.refused), deferred \(pass.deferred); "
            + "filed \(pass.stored), for review \(pass.forReview), "
            + "duplicates \(pass.duplicates); reminders \(reminders), digests \(digests)\n")
    }

    private static func ingest(_ arguments: inout Arguments, _ context: Context) throws {
        var paths: [String] = []
        while !arguments.positionals.isEmpty { paths.append(try arguments.next("a path")) }
        guard !paths.isEmpty else {
            throw UsageError("bridge ingest needs .eml files or a Maildir")
        }
        try arguments.finish()

        let ledger = try context.openLedger()
        let pass = try BridgeSetup.ingest(paths: paths, into: ledger, log: StderrLog())
        say("filed \(pass.stored), for review \(pass.forReview), duplicates \(pass.duplicates)\n")
    }

    private static func installStopHandlers() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            stopRequested.store(true, ordering: .relaxed)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }
}

/// One structured line per action on stderr: `level=info event=… key=value…`.
struct StderrLog: BridgeLog {
    func record(level: String, event: String, metadata: [(String, String)]) {
        let fields = metadata.map { key, value in
            let clean = value.replacingOccurrences(of: "\n", with: " ")
            return clean.contains(" ") || clean.contains("\"")
                ? "\(key)=\"\(clean.replacingOccurrences(of: "\"", with: "'"))\""
                : "\(key)=\(clean)"
        }
        let line = (["level=\(level)", "event=\(event)"] + fields).joined(separator: " ")
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
