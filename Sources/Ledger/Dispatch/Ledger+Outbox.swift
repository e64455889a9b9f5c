import Foundation

/// One message waiting to go to one address.
public struct OutboxItem: Sendable {
    public var id: Int64
    public var messageID: String
    public var deliveryID: Int64
    public var address: String
    public var envelopeFrom: String
    public var rawSHA256: String
    public var attempts: Int
}

/// What became of one attempt, as the ledger records it.
public enum OutboxResult: Sendable {
    case accepted(response: String)
    case refused(response: String)
    case deferred(response: String, retryAt: Date)
}

extension Ledger {
    /// Outbox rows due now, oldest first.
    /// - Throws: `SQLiteError`.
    public func dueOutbox(limit: Int = 500) throws -> [OutboxItem] {
        try db.query(
            """
            SELECT o.*, s.raw_sha256 FROM outbox o
            JOIN sent_messages s ON s.message_id = o.message_id
            WHERE o.state = 'pending' AND o.next_attempt_at <= ?
            ORDER BY o.id LIMIT ?
            """, [Timestamp.format(now), limit]
        ).map {
            OutboxItem(
                id: Int64($0.int("id") ?? 0), messageID: $0.text("message_id"),
                deliveryID: Int64($0.int("delivery_id") ?? 0), address: $0.text("address"),
                envelopeFrom: $0.text("envelope_from"), rawSHA256: $0.text("raw_sha256"),
                attempts: $0.int("attempts") ?? 0)
        }
    }

    /// Records one attempt and moves the delivery on: `sent` once any address accepted,
    /// `failed` once every address of its message was refused or bounced.
    /// - Throws: `SQLiteError`.
    public func record(_ result: OutboxResult, for item: OutboxItem, actor: String) throws {
        try write("recording a send to \(item.address)") { db in
            let stamp = Timestamp.format(now)
            switch result {
            case let .accepted(response):
                try db.query(
                    """
                    UPDATE outbox SET state = 'accepted', attempts = attempts + 1,
                        last_response = ?, accepted_at = ? WHERE id = ?
                    """, [response, stamp, item.id])
                // One acceptance makes a queued or failed delivery sent; a replied one
                // stays replied. The first acceptance is the send time.
                try db.query(
                    """
                    UPDATE deliveries SET sent_at = COALESCE(sent_at, ?),
                        failure = CASE WHEN state IN ('queued', 'failed') THEN NULL
                                       ELSE failure END,
                        state = CASE WHEN state IN ('queued', 'failed') THEN 'sent'
                                     ELSE state END
                    WHERE id = ?
                    """, [stamp, item.deliveryID])
                try appendEvent(
                    db, actor: actor, kind: "mail-accepted", delivery: item.deliveryID,
                    detail: "\(item.address): \(response)")
            case let .refused(response):
                try db.query(
                    """
                    UPDATE outbox SET state = 'refused', attempts = attempts + 1,
                        last_response = ? WHERE id = ?
                    """, [response, item.id])
                try appendEvent(
                    db, actor: actor, kind: "mail-refused", delivery: item.deliveryID,
                    detail: "\(item.address): \(response)")
                try failIfNoAddressLeft(item.deliveryID, db: db)
            case let .deferred(response, retryAt):
                try db.query(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_response = ?,
                        next_attempt_at = ? WHERE id = ?
                    """, [response, Timestamp.format(retryAt), item.id])
                try appendEvent(
                    db, actor: actor, kind: "mail-deferred", delivery: item.deliveryID,
                    detail: "\(item.address): \(response)")
            }
        }
    }

    /// Moves a delivery to `failed` when no address of its first message is still pending
    /// or accepted-and-not-bounced, naming the servers' words.
    func failIfNoAddressLeft(_ delivery: Int64, db: SQLiteConnection) throws {
        let rows = try db.query(
            """
            SELECT o.address, o.state, o.last_response FROM outbox o
            JOIN sent_messages s ON s.message_id = o.message_id
            WHERE o.delivery_id = ? AND s.purpose = 'dispatch'
            """, [delivery])
        let alive = rows.contains {
            $0.text("state") == "pending" || $0.text("state") == "accepted"
        }
        guard !alive else { return }

        let reasons = rows.map { "\($0.text("address")): \($0.text("last_response"))" }
            .joined(separator: "; ")
        try db.query(
            "UPDATE deliveries SET state = 'failed', failure = ? "
                + "WHERE id = ? AND state != 'replied'",
            [reasons, delivery])
        if db.changes > 0 {
            try appendEvent(db, actor: "bridge", kind: "delivery-failed", delivery: delivery,
                            detail: reasons)
        }
    }

    /// Whether any outbox row is still pending (due or not).
    /// - Throws: `SQLiteError`.
    public func pendingOutboxCount() throws -> Int {
        try db.first("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")?.int("n") ?? 0
    }
}

extension Ledger {
    /// When the dispatch of a delivery was queued: retries count their lifetime from it.
    /// - Throws: `SQLiteError`.
    public func dispatchQueuedAt(delivery: Int64) throws -> Date? {
        try db.first(
            """
            SELECT p.queued_at FROM dispatches p JOIN deliveries d ON d.dispatch_id = p.id
            WHERE d.id = ?
            """, [delivery]
        )?.string("queued_at").flatMap(Timestamp.parse)
    }
}
