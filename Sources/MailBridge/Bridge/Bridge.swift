import Foundation
import Ledger

/// What one pass of the bridge did.
public struct BridgePass: Sendable, Equatable {
    public var sent = 0
    public var refused = 0
    public var deferred = 0
    public var stored = 0
    public var duplicates = 0
    public var forReview = 0

    public init() {}
}

/// Moves mail between the ledger and the world: sends the outbox, reads the inbox, files
/// what comes back. Each message's fate is committed before the mailbox is touched, so a
/// crash can only cause a re-read, which the ledger recognises and ignores.
public final class Bridge {
    public let ledger: Ledger
    let transport: OutgoingTransport
    let mailbox: InboundMailbox?
    let mailboxName: String
    let log: BridgeLog
    /// How long a 4xx'd or unreachable address is retried before it counts as refused.
    public var retryLifetime: TimeInterval = 5 * 24 * 3600
    /// The largest attachment filed; a larger one stays only inside the raw message.
    public var maxAttachmentBytes = 25 * 1024 * 1024
    /// The most attachment bytes filed from one message.
    public var maxMessageAttachmentBytes = 50 * 1024 * 1024
    /// Made on first use: it reads the ledger's settings once, not once per message.
    private var matcher: ReplyMatcher?

    public init(
        ledger: Ledger, transport: OutgoingTransport, mailbox: InboundMailbox?,
        mailboxName: String = "INBOX", log: BridgeLog = SilentLog()
    ) {
        self.ledger = ledger
        self.transport = transport
        self.mailbox = mailbox
        self.mailboxName = mailboxName
        self.log = log
    }

    /// Sends everything due in the outbox, one SMTP transaction per address.
    /// - Throws: ledger failures; server answers are recorded, not thrown.
    @discardableResult
    public func flushOutbox() throws -> BridgePass {
        var pass = BridgePass()
        for item in try ledger.dueOutbox() {
            let raw = try ledger.store.data(for: item.rawSHA256)
            let outcome = try transport.send(
                raw, envelopeFrom: item.envelopeFrom, recipient: item.address)
            let result = ledgerResult(for: outcome, item: item)
            try ledger.record(result, for: item, actor: "bridge")

            let meta = [("delivery", String(item.deliveryID)), ("address", item.address)]
            switch result {
            case let .accepted(response):
                pass.sent += 1
                log.record(level: "info", event: "mail-accepted",
                           metadata: meta + [("response", response)])
            case let .refused(response):
                pass.refused += 1
                log.record(level: "warning", event: "mail-refused",
                           metadata: meta + [("response", response)])
            case let .deferred(response, retryAt):
                pass.deferred += 1
                log.record(level: "warning", event: "mail-deferred",
                           metadata: meta + [("response", response),
                                             ("retry", Timestamp.format(retryAt))])
            }
        }
        try flushNotices(into: &pass)
        return pass
    }

    /// Sends notices to staff (the daily digest); one that fails waits for the next pass.
    private func flushNotices(into pass: inout BridgePass) throws {
        let sender = try ledger.settings().mailbox
        for notice in try ledger.pendingNotices() {
            let raw = try ledger.store.data(for: notice.rawSHA256)
            let outcome = try transport.send(raw, envelopeFrom: sender, recipient: notice.recipient)
            switch outcome {
            case let .accepted(response):
                pass.sent += 1
                try ledger.recordNotice(notice, accepted: true, response: response)
            case let .refused(code, response):
                pass.refused += 1
                try ledger.recordNotice(notice, accepted: false,
                                        response: Self.words(code, response))
            case let .deferred(_, response):
                pass.deferred += 1
                try ledger.recordNotice(notice, accepted: nil, response: response)
            }
            log.record(level: "info", event: "notice-sent",
                       metadata: [("recipient", notice.recipient)])
        }
    }

    /// Growing back-off: 2, 4, 8 … minutes, at most an hour; past the lifetime, refused.
    private func ledgerResult(for outcome: SendOutcome, item: OutboxItem) -> OutboxResult {
        switch outcome {
        case let .accepted(response):
            return .accepted(response: response)
        case let .refused(code, response):
            return .refused(response: Self.words(code, response))
        case let .deferred(code, response):
            let words = Self.words(code, response)
            let queuedAt = (try? ledger.dispatchQueuedAt(delivery: item.deliveryID)) ?? ledger.now
            if ledger.now.timeIntervalSince(queuedAt) > retryLifetime {
                return .refused(response: "given up after \(item.attempts + 1) tries: \(words)")
            }
            let delay = min(3600, 120 * pow(2, Double(min(item.attempts, 10))))
            return .deferred(response: words, retryAt: ledger.now.addingTimeInterval(delay))
        }
    }

