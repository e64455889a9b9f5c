import Foundation
import Ledger

/// A fresh ledger in its own temporary folder, with a few institutions and people.
struct TestLedger {
    let folder: URL
    let ledger: Ledger

    init(approval: ApprovalMode = .none, now: String = "2026-12-04T10:00:00Z") throws {
        folder = FileManager.default.temporaryDirectory
            .appending(path: "ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.create(
            at: folder.appending(path: "test.db").path,
            settings: LedgerSettings(
                mailbox: "oswiata@edu.example.org", transport: "maildir:\(folder.path)/mail",
                approval: approval),
            clock: Clock(fixed: Timestamp.parse(now)!))
    }

    /// Two schools with one address each, a kindergarten with two.
    func seed() throws {
        _ = try ledger.importInstitutions([
            Institution(code: "SP1", name: "Szkoła Podstawowa nr 1", shortName: "SP1",
                        type: "szkola-podstawowa", addresses: ["sp1@schools.example.net"]),
            Institution(code: "SP2", name: "Szkoła Podstawowa nr 2", shortName: "SP2",
                        type: "szkola-podstawowa", addresses: ["sp2@schools.example.net"]),
            Institution(code: "P7", name: "Przedszkole nr 7", shortName: "P7",
                        type: "przedszkole",
                        addresses: ["p7@schools.example.net", "dyrektor.p7@example.com"]),
        ], actor: "test")
        try ledger.addPerson(
            Person(login: "anna", name: "Anna Nowak", role: .staff,
                   address: "anna.nowak@edu.example.org"), actor: "test")
    }

    func draft(targets: [String], deadline: String? = "2026-12-10") -> DispatchDraft {
        DispatchDraft(
            subject: "Ankieta o liczbie uczniów", shortTitle: "Ankieta", body: "Prosimy.",
            attachments: [], targets: targets, expectedReply: .attachment, deadline: deadline,
            author: "anna")
    }

    /// Creates and queues a dispatch with made-up rendered messages.
    func queued(targets: [String]) throws -> (DispatchID, [Delivery]) {
        let id = try ledger.createDispatch(draft(targets: targets))
        let prepared = try ledger.resolveRecipients(targets).map { recipient in
            PreparedDelivery(
                recipient: recipient, tokenHash: "hash-\(recipient.key)",
                messageID: "sp.\(id).\(recipient.key)@edu.example.org",
                rawSHA256: try ledger.store.put(Data("mail to \(recipient.key)".utf8)),
                envelopeFrom: "oswiata@edu.example.org")
        }
        try ledger.queue(id, deliveries: prepared, actor: "anna")
        return (id, try ledger.deliveries(of: id))
    }
}
