import Foundation

extension Ledger {
    // MARK: - Finding deliveries

    /// The delivery whose reply token hashes to `tokenHash`.
    /// - Throws: `SQLiteError`.
    public func delivery(tokenHash: String) throws -> Delivery? {
        try db.first(
            """
            SELECT d.* FROM deliveries d JOIN reply_tokens t ON t.delivery_id = d.id
            WHERE t.token_hash = ?
            """, [tokenHash]
        ).map(Delivery.init(row:))
    }

    /// The delivery that a message we sent (by Message-ID) belongs to.
    /// - Throws: `SQLiteError`.
    public func delivery(sentMessageID: String) throws -> Delivery? {
        try db.first(
            """
            SELECT d.* FROM deliveries d JOIN sent_messages s ON s.delivery_id = d.id
            WHERE s.message_id = ?
            """, [sentMessageID]
        ).map(Delivery.init(row:))
    }

    /// The delivery of dispatch `id` to the institution or person `key`.
    /// - Throws: `SQLiteError`.
    public func delivery(dispatch id: DispatchID, recipient key: String) throws -> Delivery? {
        try db.first(
            "SELECT * FROM deliveries WHERE dispatch_id = ? "
                + "AND (institution_code = ? OR person_login = ?)", [id, key, key]
        ).map(Delivery.init(row:))
    }

    /// Deliveries to `code` that await an answer: sent, a reply expected, none yet.
    /// - Throws: `SQLiteError`.
    public func deliveriesAwaitingReply(institution code: InstitutionCode) throws -> [Delivery] {
        try db.query(
            """
            SELECT d.* FROM deliveries d JOIN dispatches p ON p.id = d.dispatch_id
            WHERE d.institution_code = ? AND d.state = 'sent' AND p.expected_reply != 'none'
            """, [code]
        ).map(Delivery.init(row:))
    }

    /// Deliveries to people with `address` that await an answer.
    /// - Throws: `SQLiteError`.
    public func deliveriesAwaitingReply(personAddress address: String) throws -> [Delivery] {
        try db.query(
            """
            SELECT d.* FROM deliveries d JOIN people p ON p.login = d.person_login
            JOIN dispatches s ON s.id = d.dispatch_id
            WHERE lower(p.address) = ? AND d.state = 'sent' AND s.expected_reply != 'none'
            """, [address.lowercased()]
        ).map(Delivery.init(row:))
    }

    /// The addresses a delivery's recipient has (institution or person).
    /// - Throws: `SQLiteError`.
    public func addresses(of delivery: Delivery) throws -> [String] {
        if let code = delivery.institutionCode { return try institution(code)?.addresses ?? [] }
        if let login = delivery.personLogin { return try person(login)?.address.map { [$0] } ?? [] }
        return []
    }

    // MARK: - Recording

    /// Stores an inbound message and applies its effect, in one transaction; the same
    /// bytes or Message-ID a second time do nothing.
    /// - Throws: `SQLiteError`, `LedgerError(.temporary)` when the store cannot be written.
    @discardableResult
    public func recordInbound(
        _ record: InboundRecord, namer: FileNamer, actor: String = "bridge"
    ) throws -> InboundOutcome {
        let rawSHA = SHA256.hex(record.raw)
        if let existing = try duplicate(of: record, rawSHA: rawSHA) { return .duplicate(existing) }
        try store.put(record.raw)
        let fileDigests = try record.files.map { try store.put($0.data) }

        return try write("recording an inbound message") { db in
            if let existing = try duplicate(of: record, rawSHA: rawSHA) {
                return .duplicate(existing)
            }
            let message = try insertMessage(record, rawSHA: rawSHA, db: db)
            for refused in record.refusedFiles {
                try appendEvent(db, actor: actor, kind: "attachment-refused", message: message,
                                detail: refused)
            }
            switch record.match {
            case let .review(reason):
                try appendEvent(
                    db, actor: actor, kind: "message-for-review", message: message,
                    detail: reason)
            case let .delivery(id, method, effect):
                try apply(
                    effect, of: record, message: message, delivery: id, method: method,
                    fileDigests: fileDigests, namer: namer, actor: actor, db: db)
            }
            return .stored(message)
        }
    }

    private func duplicate(of record: InboundRecord, rawSHA: String) throws -> Int64? {
        if let row = try db.first("SELECT id FROM messages WHERE raw_sha256 = ?", [rawSHA]) {
            return Int64(row.int("id") ?? 0)
        }
        guard let id = record.headerMessageID, !id.isEmpty else { return nil }
        return try db.first("SELECT id FROM messages WHERE header_message_id = ?", [id])
            .map { Int64($0.int("id") ?? 0) }
    }

