import Foundation
import Ledger

/// Builds a bridge from a ledger's settings: the embedded Maildir transport, or SMTP and
/// IMAP servers with credentials from the environment.
public enum BridgeSetup {
    /// - Throws: `LedgerError(.usage)` for settings that name no transport.
    public static func bridge(
        for ledger: Ledger, log: BridgeLog,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Bridge {
        let settings = try ledger.settings()
        ledger.store.sweepTemporaryFiles()
        if let transport = settings.transport, transport.hasPrefix("maildir:") {
            let root = URL(fileURLWithPath: String(transport.dropFirst("maildir:".count)))
            let maildir = try MaildirTransport(directory: root)
            maildir.sweepAbandonedFiles()
            let bridge = Bridge(ledger: ledger, transport: maildir, mailbox: maildir,
                                mailboxName: "maildir", log: log)
            bridge.retryLifetime = TimeInterval(settings.retryDays) * 86_400
            return bridge
        }
        guard let smtp = settings.smtpURL, let imap = settings.imapURL else {
            throw LedgerError(.usage, "the ledger names neither a Maildir nor SMTP and IMAP")
        }
        let caFile = environment["SCHOOLPOST_CA_FILE"]
        let transport = try SMTPTransport(configuration: SMTPConfiguration(
            endpoint: try ServerEndpoint(url: smtp, caFile: caFile),
            password: password(for: SMTPConfiguration.passwordVariable, environment)))
        let endpoint = try ServerEndpoint(url: imap, caFile: caFile)
        let mailbox = try IMAPMailbox(configuration: IMAPConfiguration(
            endpoint: endpoint,
            password: password(for: IMAPConfiguration.passwordVariable, environment),
            processedFolder: settings.processedFolder))
        let bridge = Bridge(ledger: ledger, transport: transport, mailbox: mailbox,
                            mailboxName: endpoint.description, log: log)
        bridge.retryLifetime = TimeInterval(settings.retryDays) * 86_400
        return bridge
    }

    /// `NAME_FILE` names a file only its owner may read; else `NAME` itself; else none.
    private static func password(
        for variable: String, _ environment: [String: String]
    ) -> PasswordSource {
        if let path = environment[variable + "_FILE"], !path.isEmpty {
            return .secretsFile(path: path)
        }
        return environment[variable] == nil ? .none : .environment(variable)
    }

    /// Ingests .eml files and Maildirs without any server.
    /// - Throws: `LedgerError(.badData)` for a path that is neither.
    public static func ingest(paths: [String], into ledger: Ledger, log: BridgeLog) throws
        -> BridgePass
    {
        let bridge = Bridge(ledger: ledger, transport: RefusingTransport(), mailbox: nil, log: log)
        var pass = BridgePass()
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw LedgerError(.badData, "no such file or folder: \(path)")
            }
            if isFolder.boolValue {
                let folder = URL(fileURLWithPath: path)
                let maildir = try MaildirTransport(directory: folder, inbox: folder)
                while true {
                    let batch = try maildir.fetchNew(after: nil, limit: 200)
                    if batch.isEmpty { break }
                    for message in batch {
                        try bridge.ingest(message.raw, source: message.location.description,
                                          into: &pass)
                        try maildir.markProcessed(message.location)
                    }
                }
            } else {
                let raw = try Data(contentsOf: URL(fileURLWithPath: path))
                let name = URL(fileURLWithPath: path).lastPathComponent
                try bridge.ingest(raw, source: "file:\(name)", into: &pass)
            }
        }
        return pass
    }
}

/// The transport of an ingest-only bridge: it sends nothing.
final class RefusingTransport: OutgoingTransport {
    func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome {
        throw LedgerError(.internal, "an ingest-only bridge cannot send mail")
    }
}
