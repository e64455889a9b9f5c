import Foundation
import Ledger
import MailBridge
import Testing

/// A ledger with one dispatch sent to two schools through a recording transport, and the
/// rendered messages, so tests can answer them as schools would.
struct BridgeFixture {
    final class Outbox: OutgoingTransport, @unchecked Sendable {
        // Used from one test's thread only.
        var sent: [(recipient: String, raw: Data)] = []

        func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome {
            sent.append((recipient, raw))
            return .accepted(response: "250 2.0.0 Ok: queued")
        }
    }

    let ledger: Ledger
    let bridge: Bridge
    let outbox = Outbox()
    let dispatch: DispatchID

    init() throws {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "bridge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.create(
            at: folder.appending(path: "b.db").path,
            settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                     transport: "maildir:\(folder.path)"),
            clock: Clock(fixed: Timestamp.parse("2026-12-04T10:00:00Z")!))
        _ = try ledger.importInstitutions([
            Institution(code: "SP1", name: "Szkoła Podstawowa nr 1", shortName: "SP1",
                        type: "szkola-podstawowa", addresses: ["sp1@schools.example.net"]),
            Institution(code: "SP2", name: "Szkoła Podstawowa nr 2", shortName: "SP2",
                        type: "szkola-podstawowa", addresses: ["sp2@schools.example.net"]),
        ], actor: "test")
        try ledger.addPerson(Person(login: "anna", name: "Anna Nowak", role: .staff),
                             actor: "test")
        dispatch = try ledger.createDispatch(DispatchDraft(
            subject: "Ankieta", shortTitle: "Ankieta", body: "b", attachments: [],
            targets: ["type:szkola-podstawowa"], expectedReply: .attachment,
            deadline: "2026-12-20", author: "anna"))
        bridge = Bridge(ledger: ledger, transport: outbox, mailbox: nil)
        try queueRendered()
        try bridge.flushOutbox()
    }

    /// Queues with real tokens and rendered messages, as the dispatch procedure does.
    private func queueRendered() throws {
        let recipients = try ledger.resolveRecipients(["type:szkola-podstawowa"])
        let prepared = try recipients.map { recipient in
            let token = ReplyToken.generate()
            let id = MessageIDs.make(dispatch: dispatch, recipient: recipient.key,
                                     mailbox: "oswiata@edu.example.org")
            let raw = try MessageComposer.render(OutgoingMessage(
                from: MailAddress(address: "oswiata@edu.example.org"),
                to: recipient.addresses.map { MailAddress(address: $0) },
                replyTo: MailAddress(address: token.address(in: "oswiata@edu.example.org")),
                subject: "[\(dispatch)] Ankieta", messageID: id, date: ledger.now, body: "b"))
            return PreparedDelivery(
                recipient: recipient, tokenHash: token.hash, messageID: id,
                rawSHA256: try ledger.store.put(raw),
                envelopeFrom: token.address(in: "oswiata@edu.example.org"))
        }
        try ledger.queue(dispatch, deliveries: prepared, actor: "anna")
    }

    /// What school `code` was sent: its Reply-To address and Message-ID.
    func sent(to code: String) throws -> (replyTo: String, messageID: String) {
        let raw = try #require(outbox.sent.first { $0.recipient.hasPrefix(code.lowercased()) })
        let message = MessageReader.read(raw.raw)
        let address = try #require(message.addresses(inHeader: "Reply-To").first?.address)
        return (address, try #require(message.messageID))
    }

    /// Ingests `text` (headers and body, LF line ends) and returns what the ledger holds.
    func ingest(_ text: String) throws -> (state: [String: DeliveryState], review: [ReviewItem]) {
        var pass = BridgePass()
        let raw = Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try bridge.ingest(raw, source: "test", into: &pass)
        let states = Dictionary(uniqueKeysWithValues: try ledger.deliveries(of: dispatch).map {
            ($0.recipientKey, $0.state)
        })
        return (states, try ledger.reviewList())
    }

    func flagged(_ code: String) throws -> String? {
        try ledger.db.first(
            """
            SELECT m.flagged FROM messages m JOIN deliveries d ON d.id = m.delivery_id
            WHERE d.institution_code = ? AND m.counted = 1
            """, [code])?.string("flagged")
    }
}

@Suite("Reply matching through the bridge")
struct BridgeMatchingTests {
    @Test("a token reply from the school's own address is its answer")
    func tokenReply() throws {
        let fixture = try BridgeFixture()
        let sent = try fixture.sent(to: "SP1")

        let result = try fixture.ingest("""
            From: Dyrekcja SP1 <SP1@Schools.Example.NET>
            To: \(sent.replyTo)
            Subject: Odp: Ankieta
            Message-ID: <a1@schools.example.net>

            W załączeniu.
            """)

        #expect(result.state["SP1"] == .replied)
        #expect(result.state["SP2"] == .sent)
        #expect(try fixture.flagged("SP1") == nil)
    }

