import Foundation

/// The transactional ledger: one SQLite file and a store folder beside it. Every change of
/// state is written in one `BEGIN IMMEDIATE` transaction together with its event.
///
/// Not thread-safe: one ledger value is used by one thread, as each command runs on one.
public final class Ledger {
    /// The SQLite connection; exposed to the other modules for their own queries.
    public let db: SQLiteConnection
    public let path: String
    public let store: BlobStore
    public let clock: Clock
    public let calendar: DepartmentCalendar

    /// Opens an existing ledger.
    /// - Throws: `LedgerError(.usage)` when no ledger is at `path`; `SQLiteError`.
    public convenience init(openingAt path: String, clock: Clock) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(
                .usage, "no ledger at \(path): create one with `schoolpost init`")
        }
        try self.init(path: path, clock: clock, storeOverride: nil)
    }

    /// Creates a new ledger file at `path` with the given settings.
    /// - Throws: `LedgerError(.usage)` when a ledger already exists there.
    public static func create(
        at path: String, settings: LedgerSettings, clock: Clock
    ) throws -> Ledger {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.usage, "a ledger already exists at \(path)")
        }
        let storePath = settings.storePath ?? path + ".store"
        let ledger = try Ledger(path: path, clock: clock, storeOverride: storePath)
        try ledger.store.prepare()
        try ledger.write("initialising the ledger") { db in
            var stored = settings
            stored.storePath = storePath
            for (key, value) in stored.pairs {
                try db.query("INSERT INTO settings(key, value) VALUES (?, ?)", [key, value])
            }
            try ledger.appendEvent(
                db, actor: "operator", kind: "ledger-created",
                detail: "mailbox \(settings.mailbox)")
        }
        return ledger
    }

    private init(path: String, clock: Clock, storeOverride: String?) throws {
        self.path = path
        self.clock = clock
        db = try SQLiteConnection(path: path)
        try Ledger.configure(db)
        try Schema.migrate(db, now: clock.now)

        let storedStore = try db.first("SELECT value FROM settings WHERE key = 'store'")?
            .string("value")
        let storePath = storeOverride ?? storedStore ?? path + ".store"
        store = BlobStore(root: URL(fileURLWithPath: storePath))
        let zone = try db.first("SELECT value FROM settings WHERE key = 'time-zone'")?
            .string("value")
        calendar = try DepartmentCalendar(timeZoneIdentifier: zone ?? "Europe/Warsaw")
    }

    /// Sets the connection up and checks that it took: a ledger that silently ran without
    /// these would lose the durability it promises.
    private static func configure(_ db: SQLiteConnection) throws {
        // Another command (the bridge daemon, a person's command) may hold the write lock
        // for a moment: wait for it instead of failing at once.
        try db.execute("PRAGMA busy_timeout = 10000")
        // WAL lets readers (reports) run while the bridge writes, and commits are atomic
        // with one fsync of the log.
        let mode = try db.first("PRAGMA journal_mode = WAL")?.string("journal_mode")
        // FULL syncs the WAL on every commit, so a committed event survives power loss,
        // not only a crash of the process (https://sqlite.org/pragma.html#pragma_synchronous).
        try db.execute("PRAGMA synchronous = FULL")
        // Deliveries point at dispatches, replies at deliveries: never dangling rows.
        try db.execute("PRAGMA foreign_keys = ON")

        let synchronous = try db.first("PRAGMA synchronous")?.int("synchronous")
        let keys = try db.first("PRAGMA foreign_keys")?.int("foreign_keys")
        guard mode?.lowercased() == "wal", synchronous == 2, keys == 1 else {
            throw LedgerError(
                .internal,
                "the ledger could not be set to WAL, synchronous=FULL and foreign keys")
        }
    }

    // MARK: - Transactions

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; anything thrown rolls it back.
    /// - Throws: whatever `body` throws, or `SQLiteError`.
    @discardableResult
    public func write<T>(
        _ context: String, _ body: (SQLiteConnection) throws -> T
    ) throws -> T {
        precondition(!db.inTransaction, "nested ledger transaction while \(context)")
        try db.execute("BEGIN IMMEDIATE", context: context)
        do {
            let result = try body(db)
            try db.execute("COMMIT", context: context)
            return result
        } catch {
            try? db.execute("ROLLBACK", context: context)
            throw error
        }
    }

    /// Appends one event; call inside `write`.
    /// - Throws: `SQLiteError`.
    public func appendEvent(
        _ db: SQLiteConnection, actor: String, kind: String, dispatch: String? = nil,
        delivery: Int64? = nil, message: Int64? = nil, detail: String = ""
    ) throws {
        try db.query(
            """
            INSERT INTO events(at, actor, kind, dispatch_id, delivery_id, message_id, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [Timestamp.format(clock.now), actor, kind, dispatch, delivery, message, detail],
            context: "recording event \(kind)")
    }

    /// The current time, as the clock says.
    public var now: Date { clock.now }

    // MARK: - Settings

    /// The ledger's settings as stored at `init`.
    /// - Throws: `SQLiteError`.
    public func settings() throws -> LedgerSettings {
        var pairs: [String: String] = [:]
        for row in try db.query("SELECT key, value FROM settings") {
            pairs[row.text("key")] = row.text("value")
        }
        return try LedgerSettings(pairs: pairs)
    }

    /// Changes one setting, with an event.
    /// - Throws: `SQLiteError`.
    public func updateSetting(_ key: String, to value: String, actor: String) throws {
        try write("changing setting \(key)") { db in
            try db.query(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value])
            try appendEvent(db, actor: actor, kind: "setting-changed", detail: "\(key)=\(value)")
        }
    }

    /// `PRAGMA integrity_check`'s answer: `ok` for a sound file.
    /// - Throws: `SQLiteError`.
    public func integrityCheck() throws -> String {
        try db.query("PRAGMA integrity_check").map { $0.text("integrity_check") }
            .joined(separator: "; ")
    }
}