    private func insertMessage(
        _ record: InboundRecord, rawSHA: String, db: SQLiteConnection
    ) throws -> Int64 {
        var delivery: Int64?
        var method: String?
        var review: String?
        var reason: String?
        var flagged: String?
        switch record.match {
        case let .delivery(id, how, effect):
            delivery = id
            method = how
            if case let .answer(flag) = effect { flagged = flag }
        case let .review(why):
            review = "pending"
            reason = why
        }
        let messageID = record.headerMessageID.flatMap { $0.isEmpty ? nil : $0 }
        try db.query(
            """
            INSERT INTO messages(raw_sha256, header_message_id, sender, subject, sent_at,
                received_at, kind, headers, text, delivery_id, matched_by, flagged, review,
                review_reason, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [rawSHA, messageID, record.sender, record.subject,
             record.sentAt.map(Timestamp.format), Timestamp.format(now), record.kind,
             record.headers, record.text, delivery, method, flagged, review, reason,
             record.source])
        return db.lastInsertedRowID
    }

    private func apply(
        _ effect: InboundEffect, of record: InboundRecord, message: Int64, delivery id: Int64,
        method: String, fileDigests: [String], namer: FileNamer, actor: String,
        db: SQLiteConnection
    ) throws {
        guard let delivery = try delivery(id) else {
            throw LedgerError(.internal, "matched delivery \(id) does not exist")
        }
        let stamp = Timestamp.format(now)
        switch effect {
        case let .answer(flagged):
            try fileAnswer(
                record.files, digests: fileDigests, message: message, delivery: delivery,
                namer: namer, db: db)
            try db.query("UPDATE messages SET counted = 1 WHERE id = ?", [message])
            try db.query(
                """
                UPDATE deliveries SET state = 'replied', replied_at = COALESCE(replied_at, ?)
                WHERE id = ?
                """, [stamp, id])
            try appendEvent(
                db, actor: actor, kind: "reply-received", dispatch: delivery.dispatchID,
                delivery: id, message: message,
                detail: "by \(method), \(record.files.count) files"
                    + (flagged.map { "; flagged: \($0)" } ?? ""))
        case .autoReply:
            try appendEvent(
                db, actor: actor, kind: "auto-reply-received", dispatch: delivery.dispatchID,
                delivery: id, message: message, detail: record.subject)
        case let .bounce(addresses):
            try recordBounce(addresses, message: message, delivery: delivery, actor: actor, db: db)
        case .delay:
            try appendEvent(
                db, actor: actor, kind: "delay-notice", dispatch: delivery.dispatchID,
                delivery: id, message: message, detail: record.subject)
        case .readReceipt:
            try db.query(
                "UPDATE deliveries SET read_at = COALESCE(read_at, ?) WHERE id = ?", [stamp, id])
            try appendEvent(
                db, actor: actor, kind: "read-receipt", dispatch: delivery.dispatchID,
                delivery: id, message: message)
        case let .logged(what):
            try appendEvent(
                db, actor: actor, kind: what, dispatch: delivery.dispatchID, delivery: id,
                message: message, detail: record.subject)
        }
    }

    func fileAnswer(
        _ files: [InboundFile], digests: [String], message: Int64, delivery: Delivery,
        namer: FileNamer, db: SQLiteConnection
    ) throws {
        guard !files.isEmpty else { return }
        let context = try filingContext(for: delivery, db: db)
        var count = try db.first(
            "SELECT files_filed FROM deliveries WHERE id = ?",
            [delivery.id])?.int("files_filed") ?? 0
        for (file, digest) in zip(files, digests) {
            count += 1
            var naming = context
            naming.index = count
            naming.originalName = file.originalName
            let name = namer(naming)
            try db.query(
                """
                INSERT INTO files(message_id, delivery_id, original_name, filed_name,
                    content_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [message, delivery.id, file.originalName, name, file.contentType,
                 file.data.count, digest])
        }
        try db.query("UPDATE deliveries SET files_filed = ? WHERE id = ?", [count, delivery.id])
    }

    private func filingContext(for delivery: Delivery, db: SQLiteConnection) throws
        -> FilingContext
    {
        let title = try db.first(
            "SELECT short_title FROM dispatches WHERE id = ?", [delivery.dispatchID]
        )?.text("short_title") ?? delivery.dispatchID
        var shortName = delivery.recipientKey
        if let code = delivery.institutionCode {
            shortName = try institution(code, db: db)?.shortName ?? code
        } else if let login = delivery.personLogin {
            shortName = try person(login)?.name ?? login
        }
        return FilingContext(
            recipientKey: delivery.recipientKey, recipientShortName: shortName,
            dispatchShortTitle: title, index: 0, originalName: "")
    }

    private func recordBounce(
        _ addresses: [BouncedAddress], message: Int64, delivery: Delivery, actor: String,
        db: SQLiteConnection
    ) throws {
        for bounced in addresses {
            try db.query(
                """
                INSERT OR IGNORE INTO bounces(delivery_id, message_id, address, status, reason)
                VALUES (?, ?, ?, ?, ?)
                """,
                [delivery.id, message, bounced.address, bounced.status, bounced.reason])
            try db.query(
                """
                UPDATE outbox SET state = 'bounced', last_response = ?
                WHERE delivery_id = ? AND lower(address) = ?
                """,
                ["bounced: \(bounced.status ?? "-") \(bounced.reason)", delivery.id,
                 bounced.address.lowercased()])
            if bounced.marksDead, let code = delivery.institutionCode {
                try db.query(
                    """
                    UPDATE institution_addresses SET dead_reason = ?
                    WHERE institution_code = ? AND normalized = ?
                    """, [bounced.reason, code, bounced.address.lowercased()])
            }
            try appendEvent(
                db, actor: actor, kind: "bounce-received", dispatch: delivery.dispatchID,
                delivery: delivery.id, message: message,
                detail: "\(bounced.address): \(bounced.status ?? "-") \(bounced.reason)")
        }
        try failIfNoAddressLeft(delivery.id, db: db)
    }
}
