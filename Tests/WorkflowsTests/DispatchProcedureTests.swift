import Foundation
import Ledger
import MailBridge
import Testing
import Workflows

/// A ledger with schools and one person of each department role.
struct WorkflowFixture {
    let ledger: Ledger
    let procedure: DispatchProcedure

    init(approval: ApprovalMode) throws {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "workflow-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.create(
            at: folder.appending(path: "w.db").path,
            settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                     transport: "maildir:\(folder.path)/mail", approval: approval),
            clock: Clock(fixed: Timestamp.parse("2026-12-04T10:00:00Z")!))
        procedure = DispatchProcedure(ledger: ledger)
        _ = try ledger.importInstitutions([
            Institution(code: "SP1", name: "Szkoła Podstawowa nr 1", shortName: "SP1",
                        type: "szkola-podstawowa", addresses: ["sp1@schools.example.net"]),
            Institution(code: "P7", name: "Przedszkole nr 7", shortName: "P7", type: "przedszkole",
                        addresses: ["p7@schools.example.net", "dyr.p7@example.com"]),
        ], actor: "test")
        let people: [(String, Role)] = [
            ("anna", .staff), ("jan", .sectionHead), ("ewa", .director),
            ("dyr.sp1", .schoolDirector),
        ]
        for (login, role) in people {
            try ledger.addPerson(Person(login: login, name: login.capitalized, role: role,
                                        address: "\(login)@example.org"), actor: "test")
        }
    }

    func create(author: String = "anna") throws -> DispatchID {
        try procedure.create(DispatchDraft(
            subject: "Ankieta: liczba uczniów w roku 2026/2027", shortTitle: "Ankieta uczniowie",
            body: "Prosimy o wypełnienie ankiety.",
            attachments: [(filename: "ankieta.xlsx", contentType: "application/vnd.ms-excel",
                           data: Data("PK fake".utf8))],
            targets: ["school:SP1", "school:P7"], expectedReply: .attachment,
            deadline: "2026-12-11", author: author))
    }

    func refusals() throws -> Int {
        try ledger.db.first(
            "SELECT count(*) AS n FROM events WHERE kind = 'refused'")?.int("n") ?? 0
    }
}

@Suite("Dispatch procedure")
struct DispatchProcedureTests {
    @Test("without approval a draft is sent at once, one delivery per recipient")
    func noApproval() throws {
        let fixture = try WorkflowFixture(approval: .none)
        let id = try fixture.create()

        let queued = try fixture.procedure.send(id, as: "anna")

        #expect(queued == 2)
        #expect(try fixture.ledger.dispatch(id).state == .queued)
        #expect(try fixture.ledger.dueOutbox().count == 3)
        #expect(throws: LedgerError.self) { try fixture.procedure.approve(id, as: "jan") }
        #expect(throws: LedgerError.self) { try fixture.procedure.send(id, as: "anna") }
    }

    @Test("section head, then director; each refusal exits as not permitted and is logged")
    func twoSteps() throws {
        let fixture = try WorkflowFixture(approval: .sectionHeadAndDirector)
        let id = try fixture.create()
        #expect(try fixture.ledger.dispatch(id).state == .awaitingSectionHead)

        #expect(throws: PermissionError.self) { try fixture.procedure.send(id, as: "anna") }
        #expect(throws: PermissionError.self) { try fixture.procedure.approve(id, as: "ewa") }
        let first = try fixture.procedure.approve(id, as: "jan")
        #expect(throws: PermissionError.self) { try fixture.procedure.approve(id, as: "jan") }
        let second = try fixture.procedure.approve(id, as: "ewa")

        #expect(first == .awaitingDirector)
        #expect(second == .approved)
        #expect(try fixture.refusals() == 3)
        #expect(try fixture.procedure.send(id, as: "anna") == 2)
    }

    @Test("an author may not approve a dispatch of their own")
    func selfApproval() throws {
        let fixture = try WorkflowFixture(approval: .sectionHead)
        let id = try fixture.create(author: "jan")

        let error = #expect(throws: PermissionError.self) {
            try fixture.procedure.approve(id, as: "jan")
        }

        #expect(error?.category == .notPermitted)
        #expect(try fixture.ledger.dispatch(id).state == .awaitingSectionHead)
    }

    @Test("school roles and unknown people cannot write dispatches")
    func schoolRole() throws {
        let fixture = try WorkflowFixture(approval: .none)

        #expect(throws: PermissionError.self) { try fixture.create(author: "dyr.sp1") }
        #expect(throws: PermissionError.self) { try fixture.create(author: "nobody") }
        #expect(try fixture.refusals() == 2)
    }

    @Test("each queued message carries its delivery's token, Message-ID and subject tag")
    func renderedMessages() throws {
        let fixture = try WorkflowFixture(approval: .none)
        let id = try fixture.create()
        try fixture.procedure.send(id, as: "anna")

        let rows = try fixture.ledger.db.query(
            """
            SELECT s.message_id, s.raw_sha256, d.token_hash, d.institution_code
            FROM sent_messages s JOIN deliveries d ON d.id = s.delivery_id ORDER BY d.id
            """)

        #expect(rows.count == 2)
        for row in rows {
            let raw = try fixture.ledger.store.data(for: row.text("raw_sha256"))
            let text = String(decoding: raw, as: UTF8.self)
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            let message = MessageReader.read(raw)
            #expect(message.messageID == row.text("message_id"))
            #expect(message.subject.hasPrefix("[\(id)] Ankieta"))
            let replyTo = try #require(message.addresses(inHeader: "Reply-To").first)
            let suffix = try #require(replyTo.plusSuffix)
            #expect(ReplyToken(candidate: suffix)?.hash == row.text("token_hash"))
            #expect(message.attachments.map(\.filename) == ["ankieta.xlsx"])
        }
    }
}

@Suite("Reply tokens")
struct ReplyTokenTests {
    @Test("tokens are 26 lower-case base32 letters, different each time")
    func shape() {
        let tokens = (0..<50).map { _ in ReplyToken.generate().text }

        #expect(Set(tokens).count == 50)
        for token in tokens {
            #expect(token.count == 26)
            #expect(ReplyToken(candidate: token.uppercased())?.text == token)
        }
        #expect(ReplyToken(candidate: "short") == nil)
        #expect(ReplyToken.generate().address(in: "oswiata@edu.example.org")
            .hasPrefix("oswiata+"))
    }
}
