import Foundation

/// The department mailbox over IMAP (libetpan): new messages after a UID, and the move
/// to the processed folder once the ledger holds them.
///
/// Not Sendable: confined to one thread or serial queue (the caller runs it off the
/// cooperative pool). Connects lazily; reconnects once after a lost or garbled connection.
public final class IMAPMailbox: InboundMailbox {
    /// The settings this mailbox was made with.
    public let configuration: IMAPConfiguration
    private let password: String
    private var session: IMAPSession?

    /// The UIDVALIDITY of the mailbox as last selected, for the ledger to store.
    public private(set) var currentUIDValidity: UInt32?

    /// Reads the password now; connects on first use.
    /// - Throws: `PasswordSource.ReadError`, or `IMAPError` (step `.configuration`) for a
    ///   URL that is not imap/imaps or names no user.
    public init(configuration: IMAPConfiguration) throws {
        let endpoint = configuration.endpoint
        guard endpoint.scheme == .imap || endpoint.scheme == .imaps else {
            throw IMAPError(.configuration, detail: "\(endpoint) is not an IMAP URL")
        }
        guard endpoint.user != nil else {
            throw IMAPError(.configuration, detail: "the IMAP URL names no user")
        }
        guard let password = try configuration.password.read() else {
            throw IMAPError(.configuration, detail: "no password source for IMAP")
        }
        self.configuration = configuration
        self.password = password
        SignalSetup.ignoreBrokenPipes()
    }

    /// Connects now (also done lazily), e.g. to check the settings at start-up.
    /// - Throws: `IMAPError`.
    public func open() throws {
        _ = try connectedSession()
    }

    /// Logs out and drops the connection.
    public func close() {
        session = nil
    }

    // MARK: - InboundMailbox

    /// Messages with UIDs above `after.uid` (or all, when UIDVALIDITY changed or `after` is
    /// nil), oldest first, at most `min(limit, configuration.maxBatch)`.
    /// - Throws: `IMAPError`.
    public func fetchNew(after: (uidValidity: UInt32, uid: UInt32)?, limit: Int) throws
        -> [FetchedMessage] {
        let cap = min(limit, configuration.maxBatch)
        guard cap > 0 else { return [] }

        return try withReconnect { session in
            try session.select(configuration.mailbox)
            let validity = session.uidValidity
            currentUIDValidity = validity
            var first: UInt32 = 1
            if let after, after.uidValidity == validity {
                guard after.uid < UInt32.max else { return [] }
                first = after.uid + 1
            }
            if session.uidNext != 0, first >= session.uidNext { return [] }

            let chosen = try session.uids(from: first).prefix(cap)
            guard let low = chosen.first, let high = chosen.last else { return [] }
            return try session.messages(first: low, last: high).map {
                FetchedMessage(location: .imap(uidValidity: validity, uid: $0.uid), raw: $0.raw)
            }
        }
    }

    /// Moves the message to the processed folder (created when missing).
    /// - Throws: `IMAPError`; step `.uidValidity` when the mailbox was renumbered since
    ///   the message was fetched, `.configuration` for a Maildir location.
    public func markProcessed(_ location: MailboxLocation) throws {
        guard case let .imap(validity, uid) = location else {
            throw IMAPError(.configuration, detail: "\(location) is not an IMAP message")
        }

        try withReconnect { session in
            if session.selectedMailbox != configuration.mailbox {
                try session.select(configuration.mailbox)
                currentUIDValidity = session.uidValidity
            }
            guard session.uidValidity == validity else {
                throw IMAPError(.uidValidity, detail:
                    "mailbox UIDVALIDITY is \(session.uidValidity), message has \(validity)")
            }
            let folder = configuration.processedFolder
            try session.ensureFolder(folder)
            if configuration.moveStrategy == .automatic, session.has("MOVE") {
                try session.move(uid: uid, to: folder)
            } else {
                try session.copyAndExpunge(uid: uid, to: folder)
            }
        }
    }

    // MARK: - Connection

    /// Waits for new mail with IDLE where the server has it, else sleeps; wakes early
    /// when `shouldStop` turns true.
    /// - Throws: `IMAPError`.
    public func waitForMail(upTo seconds: Double, shouldStop: () -> Bool) throws {
        let spoke = try withReconnect { session -> Bool? in
            if session.selectedMailbox == nil { try session.select(configuration.mailbox) }
            return try session.idle(seconds: seconds, shouldStop: shouldStop)
        }
        if spoke == nil { Pause.sleep(upTo: seconds, shouldStop: shouldStop) }
    }

    private func connectedSession() throws -> IMAPSession {
        if let session { return session }
        let fresh = try IMAPSession(configuration: configuration, password: password)
        session = fresh
        return fresh
    }

    /// Runs `body`; after a stream or parse error, reconnects and runs it once more.
    private func withReconnect<T>(_ body: (IMAPSession) throws -> T) throws -> T {
        do {
            return try body(connectedSession())
        } catch let error as IMAPError where error.isConnectionLoss {
            session = nil
        }
        do {
            return try body(connectedSession())
        } catch let error as IMAPError where error.isConnectionLoss {
            session = nil
            throw error
        }
    }
}
