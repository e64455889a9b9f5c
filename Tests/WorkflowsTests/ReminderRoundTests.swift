import Foundation
import Ledger
import MailBridge
import Testing
import Workflows

/// Accepts everything and keeps what it was given.
final class RecordingTransport: OutgoingTransport, @unchecked Sendable {
    // Used from one test's thread only.
    var sent: [(recipient: String, raw: Data)] = []

    func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome {
        sent.append((recipient, raw))
        return .accepted(response: "250 ok")
    }
}

@Suite("Reminder round on a fake clock")
struct ReminderRoundTests {
    let path: String
    let transport = RecordingTransport()

    init() throws {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "reminders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appending(path: "r.db").path
        let ledger = try Ledger.create(
            at: path, settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                               transport: "maildir:\(folder.path)"),
            clock: Self.clock("2026-12-07T08:00:00Z"))
        _ = try ledger.importInstitutions([
            Institution(code: "SP1", name: "Szkoła Podstawowa nr 1", shortName: "SP1",
                        type: "szkola-podstawowa", addresses: ["sp1@schools.example.net"]),
            Institution(code: "SP2", name: "Szkoła Podstawowa nr 2", shortName: "SP2",
                        type: "szkola-podstawowa",
                        addresses: ["sp2@schools.example.net", "dyr.sp2@example.com"]),
        ], actor: "test")
        try ledger.addPerson(Person(login: "anna", name: "Anna Nowak", role: .staff,
                                    address: "anna.nowak@edu.example.org"), actor: "test")
        let procedure = DispatchProcedure(ledger: ledger)
        let id = try procedure.create(DispatchDraft(
            subject: "Ankieta", shortTitle: "Ankieta", body: "Prosimy.", attachments: [],
            targets: ["type:szkola-podstawowa"], expectedReply: .attachment,
            deadline: "2026-12-11", author: "anna",
            reminders: "-2d,0d,+3d*3 workdays 08:00-18:00"))
        try procedure.send(id, as: "anna")
        try bridge(at: "2026-12-07T08:05:00Z").flushOutbox()
    }

    static func clock(_ text: String) -> Clock { Clock(fixed: Timestamp.parse(text)!) }

    func ledger(at time: String) throws -> Ledger {
        try Ledger(openingAt: path, clock: Self.clock(time))
    }

    func bridge(at time: String) throws -> Bridge {
        Bridge(ledger: try ledger(at: time), transport: transport, mailbox: nil)
    }

    @Test("reminders go to the unanswered on schedule, once each, and replies to them match")
    func schedule() throws {
        #expect(try ReminderRound(ledger: ledger(at: "2026-12-08T10:00:00Z")).run().isEmpty)

        let wednesday = try ReminderRound(ledger: ledger(at: "2026-12-09T08:30:00Z")).run()
        let again = try ReminderRound(ledger: ledger(at: "2026-12-09T09:30:00Z")).run()
        #expect(wednesday.count == 2)
        #expect(again.isEmpty)
        try bridge(at: "2026-12-09T08:31:00Z").flushOutbox()
        let reminder = try #require(transport.sent.last { $0.recipient.contains("sp2") })
        let read = MessageReader.read(reminder.raw)
        #expect(read.header("Auto-Submitted") == "auto-generated")
        #expect(read.header("X-Auto-Response-Suppress") == "All")
        #expect(read.subject.contains("Przypomnienie"))
        #expect(ReplyMatcher.subjectTag(in: read.subject) != nil)
        #expect(transport.sent.count == 3 + 3)

        // SP2 answers its reminder: the reminder's own token matches the same delivery.
        let token = try #require(read.header("Reply-To").flatMap(Self.token))
        let sp2 = transport.sent.filter { $0.recipient == "sp2@schools.example.net" }.last
        let answered = try #require(sp2.map { MessageReader.read($0.raw) })
        let reply = "From: sp2@schools.example.net\r\nTo: oswiata+\(token)@edu.example.org\r\n"
            + "Subject: Re: \(answered.subject)\r\nMessage-ID: <r1@example.net>\r\n"
            + "\r\nW załączeniu.\r\n"
        var pass = BridgePass()
        let replyBridge = try bridge(at: "2026-12-10T09:00:00Z")
        try replyBridge.ingest(Data(reply.utf8), source: "test", into: &pass)
        #expect(pass.stored == 1)

        let friday = try ReminderRound(ledger: ledger(at: "2026-12-11T08:30:00Z")).run()
        #expect(friday.count == 1)
        let states = try ledger(at: "2026-12-11T08:30:00Z").deliveries(of: "SP-2026-001")
        #expect(states.map(\.state) == [.sent, .replied])
        #expect(friday == [states[0].id])
    }

    @Test("a policy of none sends nothing; the weekend waits for Monday")
    func noneAndWeekend() throws {
        try ledger(at: "2026-12-07T08:10:00Z").db.execute(
            "UPDATE dispatches SET reminders = 'none'")
        #expect(try ReminderRound(ledger: ledger(at: "2026-12-09T08:30:00Z")).run().isEmpty)

        try ledger(at: "2026-12-07T08:10:00Z").db.execute(
            "UPDATE dispatches SET reminders = '+1d workdays 08:00-18:00'")
        #expect(try ReminderRound(ledger: ledger(at: "2026-12-12T10:00:00Z")).run().isEmpty)
        #expect(try ReminderRound(ledger: ledger(at: "2026-12-14T08:30:00Z")).run().count == 2)
    }

    @Test("the daily digest lists late institutions to the author, once a day")
    func digest() throws {
        let first = try DigestRound(ledger: ledger(at: "2026-12-14T08:30:00Z")).run()
        let second = try DigestRound(ledger: ledger(at: "2026-12-14T12:00:00Z")).run()
        let early = try DigestRound(ledger: ledger(at: "2026-12-15T05:00:00Z")).run()

        #expect(first == ["anna.nowak@edu.example.org"])
        #expect(second.isEmpty)
        #expect(early.isEmpty)
        let pass = try bridge(at: "2026-12-14T08:31:00Z").flushOutbox()
        #expect(pass.sent >= 1)
        let digest = try #require(
            transport.sent.last { $0.recipient == "anna.nowak@edu.example.org" })
        let text = MessageReader.read(digest.raw).fullText
        #expect(text.contains("SP1"))
        #expect(text.contains("SP2"))
    }

    static func token(_ header: String) -> String? {
        guard let plus = header.firstIndex(of: "+"), let at = header.firstIndex(of: "@") else {
            return nil
        }
        return String(header[header.index(after: plus)..<at])
    }
}
