import Foundation
import Ledger
import Reports

/// Builds a temporary ledger for report tests through the Ledger API, moving a fake clock
/// between steps: dispatches queued and accepted, answers with files, refusals, reminders.
final class ReportLedgerBuilder {
    let folder: URL
    let path: String
    private(set) var ledger: Ledger

    /// A new ledger at `time` (ISO 8601) with `institutions` and one author, `anna`.
    init(at time: String, institutions: [Institution], groups: [String: [String]] = [:]) throws {
        folder = FileManager.default.temporaryDirectory
            .appending(path: "report-builder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appending(path: "r.db").path
        ledger = try Ledger.create(
            at: path, settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                               transport: "maildir:\(folder.path)"),
            clock: Self.clock(time))
        _ = try ledger.importInstitutions(institutions, actor: "test")
        try ledger.addPerson(Person(login: "anna", name: "Anna Nowak", role: .staff), actor: "t")
        for (name, codes) in groups.sorted(by: { $0.key < $1.key }) {
            try ledger.addToGroup(name, codes: codes, actor: "test")
        }
    }

    /// Reopens the ledger with the clock at `time`.
    func move(to time: String) throws {
        ledger = try Ledger(openingAt: path, clock: Self.clock(time))
    }

    /// Creates a dispatch; when `queued`, queues it and has the server accept every
    /// address except those in `refusing`.
    @discardableResult
    func dispatch(_ subject: String, short: String, targets: [String], deadline: String?,
                  queued: Bool = true, refusing: Set<String> = []) throws -> DispatchID {
        let id = try ledger.createDispatch(DispatchDraft(
            subject: subject, shortTitle: short, body: "Treść", attachments: [],
            targets: targets, expectedReply: .attachment, deadline: deadline, author: "anna"))
        guard queued else { return id }

        let recipients = try ledger.resolveRecipients(targets)
        try ledger.queue(id, deliveries: try recipients.map {
            PreparedDelivery(recipient: $0, tokenHash: "h-\(id)-\($0.key)",
                             messageID: "m-\(id)-\($0.key)",
                             rawSHA256: try ledger.store.put(Data("\(id) \($0.key)".utf8)),
                             envelopeFrom: "oswiata@edu.example.org")
        }, actor: "anna")
        for item in try ledger.dueOutbox() {
            let result: OutboxResult = refusing.contains(item.address)
                ? .refused(response: "550 no such user") : .accepted(response: "250 ok")
            try ledger.record(result, for: item, actor: "t")
        }
        return id
    }

    /// Records an answer from institution `code` to dispatch `id`, with `files`.
    func answer(_ id: DispatchID, from code: String,
                files: [(name: String, data: Data)] = []) throws {
        let delivery = try deliveryID(id, code)
        let namer: FileNamer = {
            "\($0.recipientKey)_\($0.recipientShortName)_\($0.dispatchShortTitle)"
                + ($0.index > 1 ? "_\($0.index)" : "") + "."
                + (($0.originalName as NSString).pathExtension)
        }
        try ledger.recordInbound(InboundRecord(
            raw: Data("answer \(id) \(code) \(UUID())".utf8), headerMessageID: nil,
            sender: "\(code.lowercased())@schools.example.net", subject: "Re: [\(id)]",
            sentAt: nil, kind: "reply", headers: "", text: "W załączeniu.", source: "t",
            match: .delivery(id: delivery, method: "token", effect: .answer(flagged: nil)),
            files: files.map {
                InboundFile(originalName: $0.name, contentType: "application/octet-stream",
                            data: $0.data)
            }), namer: namer)
    }

    /// Records `count` reminders sent to institution `code` for dispatch `id`, as the
    /// reminder sender will: rows of `sent_messages` with purpose `reminder`.
    func remind(_ id: DispatchID, _ code: String, count: Int) throws {
        let delivery = try deliveryID(id, code)
        try ledger.write("test reminders") { db in
            for number in 0..<count {
                try db.query(
                    """
                    INSERT INTO sent_messages(message_id, delivery_id, purpose, raw_sha256,
                        created_at) VALUES (?, ?, 'reminder', 'x', ?)
                    """, ["r-\(id)-\(code)-\(number)-\(UUID())", delivery,
                          Timestamp.format(ledger.now)])
            }
        }
    }

    func deliveryID(_ id: DispatchID, _ code: String) throws -> Int64 {
        guard let delivery = try ledger.deliveries(of: id).first(where: {
            $0.recipientKey == code
        }) else {
            throw LedgerError(.badData, "no delivery of \(id) to \(code)")
        }
        return delivery.id
    }

    private static func clock(_ time: String) throws -> Clock {
        guard let date = Timestamp.parse(time) else {
            throw LedgerError(.usage, "bad test time \(time)")
        }
        return Clock(fixed: date)
    }

    /// A school of `type` with one address at schools.example.net.
    static func school(_ code: String, _ name: String, type: String = "szkola-podstawowa",
                       addresses: [String]? = nil) -> Institution {
        Institution(code: code, name: name, shortName: code, type: type,
                    addresses: addresses ?? ["\(code.lowercased())@schools.example.net"])
    }
}
