import Foundation
import Ledger
import Testing

@Suite("Inbound messages")
struct InboundTests {
    static let namer: FileNamer = { context in
        "\(context.recipientKey)_\(context.dispatchShortTitle)_\(context.index)"
    }

    func record(
        _ text: String, match: InboundMatch, files: [InboundFile] = [], id: String? = nil
    ) -> InboundRecord {
        InboundRecord(
            raw: Data(text.utf8), headerMessageID: id, sender: "sp1@schools.example.net",
            subject: "Re: ankieta", sentAt: nil, kind: "reply", headers: "", text: text,
            source: "test", match: match, files: files)
    }

    @Test("an answer files its attachments, numbered across replies; repliedAt is the first")
    func answers() throws {
        let test = try TestLedger()
        try test.seed()
        let (id, deliveries) = try test.queued(targets: ["school:SP1"])
        let delivery = deliveries[0]
        let file = InboundFile(
            originalName: "a.xlsx", contentType: "application/x", data: Data([1]))
        let match = InboundMatch.delivery(id: delivery.id, method: "token",
                                          effect: .answer(flagged: nil))

        try test.ledger.recordInbound(record("first", match: match, files: [file, file]),
                                      namer: Self.namer)
        let firstReply = try #require(try test.ledger.deliveries(of: id)[0].repliedAt)
        try test.ledger.recordInbound(record("second", match: match, files: [file]),
                                      namer: Self.namer)

        let names = try test.ledger.db.query("SELECT filed_name FROM files ORDER BY id")
            .map { $0.text("filed_name") }
        #expect(names == ["SP1_Ankieta_1", "SP1_Ankieta_2", "SP1_Ankieta_3"])
        #expect(try test.ledger.deliveries(of: id)[0].state == .replied)
        #expect(try test.ledger.deliveries(of: id)[0].repliedAt == firstReply)
    }

    @Test("the same bytes or the same Message-ID twice are one message")
    func duplicates() throws {
        let test = try TestLedger()
        let review = InboundMatch.review(reason: "test")

        let first = try test.ledger.recordInbound(record("a", match: review, id: "x@example.org"),
                                                  namer: Self.namer)
        let sameBytes = try test.ledger.recordInbound(record("a", match: review), namer: Self.namer)
        let sameID = try test.ledger.recordInbound(record("b", match: review, id: "x@example.org"),
                                                   namer: Self.namer)

        #expect(first == .stored(1))
        #expect(sameBytes == .duplicate(1))
        #expect(sameID == .duplicate(1))
        #expect(try test.ledger.reviewList().count == 1)
    }

    @Test("a bounce of the only address fails the delivery; a late reply still counts")
    func bounceThenReply() throws {
        let test = try TestLedger()
        try test.seed()
        let (id, deliveries) = try test.queued(targets: ["school:SP1"])
        let item = try #require(try test.ledger.dueOutbox().first)
        try test.ledger.record(.accepted(response: "250 ok"), for: item, actor: "t")
        let bounce = InboundMatch.delivery(
            id: deliveries[0].id, method: "token",
            effect: .bounce([BouncedAddress(address: "sp1@schools.example.net", status: "5.1.1",
                                            reason: "user-unknown", marksDead: true)]))

        try test.ledger.recordInbound(record("bounce", match: bounce), namer: Self.namer)
        let afterBounce = try test.ledger.deliveries(of: id)[0]
        try test.ledger.recordInbound(
            record("reply", match: .delivery(id: deliveries[0].id, method: "sender",
                                             effect: .answer(flagged: nil))),
            namer: Self.namer)

        #expect(afterBounce.state == .failed)
        #expect(try test.ledger.deliveries(of: id)[0].state == .replied)
        let dead = try test.ledger.db.first(
            "SELECT dead_reason FROM institution_addresses WHERE institution_code = 'SP1'")
        #expect(dead?.string("dead_reason") == "user-unknown")
    }

    @Test("a bounce of one of two addresses leaves the delivery sent")
    func partialBounce() throws {
        let test = try TestLedger()
        try test.seed()
        let (id, deliveries) = try test.queued(targets: ["school:P7"])
        for item in try test.ledger.dueOutbox() {
            try test.ledger.record(.accepted(response: "250 ok"), for: item, actor: "t")
        }
        let bounce = InboundMatch.delivery(
            id: deliveries[0].id, method: "reference",
            effect: .bounce([BouncedAddress(address: "dyrektor.p7@example.com", status: "5.2.2",
                                            reason: "mailbox-full", marksDead: false)]))

        try test.ledger.recordInbound(record("bounce", match: bounce), namer: Self.namer)

        #expect(try test.ledger.deliveries(of: id)[0].state == .sent)
        let bounced = try test.ledger.db.query("SELECT address FROM bounces").map {
            $0.text("address")
        }
        #expect(bounced == ["dyrektor.p7@example.com"])
    }

    @Test("review: assign files a message as the answer, dismiss puts it away, both once")
    func review() throws {
        let test = try TestLedger()
        try test.seed()
        let (id, deliveries) = try test.queued(targets: ["school:SP1"])
        try test.ledger.recordInbound(record("one", match: .review(reason: "?")), namer: Self.namer)
        try test.ledger.recordInbound(record("two", match: .review(reason: "?")), namer: Self.namer)

        try test.ledger.assign(message: 1, to: deliveries[0], files: [], namer: Self.namer,
                               actor: "operator")
        try test.ledger.dismiss(message: 2, actor: "operator")

        #expect(try test.ledger.reviewList().isEmpty)
        #expect(try test.ledger.deliveries(of: id)[0].state == .replied)
        #expect(throws: LedgerError.self) { try test.ledger.dismiss(message: 2, actor: "o") }
    }
}