    @Test("another school's token from another school's address waits for review naming both")
    func crossedToken() throws {
        let fixture = try BridgeFixture()
        let sent = try fixture.sent(to: "SP1")

        let result = try fixture.ingest("""
            From: sp2@schools.example.net
            To: \(sent.replyTo)
            Subject: Re: Ankieta
            Message-ID: <a2@schools.example.net>

            Odpowiedź.
            """)

        #expect(result.state["SP1"] == .sent)
        #expect(result.state["SP2"] == .sent)
        #expect(result.review.count == 1)
        #expect(result.review.first?.reason.contains("SP1") == true)
        #expect(result.review.first?.reason.contains("SP2") == true)
    }

    @Test("a reference match from an address in no institution counts and is flagged")
    func unknownSender() throws {
        let fixture = try BridgeFixture()
        let sent = try fixture.sent(to: "SP2")

        let result = try fixture.ingest("""
            From: jan.kowalski@example.com
            To: oswiata@edu.example.org
            Subject: RE: Ankieta
            In-Reply-To: <\(sent.messageID)>
            Message-ID: <a3@example.com>

            Przesyłam.
            """)

        #expect(result.state["SP2"] == .replied)
        #expect(try fixture.flagged("SP2")?.contains("jan.kowalski@example.com") == true)
    }

    @Test("a subject tag from an unknown sender goes to review; from the school it counts")
    func subjectTag() throws {
        let fixture = try BridgeFixture()

        let unknown = try fixture.ingest("""
            From: kto@example.org
            To: oswiata@edu.example.org
            Subject: Odp: [\(fixture.dispatch)] Ankieta
            Message-ID: <a4@example.org>

            ?
            """)
        let known = try fixture.ingest("""
            From: sp1@schools.example.net
            To: oswiata@edu.example.org
            Subject: AW: WG: [\(fixture.dispatch)] Ankieta
            Message-ID: <a5@schools.example.net>

            Ok.
            """)

        #expect(unknown.review.count == 1)
        #expect(known.state["SP1"] == .replied)
    }

    @Test("an out-of-office reply with the token is logged, never counted")
    func autoReply() throws {
        let fixture = try BridgeFixture()
        let sent = try fixture.sent(to: "SP1")

        let result = try fixture.ingest("""
            From: sp1@schools.example.net
            To: \(sent.replyTo)
            Subject: Odpowiedź automatyczna: [\(fixture.dispatch)] Ankieta
            Auto-Submitted: auto-replied
            Message-ID: <a6@schools.example.net>

            Jestem na urlopie.
            """)

        #expect(result.state["SP1"] == .sent)
        #expect(result.review.isEmpty)
        let kinds = try fixture.ledger.db.query("SELECT kind FROM events").map { $0.text("kind") }
        #expect(kinds.contains("auto-reply-received"))
    }

    @Test("our own mail coming back is held for review, not counted")
    func ownMail() throws {
        let fixture = try BridgeFixture()
        let sent = try fixture.sent(to: "SP1")

        let result = try fixture.ingest("""
            From: oswiata@edu.example.org
            To: \(sent.replyTo)
            Subject: [\(fixture.dispatch)] Przypomnienie
            X-Schoolpost-Loop: oswiata@edu.example.org
            Message-ID: <loop@edu.example.org>

            Przypominamy.
            """)

        #expect(result.state["SP1"] == .sent)
        #expect(result.review.first?.reason.contains("our own mail") == true)
    }

    @Test("the sender alone matches when exactly one delivery awaits that school")
    func senderOnly() throws {
        let fixture = try BridgeFixture()

        let result = try fixture.ingest("""
            From: sp2@schools.example.net
            To: oswiata@edu.example.org
            Subject: ankieta
            Message-ID: <a7@schools.example.net>

            W załączniku.
            """)

        #expect(result.state["SP2"] == .replied)
    }
}

@Suite("Attachment limits")
struct AttachmentLimitTests {
    @Test("an attachment over the limit is not filed, and the ledger says so")
    func oversize() throws {
        let fixture = try BridgeFixture()
        fixture.bridge.maxAttachmentBytes = 1000
        let sent = try fixture.sent(to: "SP1")
        let big = Data(repeating: 0x41, count: 3000).base64EncodedString(
            options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let small = Data("ok".utf8).base64EncodedString()

        let result = try fixture.ingest("""
            From: sp1@schools.example.net
            To: \(sent.replyTo)
            Subject: Re: Ankieta
            Message-ID: <big@schools.example.net>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            Pliki.
            --b
            Content-Type: application/octet-stream; name="duzy.bin"
            Content-Disposition: attachment; filename="duzy.bin"
            Content-Transfer-Encoding: base64

            \(big.replacingOccurrences(of: "\r\n", with: "\n"))
            --b
            Content-Type: text/csv; name="maly.csv"
            Content-Disposition: attachment; filename="maly.csv"
            Content-Transfer-Encoding: base64

            \(small)
            --b--
            """)

        #expect(result.state["SP1"] == .replied)
        let files = try fixture.ledger.db.query("SELECT original_name FROM files")
            .map { $0.text("original_name") }
        #expect(files == ["maly.csv"])
        let refused = try fixture.ledger.db.query(
            "SELECT detail FROM events WHERE kind = 'attachment-refused'").map { $0.text("detail") }
        #expect(refused.count == 1)
        #expect(refused.first?.hasPrefix("duzy.bin: 3000 bytes") == true)
    }
}
