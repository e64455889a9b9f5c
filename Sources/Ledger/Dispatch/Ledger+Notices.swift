import Foundation

/// A message to a member of staff, such as the daily digest of late institutions.
public struct Notice: Sendable {
    public var id: Int64
    public var recipient: String
    public var rawSHA256: String
}

extension Ledger {
    /// Queues notice `kind` for `day` to `recipient` unless one was queued already.
    /// - Returns: whether it was queued now.
    /// - Throws: `SQLiteError`.
    @discardableResult
    public func queueNotice(
        kind: String, day: String, recipient: String, messageID: String, rawSHA256: String
    ) throws -> Bool {
        try write("queueing a \(kind) notice") { db in
            try db.query(
                """
                INSERT OR IGNORE INTO notices(kind, day, recipient, message_id, raw_sha256,
                    state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)
                """, [kind, day, recipient, messageID, rawSHA256, Timestamp.format(now)])
            guard db.changes == 1 else { return false }
            try appendEvent(db, actor: "bridge", kind: "notice-queued",
                            detail: "\(kind) \(day) to \(recipient)")
            return true
        }
    }

    /// Whether notice `kind` for `day` went (or waits to go) to `recipient`.
    /// - Throws: `SQLiteError`.
    public func hasNotice(kind: String, day: String, recipient: String) throws -> Bool {
        try db.first(
            "SELECT 1 AS x FROM notices WHERE kind = ? AND day = ? AND recipient = ?",
            [kind, day, recipient]) != nil
    }

    /// Notices still to send.
    /// - Throws: `SQLiteError`.
    public func pendingNotices() throws -> [Notice] {
        try db.query("SELECT * FROM notices WHERE state = 'pending' ORDER BY id").map {
            Notice(id: Int64($0.int("id") ?? 0), recipient: $0.text("recipient"),
                   rawSHA256: $0.text("raw_sha256"))
        }
    }

    /// Records what the server said to a notice; a deferred one stays pending.
    /// - Throws: `SQLiteError`.
    public func recordNotice(_ notice: Notice, accepted: Bool?, response: String) throws {
        try write("recording a notice") { db in
            let state = accepted.map { $0 ? "accepted" : "refused" } ?? "pending"
            try db.query(
                """
                UPDATE notices SET state = ?, attempts = attempts + 1, last_response = ?
                WHERE id = ?
                """, [state, response, notice.id])
        }
    }
}
