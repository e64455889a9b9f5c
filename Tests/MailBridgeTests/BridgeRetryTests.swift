import Foundation
import Ledger
import MailBridge
import Testing

@Suite("Outbox retries")
struct BridgeRetryTests {
    final class Deferring: OutgoingTransport, @unchecked Sendable {
        // Used from one test's thread only.
        var attempts = 0
        func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome {
            attempts += 1
            return .deferred(code: 451, response: "4.3.0 try again later")
        }
    }

    @Test("4xx is retried with growing back-off, then given up after the lifetime")
    func backOff() throws {
        let fixture = try BridgeFixture()
        let path = fixture.ledger.path
        try fixture.ledger.db.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, "
                + "next_attempt_at = '2026-12-04T10:00:00.000Z'")
        try fixture.ledger.db.execute("UPDATE deliveries SET state = 'queued', sent_at = NULL")
        let transport = Deferring()

        func pass(at time: String) throws -> BridgePass {
            let ledger = try Ledger(openingAt: path, clock: Clock(fixed: Timestamp.parse(time)!))
            return try Bridge(ledger: ledger, transport: transport, mailbox: nil).flushOutbox()
        }
        let first = try pass(at: "2026-12-04T10:00:00Z")
        let tooSoon = try pass(at: "2026-12-04T10:01:00Z")
        let second = try pass(at: "2026-12-04T10:02:30Z")
        let nexts = try fixture.ledger.db.query("SELECT next_attempt_at FROM outbox ORDER BY id")
            .map { $0.text("next_attempt_at") }
        let late = try pass(at: "2026-12-10T10:00:00Z")

        #expect(first.deferred == 2)
        #expect(tooSoon.deferred == 0)
        #expect(second.deferred == 2)
        #expect(nexts.allSatisfy { $0 == "2026-12-04T10:06:30.000Z" })
        #expect(late.refused == 2)
        let states = try fixture.ledger.deliveries(of: fixture.dispatch).map(\.state)
        #expect(states == [.failed, .failed])
        let failure = try fixture.ledger.deliveries(of: fixture.dispatch).first?.failure
        #expect(failure?.contains("given up after 3 tries") == true)
    }
}
