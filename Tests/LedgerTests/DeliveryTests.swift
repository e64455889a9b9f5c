import Foundation
import Ledger
import Testing

@Suite("Delivery state machine")
struct DeliveryTests {
    @Test("dispatch ids count up within the year")
    func ids() throws {
        let test = try TestLedger()
        try test.seed()

        let first = try test.ledger.createDispatch(test.draft(targets: ["school:SP1"]))
        let second = try test.ledger.createDispatch(test.draft(targets: ["school:SP1"]))

        #expect(first == "SP-2026-001")
        #expect(second == "SP-2026-002")
        #expect(try test.ledger.dispatch(first).state == .draft)
    }

    @Test("queueing makes one delivery per recipient and one outbox row per address")
    func queue() throws {
        let test = try TestLedger()
        try test.seed()

        let (id, deliveries) = try test.queued(targets: ["school:SP1", "school:P7"])

        #expect(deliveries.map(\.state) == [.queued, .queued])
        #expect(try test.ledger.dueOutbox().map(\.address)
            == ["sp1@schools.example.net", "p7@schools.example.net", "dyrektor.p7@example.com"])
        #expect(try test.ledger.dispatch(id).state == .queued)
        #expect(throws: LedgerError.self) { try test.ledger.queue(id, deliveries: [], actor: "a") }
    }

    @Test("one accepted address makes the delivery sent; all refused make it failed")
    func sendOutcomes() throws {
        let test = try TestLedger()
        try test.seed()
        let (id, _) = try test.queued(targets: ["school:SP1", "school:P7"])
        let items = try test.ledger.dueOutbox()

        try test.ledger.record(.refused(response: "550 no such user"), for: items[0], actor: "t")
        try test.ledger.record(.refused(response: "550 no"), for: items[1], actor: "t")
        try test.ledger.record(.accepted(response: "250 ok"), for: items[2], actor: "t")

        let states = try test.ledger.deliveries(of: id).map(\.state)
        #expect(states == [.sent, .failed])
        let failed = try test.ledger.deliveries(of: id)[1]
        #expect(failed.failure?.contains("550 no such user") == true)
        #expect(try test.ledger.dueOutbox().isEmpty)
    }

    @Test("a deferred address waits for its retry time")
    func deferred() throws {
        let test = try TestLedger()
        try test.seed()
        _ = try test.queued(targets: ["school:SP1"])
        let item = try #require(try test.ledger.dueOutbox().first)

        try test.ledger.record(
            .deferred(response: "451 try later", retryAt: test.ledger.now.addingTimeInterval(120)),
            for: item, actor: "t")

        #expect(try test.ledger.dueOutbox().isEmpty)
        #expect(try test.ledger.pendingOutboxCount() == 1)
    }

    @Test("every state change appends an event")
    func events() throws {
        let test = try TestLedger()
        try test.seed()
        _ = try test.queued(targets: ["school:SP1"])
        let item = try #require(try test.ledger.dueOutbox().first)

        try test.ledger.record(.accepted(response: "250 ok"), for: item, actor: "bridge")

        let kinds = try test.ledger.db.query("SELECT kind FROM events ORDER BY id").map {
            $0.text("kind")
        }
        #expect(kinds.suffix(4) == ["dispatch-created", "delivery-queued", "dispatch-queued",
                                    "mail-accepted"])
    }
}
