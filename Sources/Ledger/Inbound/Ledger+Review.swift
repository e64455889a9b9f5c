import Foundation

/// A message waiting in the review list.
public struct ReviewItem: Sendable {
    public var message: Int64
    public var sender: String?
    public var subject: String
    public var date: Date?
    public var receivedAt: Date?
    public var reason: String
    public var kind: String
}

extension Ledger {
    /// Messages no delivery claimed, oldest first.
    /// - Throws: `SQLiteError`.
    public func reviewList() throws -> [ReviewItem] {
        try db.query("SELECT * FROM messages WHERE review = 'pending' ORDER BY id").map {
            ReviewItem(
                message: Int64($0.int("id") ?? 0), sender: $0.string("sender"),
                subject: $0.text("subject"), date: $0.string("sent_at").flatMap(Timestamp.parse),
                receivedAt: Timestamp.parse($0.text("received_at")),
                reason: $0.text("review_reason"), kind: $0.text("kind"))
        }
    }

    /// The raw bytes of inbound message `id`, from the store.
    /// - Throws: `LedgerError(.badData)` when there is no such message.
    public func rawMessage(_ id: Int64) throws -> Data {
        guard let row = try db.first("SELECT raw_sha256 FROM messages WHERE id = ?", [id]) else {
            throw LedgerError.notFound("no message \(id)")
        }
        return try store.data(for: row.text("raw_sha256"))
    }

    /// Files a reviewed message as the answer of `delivery`, with its files.
    /// - Throws: `LedgerError(.badData)` when the message is not waiting for review.
    public func assign(
        message id: Int64, to delivery: Delivery, files: [InboundFile], namer: FileNamer,
        actor: String
    ) throws {
        let digests = try files.map { try store.put($0.data) }
        try write("assigning message \(id)") { db in
            guard let row = try db.first("SELECT review FROM messages WHERE id = ?", [id]),
                  row.string("review") == "pending"
            else { throw LedgerError.badData("message \(id) is not in the review list") }

            try db.query(
                """
                UPDATE messages SET review = 'assigned', delivery_id = ?, matched_by = 'staff',
                    counted = 1 WHERE id = ?
                """, [delivery.id, id])
            try fileAnswer(
                files, digests: digests, message: id, delivery: delivery, namer: namer, db: db)
            try db.query(
                """
                UPDATE deliveries SET state = 'replied', replied_at = COALESCE(replied_at, ?)
                WHERE id = ?
                """, [Timestamp.format(now), delivery.id])
            try appendEvent(
                db, actor: actor, kind: "review-assigned", dispatch: delivery.dispatchID,
                delivery: delivery.id, message: id, detail: delivery.recipientKey)
        }
    }

    /// Keeps a reviewed message out of the way (it stays stored).
    /// - Throws: `LedgerError(.badData)` when the message is not waiting for review.
    public func dismiss(message id: Int64, actor: String) throws {
        try write("dismissing message \(id)") { db in
            try db.query(
                "UPDATE messages SET review = 'dismissed' WHERE id = ? AND review = 'pending'",
                [id])
            guard db.changes == 1 else {
                throw LedgerError.badData("message \(id) is not in the review list")
            }
            try appendEvent(db, actor: actor, kind: "review-dismissed", message: id)
        }
    }

    // MARK: - Mailbox position

    /// The UIDVALIDITY and highest committed UID of an IMAP mailbox.
    /// - Throws: `SQLiteError`.
    public func mailboxPosition(_ mailbox: String) throws -> (uidValidity: UInt32, uid: UInt32)? {
        try db.first("SELECT * FROM mailbox_state WHERE mailbox = ?", [mailbox]).map {
            (UInt32($0.int("uid_validity") ?? 0), UInt32($0.int("last_uid") ?? 0))
        }
    }

    /// Records how far an IMAP mailbox was read; a new UIDVALIDITY starts over.
    /// - Throws: `SQLiteError`.
    public func saveMailboxPosition(_ mailbox: String, uidValidity: UInt32, uid: UInt32) throws {
        try write("saving the mailbox position") { db in
            let old = try db.first("SELECT * FROM mailbox_state WHERE mailbox = ?", [mailbox])
            try db.query(
                """
                INSERT INTO mailbox_state(mailbox, uid_validity, last_uid) VALUES (?, ?, ?)
                ON CONFLICT(mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                    last_uid = excluded.last_uid
                """, [mailbox, Int(uidValidity), Int(uid)])
            if let old, old.int("uid_validity") != Int(uidValidity) {
                try appendEvent(
                    db, actor: "bridge", kind: "uidvalidity-changed",
                    detail: "\(mailbox): \(old.int("uid_validity") ?? 0) → \(uidValidity)")
            }
        }
    }
}
