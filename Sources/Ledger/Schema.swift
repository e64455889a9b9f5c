import Foundation

/// The ledger's schema as an ordered list of migrations. Each runs in its own immediate
/// transaction and is recorded by id; a released migration is never edited, only followed.
enum Schema {
    struct Migration {
        let id: String
        let sql: String
    }

    static let migrations: [Migration] = [
        Migration(id: "0001-core", sql: core),
        Migration(id: "0002-reminders", sql: reminders),
        Migration(id: "0003-forms", sql: "ALTER TABLE dispatches ADD COLUMN form TEXT;"),
    ]

    /// Applies every migration the file has not recorded yet.
    static func migrate(_ db: SQLiteConnection, now: Date) throws {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations(
                id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
            """)
        for migration in migrations {
            let done = try db.first(
                "SELECT 1 AS done FROM schema_migrations WHERE id = ?", [migration.id])
            if done != nil { continue }

            try db.execute("BEGIN IMMEDIATE", context: "migrating \(migration.id)")
            do {
                // Another process may have migrated while we waited for the lock.
                let raced = try db.first(
                    "SELECT 1 AS done FROM schema_migrations WHERE id = ?", [migration.id])
                if raced == nil {
                    try db.execute(migration.sql, context: "migrating \(migration.id)")
                    try db.query(
                        "INSERT INTO schema_migrations(id, applied_at) VALUES (?, ?)",
                        [migration.id, Timestamp.format(now)])
                }
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Every timestamp column holds ISO 8601 UTC text (`Timestamp.format`).
    private static let core = """
        CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE institutions(
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            type TEXT NOT NULL);
        CREATE TABLE institution_addresses(
            institution_code TEXT NOT NULL REFERENCES institutions(code) ON DELETE CASCADE,
            address TEXT NOT NULL,
            normalized TEXT NOT NULL,
            position INTEGER NOT NULL,
            dead_reason TEXT,
            PRIMARY KEY(institution_code, normalized));
        CREATE INDEX institution_addresses_by_address ON institution_addresses(normalized);

        CREATE TABLE people(
            login TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            institution_code TEXT REFERENCES institutions(code),
            address TEXT);
        CREATE TABLE groups(name TEXT PRIMARY KEY);
        CREATE TABLE group_members(
            group_name TEXT NOT NULL REFERENCES groups(name) ON DELETE CASCADE,
            institution_code TEXT NOT NULL REFERENCES institutions(code),
            PRIMARY KEY(group_name, institution_code));

        CREATE TABLE dispatches(
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            short_title TEXT NOT NULL,
            body TEXT NOT NULL,
            expected_reply TEXT NOT NULL,
            deadline TEXT,
            deadline_at TEXT,
            author TEXT NOT NULL REFERENCES people(login),
            state TEXT NOT NULL,
            approval TEXT NOT NULL,
            created_at TEXT NOT NULL,
            queued_at TEXT);
        CREATE TABLE dispatch_targets(
            dispatch_id TEXT NOT NULL REFERENCES dispatches(id),
            position INTEGER NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY(dispatch_id, position));
        CREATE TABLE dispatch_attachments(
            dispatch_id TEXT NOT NULL REFERENCES dispatches(id),
            position INTEGER NOT NULL,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY(dispatch_id, position));
        CREATE TABLE approvals(
            dispatch_id TEXT NOT NULL REFERENCES dispatches(id),
            step TEXT NOT NULL,
            approver TEXT NOT NULL REFERENCES people(login),
            at TEXT NOT NULL,
            PRIMARY KEY(dispatch_id, step));

        CREATE TABLE deliveries(
            id INTEGER PRIMARY KEY,
            dispatch_id TEXT NOT NULL REFERENCES dispatches(id),
            recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('institution', 'person')),
            institution_code TEXT REFERENCES institutions(code),
            person_login TEXT REFERENCES people(login),
            state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'replied')),
            token_hash TEXT NOT NULL UNIQUE,
            sent_at TEXT,
            replied_at TEXT,
            read_at TEXT,
            failure TEXT,
            files_filed INTEGER NOT NULL DEFAULT 0,
            UNIQUE(dispatch_id, institution_code),
            UNIQUE(dispatch_id, person_login));
        CREATE INDEX deliveries_by_institution ON deliveries(institution_code, state);

        -- Every message we sent or will send, by its Message-ID: the first mail of a
        -- delivery, later reminders. Rendered bytes live in the store.
        CREATE TABLE sent_messages(
            message_id TEXT PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            purpose TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL);

        -- One row per message and address: one SMTP transaction each.
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL REFERENCES sent_messages(message_id),
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            address TEXT NOT NULL,
            envelope_from TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'refused', 'bounced')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_response TEXT,
            accepted_at TEXT,
            UNIQUE(message_id, address));
        CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

        -- Every inbound message, stored raw in the store; matched or held for review.
        CREATE TABLE messages(
            id INTEGER PRIMARY KEY,
            raw_sha256 TEXT NOT NULL UNIQUE,
            header_message_id TEXT,
            sender TEXT,
            subject TEXT NOT NULL,
            sent_at TEXT,
            received_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            headers TEXT NOT NULL,
            text TEXT NOT NULL,
            delivery_id INTEGER REFERENCES deliveries(id),
            matched_by TEXT,
            counted INTEGER NOT NULL DEFAULT 0,
            flagged TEXT,
            review TEXT CHECK (review IN ('pending', 'assigned', 'dismissed')),
            review_reason TEXT,
            source TEXT NOT NULL);
        CREATE UNIQUE INDEX messages_by_message_id ON messages(header_message_id)
            WHERE header_message_id IS NOT NULL;
        CREATE INDEX messages_by_delivery ON messages(delivery_id);

        -- Filed answers: a view over the store, named for people.
        CREATE TABLE files(
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id),
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            original_name TEXT NOT NULL,
            filed_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            UNIQUE(delivery_id, filed_name));

        CREATE TABLE bounces(
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            message_id INTEGER NOT NULL REFERENCES messages(id),
            address TEXT NOT NULL,
            status TEXT,
            reason TEXT NOT NULL,
            UNIQUE(message_id, address));

        CREATE TABLE mailbox_state(
            mailbox TEXT PRIMARY KEY,
            uid_validity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL);

        CREATE TABLE events(
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            dispatch_id TEXT,
            delivery_id INTEGER,
            message_id INTEGER,
            detail TEXT NOT NULL);
        CREATE INDEX events_by_delivery ON events(delivery_id);
        """

    /// Reminders: a policy per dispatch (NULL: the ledger's default), a token per message
    /// we send to a delivery (each reminder gets its own), and notices to staff (the daily
    /// digest), each decided once.
    private static let reminders = """
        ALTER TABLE dispatches ADD COLUMN reminders TEXT;

        CREATE TABLE reply_tokens(
            token_hash TEXT PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            message_id TEXT NOT NULL REFERENCES sent_messages(message_id));
        INSERT INTO reply_tokens(token_hash, delivery_id, message_id)
            SELECT d.token_hash, d.id, s.message_id FROM deliveries d
            JOIN sent_messages s ON s.delivery_id = d.id AND s.purpose = 'dispatch';

        CREATE TABLE notices(
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            day TEXT NOT NULL,
            recipient TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            raw_sha256 TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'refused')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_response TEXT,
            created_at TEXT NOT NULL,
            UNIQUE(kind, day, recipient));
        """
}
