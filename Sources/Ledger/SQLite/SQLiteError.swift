import CSQLite

/// A failure reported by SQLite, captured at once from the connection.
public struct SQLiteError: Error, CustomStringConvertible {
    /// The extended result code (https://sqlite.org/rescode.html).
    public var code: Int32
    public var message: String
    /// What the ledger was doing, in a few words.
    public var context: String

    public var description: String {
        "sqlite error \(code): \(message) — while \(context)"
    }

    /// Whether another process held the database for longer than the busy timeout.
    public var isBusy: Bool {
        code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED
    }

    /// Whether the disk or the file system refused the write.
    public var isDiskFull: Bool { code & 0xff == SQLITE_FULL || code & 0xff == SQLITE_IOERR }
}