    /// The server's words with its code in front, once: the reply line usually starts
    /// with the code already.
    static func words(_ code: Int?, _ response: String) -> String {
        guard let code, !response.hasPrefix(String(code)) else { return response }
        return "\(code) \(response)"
    }

    /// Reads what is new in the mailbox, commits each message, then moves it aside.
    /// - Throws: mailbox or ledger failures; a message that cannot be read is kept raw
    ///   for review, never dropped.
    @discardableResult
    public func pollInbox(limit: Int = 200) throws -> BridgePass {
        guard let mailbox else { return BridgePass() }
        var pass = BridgePass()
        let position = try ledger.mailboxPosition(mailboxName)
        for fetched in try mailbox.fetchNew(after: position, limit: limit) {
            try ingest(fetched.raw, source: fetched.location.description, into: &pass)
            try mailbox.markProcessed(fetched.location)
            if case let .imap(validity, uid) = fetched.location {
                try ledger.saveMailboxPosition(mailboxName, uidValidity: validity, uid: uid)
            }
        }
        return pass
    }

    /// Waits for the next pass: IDLE on an IMAP server that has it, else a sleep.
    /// - Throws: mailbox failures.
    public func waitForMail(upTo seconds: Double, shouldStop: () -> Bool) throws {
        guard let mailbox else { return Pause.sleep(upTo: seconds, shouldStop: shouldStop) }
        try mailbox.waitForMail(upTo: seconds, shouldStop: shouldStop)
    }

    /// Files one raw message: classify, match, store, apply, all in one transaction.
    /// - Throws: ledger failures.
    public func ingest(_ raw: Data, source: String, into pass: inout BridgePass) throws {
        let message = MessageReader.read(raw)
        let matcher = try self.matcher ?? ReplyMatcher(ledger: ledger)
        self.matcher = matcher
        let match = try matcher.match(message)
        let (files, refused) = limitedFiles(message.attachments)
        let record = InboundRecord(
            raw: raw, headerMessageID: message.messageID, sender: message.from?.address,
            subject: message.subject, sentAt: message.date, kind: message.kind.rawValue,
            headers: message.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"),
            text: message.text, source: source, match: match, files: files,
            refusedFiles: refused)
        let outcome = try ledger.recordInbound(record, namer: Bridge.fileName)

        var meta = [("source", source), ("kind", message.kind.rawValue)]
        switch (outcome, match) {
        case let (.duplicate(id), _):
            pass.duplicates += 1
            log.record(level: "info", event: "message-duplicate",
                       metadata: meta + [("message", String(id))])
        case let (.stored(id), .review(reason)):
            pass.forReview += 1
            meta += [("message", String(id)), ("reason", reason)]
            log.record(level: "warning", event: "message-for-review", metadata: meta)
        case let (.stored(id), .delivery(delivery, method, _)):
            pass.stored += 1
            meta += [("message", String(id)), ("delivery", String(delivery)), ("by", method)]
            log.record(level: "info", event: "message-filed", metadata: meta)
        }
    }

    /// The attachments within the size limits, and a line for each one that is not.
    private func limitedFiles(_ attachments: [InboundAttachment]) -> ([InboundFile], [String]) {
        var files: [InboundFile] = []
        var refused: [String] = []
        var total = 0
        for attachment in attachments {
            let size = attachment.data.count
            if size > maxAttachmentBytes || total + size > maxMessageAttachmentBytes {
                refused.append("\(attachment.filename): \(size) bytes is over the limit "
                               + "(\(maxAttachmentBytes) per file, "
                               + "\(maxMessageAttachmentBytes) per message)")
                continue
            }
            total += size
            files.append(InboundFile(originalName: attachment.filename,
                                     contentType: attachment.contentType, data: attachment.data))
        }
        return (files, refused)
    }

    /// Files a message from the review list as the answer of `code` to `dispatch`.
    /// - Throws: `LedgerError(.badData)` for an unknown delivery or message.
    public func assign(message id: Int64, dispatch: DispatchID, recipient code: String,
                       actor: String) throws {
        guard let delivery = try ledger.delivery(dispatch: dispatch, recipient: code) else {
            throw LedgerError(.badData, "dispatch \(dispatch) has no delivery to \(code)")
        }
        let message = MessageReader.read(try ledger.rawMessage(id))
        // The same limits as ingest: staff assigning a message files no more than the
        // bridge would have.
        let (files, _) = limitedFiles(message.attachments)
        try ledger.assign(message: id, to: delivery, files: files, namer: Bridge.fileName,
                          actor: actor)
    }

    /// The filed name of an answer's attachment.
    static let fileName: FileNamer = { context in
        FiledName.make(
            institutionCode: context.recipientKey,
            institutionShortName: context.recipientShortName,
            dispatchShortTitle: context.dispatchShortTitle,
            originalFilename: context.originalName, index: context.index)
    }
}
