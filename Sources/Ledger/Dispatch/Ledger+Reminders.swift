import Foundation

/// A delivery that may be owed a reminder: sent, unanswered, its dispatch with a deadline.
public struct ReminderCandidate: Sendable {
    public var delivery: Delivery
    public var dispatchSubject: String
    public var expectedReply: ExpectedReply
    /// The dispatch's own policy text; nil for the ledger's default.
    public var policy: String?
    public var deadline: String
    /// When the request first went out: the first contact.
    public var firstContact: Date
    public var remindersSent: Int
    public var lastReminderAt: Date?
    /// The addresses that took the request and have not bounced since.
    public var addresses: [String]
    public var envelopeFrom: String
    /// The Message-ID of the request itself, which a reminder refers to.
    public var originalMessageID: String?
}

extension Ledger {
    /// Deliveries in state `sent` whose dispatch has a deadline and wants an answer.
    /// - Throws: `SQLiteError`.
    public func reminderCandidates() throws -> [ReminderCandidate] {
        let rows = try db.query(
            """
            SELECT d.*, p.subject, p.expected_reply, p.reminders, p.deadline, p.queued_at
            FROM deliveries d JOIN dispatches p ON p.id = d.dispatch_id
            WHERE d.state = 'sent' AND p.deadline IS NOT NULL AND p.expected_reply != 'none'
                AND (p.reminders IS NULL OR p.reminders != 'none')
            ORDER BY d.id
            """)
        return try rows.map { row in
            let delivery = Delivery(row: row)
            let reminders = try db.first(
                """
                SELECT count(*) AS n, max(created_at) AS last FROM sent_messages
                WHERE delivery_id = ? AND purpose = 'reminder'
                """, [delivery.id])
            let outbox = try db.query(
                """
                SELECT o.address, o.envelope_from FROM outbox o
                JOIN sent_messages s ON s.message_id = o.message_id
                WHERE o.delivery_id = ? AND s.purpose = 'dispatch' AND o.state = 'accepted'
                ORDER BY o.id
                """, [delivery.id])
            let queuedAt = row.string("queued_at").flatMap(Timestamp.parse) ?? now
            let original = try db.first(
                "SELECT message_id FROM sent_messages "
                    + "WHERE delivery_id = ? AND purpose = 'dispatch'",
                [delivery.id])?.string("message_id")
            return ReminderCandidate(
                delivery: delivery, dispatchSubject: row.text("subject"),
                expectedReply: ExpectedReply(rawValue: row.text("expected_reply")) ?? .text,
                policy: row.string("reminders"), deadline: row.text("deadline"),
                firstContact: delivery.sentAt ?? queuedAt,
                remindersSent: reminders?.int("n") ?? 0,
                lastReminderAt: reminders?.string("last").flatMap(Timestamp.parse),
                addresses: outbox.map { $0.text("address") },
                envelopeFrom: outbox.first?.text("envelope_from") ?? "",
                originalMessageID: original)
        }
    }

    /// Records a reminder decided for `candidate` and queues it to its addresses, in one
    /// transaction that first checks nothing changed since the decision: still sent,
    /// still unanswered, still the same number of reminders. A crash either loses the
    /// decision whole or keeps it whole, so a reminder is never sent twice.
    /// - Returns: false when the delivery moved on and nothing was recorded.
    /// - Throws: `SQLiteError`.
    @discardableResult
    public func recordReminder(
        for candidate: ReminderCandidate, messageID: String, tokenHash: String,
        rawSHA256: String, envelopeFrom: String, actor: String
    ) throws -> Bool {
        try write("recording a reminder") { db in
            let state = try db.first(
                "SELECT state FROM deliveries WHERE id = ?", [candidate.delivery.id]
            )?.string("state")
            let count = try db.first(
                """
                SELECT count(*) AS n FROM sent_messages
                WHERE delivery_id = ? AND purpose = 'reminder'
                """, [candidate.delivery.id])?.int("n") ?? 0
            guard state == DeliveryState.sent.rawValue, count == candidate.remindersSent,
                  !candidate.addresses.isEmpty
            else { return false }

            let stamp = Timestamp.format(now)
            try db.query(
                """
                INSERT INTO sent_messages(message_id, delivery_id, purpose, raw_sha256,
                    created_at) VALUES (?, ?, 'reminder', ?, ?)
                """, [messageID, candidate.delivery.id, rawSHA256, stamp])
            try db.query(
                "INSERT INTO reply_tokens(token_hash, delivery_id, message_id) VALUES (?, ?, ?)",
                [tokenHash, candidate.delivery.id, messageID])
            for address in candidate.addresses {
                try db.query(
                    """
                    INSERT INTO outbox(message_id, delivery_id, address, envelope_from, state,
                        next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?)
                    """, [messageID, candidate.delivery.id, address, envelopeFrom, stamp])
            }
            try appendEvent(
                db, actor: actor, kind: "reminder-queued",
                dispatch: candidate.delivery.dispatchID, delivery: candidate.delivery.id,
                detail: "reminder \(count + 1) to \(candidate.addresses.joined(separator: " "))")
            return true
        }
    }

    /// Reminders queued for a delivery.
    /// - Throws: `SQLiteError`.
    public func reminderCount(delivery: Int64) throws -> Int {
        try db.first(
            "SELECT count(*) AS n FROM sent_messages "
                + "WHERE delivery_id = ? AND purpose = 'reminder'",
            [delivery])?.int("n") ?? 0
    }
}
