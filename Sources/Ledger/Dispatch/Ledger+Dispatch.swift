import Foundation

extension Ledger {
    /// Creates a dispatch in state `draft` and returns its new id.
    /// - Throws: `LedgerError(.badData)` for an unknown target or author; `SQLiteError`.
    public func createDispatch(
        _ draft: DispatchDraft, initialState: DispatchState = .draft
    ) throws -> DispatchID {
        let deadlineAt = try draft.deadline.map { try calendar.endOfDay($0) }
        _ = try resolveRecipients(draft.targets)
        let stored = try draft.attachments.map { file in
            DispatchAttachment(
                filename: file.filename, contentType: file.contentType, size: file.data.count,
                sha256: try store.put(file.data))
        }
        let approval = try settings().approval

        return try write("creating a dispatch") { db in
            let id = try nextDispatchID(db)
            try db.query(
                """
                INSERT INTO dispatches(id, subject, short_title, body, expected_reply, deadline,
                    deadline_at, author, state, approval, created_at, reminders, form)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [id, draft.subject, draft.shortTitle, draft.body, draft.expectedReply.rawValue,
                 draft.deadline, deadlineAt.map(Timestamp.format), draft.author,
                 initialState.rawValue, approval.rawValue, Timestamp.format(now),
                 draft.reminders, draft.form])
            for (position, target) in draft.targets.enumerated() {
                try db.query(
                    "INSERT INTO dispatch_targets(dispatch_id, position, target) VALUES (?, ?, ?)",
                    [id, position, target])
            }
            for (position, file) in stored.enumerated() {
                try db.query(
                    """
                    INSERT INTO dispatch_attachments(dispatch_id, position, filename,
                        content_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    [id, position, file.filename, file.contentType, file.size, file.sha256])
            }
            try appendEvent(
                db, actor: draft.author, kind: "dispatch-created", dispatch: id,
                detail: draft.subject)
            return id
        }
    }

    /// `SP-<year>-<NNN>`, numbered within the department's year.
    private func nextDispatchID(_ db: SQLiteConnection) throws -> DispatchID {
        let prefix = "SP-\(calendar.year(of: now))-"
        let last = try db.first(
            "SELECT id FROM dispatches WHERE id LIKE ? ORDER BY length(id) DESC, id DESC LIMIT 1",
            [prefix + "%"])?.string("id")
        let number = last.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
        return prefix + String(format: "%03d", number + 1)
    }

    /// The dispatch with `id`.
    /// - Throws: `LedgerError(.badData)` when there is none.
    public func dispatch(_ id: DispatchID) throws -> Dispatch {
        guard let row = try db.first("SELECT * FROM dispatches WHERE id = ?", [id]) else {
            throw LedgerError.notFound("no dispatch \(id)")
        }
        let targets = try db.query(
            "SELECT target FROM dispatch_targets WHERE dispatch_id = ? ORDER BY position", [id]
        ).map { $0.text("target") }
        let attachments = try db.query(
            "SELECT * FROM dispatch_attachments WHERE dispatch_id = ? ORDER BY position", [id]
        ).map {
            DispatchAttachment(
                filename: $0.text("filename"), contentType: $0.text("content_type"),
                size: $0.int("size") ?? 0, sha256: $0.text("sha256"))
        }
        return Dispatch(
            id: row.text("id"), subject: row.text("subject"),
            shortTitle: row.text("short_title"), body: row.text("body"),
            expectedReply: ExpectedReply(rawValue: row.text("expected_reply")) ?? .attachment,
            deadline: row.string("deadline"),
            deadlineAt: row.string("deadline_at").flatMap(Timestamp.parse),
            author: row.text("author"),
            state: DispatchState(rawValue: row.text("state")) ?? .draft,
            approval: ApprovalMode(rawValue: row.text("approval")) ?? .none,
            createdAt: Timestamp.parse(row.text("created_at")) ?? now,
            queuedAt: row.string("queued_at").flatMap(Timestamp.parse),
            targets: targets, attachments: attachments, reminders: row.string("reminders"),
            form: row.string("form"))
    }

    /// Every dispatch id, oldest first.
    /// - Throws: `SQLiteError`.
    public func dispatchIDs() throws -> [DispatchID] {
        try db.query("SELECT id FROM dispatches ORDER BY created_at, id").map { $0.text("id") }
    }

    /// Resolves `school:CODE`, `group:NAME`, `type:TYPE` and `person:LOGIN` targets to
    /// recipients, each once, institutions by code then people by login.
    /// - Throws: `LedgerError(.badData)` naming the first target that resolves to nothing.
    public func resolveRecipients(_ targets: [String]) throws -> [Recipient] {
        guard !targets.isEmpty else { throw LedgerError.badData("a dispatch needs a --to target") }
        var codes: [InstitutionCode] = []
        var logins: [String] = []
        for target in targets {
            let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw LedgerError(
                    .usage, "target \(target) is not school:CODE, group:NAME, type:TYPE "
                        + "or person:LOGIN")
            }
            switch parts[0] {
            case "school":
                guard try institution(parts[1]) != nil else {
                    throw LedgerError.badData("no institution with code \(parts[1])")
                }
                codes.append(parts[1])
            case "group":
                guard let members = try groupMembers(parts[1]) else {
                    throw LedgerError.badData("no group \(parts[1])")
                }
                guard !members.isEmpty else {
                    throw LedgerError.badData("group \(parts[1]) is empty")
                }
                codes += members
            case "type":
                let members = try db.query(
                    "SELECT code FROM institutions WHERE type = ? ORDER BY code", [parts[1]]
                ).map { $0.text("code") }
                guard !members.isEmpty else {
                    throw LedgerError.badData("no institution of type \(parts[1])")
                }
                codes += members
            case "person":
                guard let person = try person(parts[1]) else {
                    throw LedgerError.badData("no person \(parts[1])")
                }
                guard person.address != nil else {
                    throw LedgerError.badData("person \(parts[1]) has no e-mail address")
                }
                logins.append(parts[1])
            default:
                throw LedgerError(
                    .usage, "target \(target) is not school:, group:, type: or person:")
            }
        }
        return try unique(codes).compactMap { code in
            try institution(code).map {
                Recipient(kind: .institution, key: code, name: $0.name, addresses: $0.addresses)
            }
        } + unique(logins).compactMap { login in
            try person(login).map {
                Recipient(kind: .person, key: login, name: $0.name, addresses: [$0.address ?? ""])
            }
        }
    }

    private func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Records an approval step and moves the dispatch on, with an event.
    /// - Throws: `SQLiteError`.
    public func recordApproval(
        of id: DispatchID, step: String, by approver: String, next: DispatchState
    ) throws {
        try write("approving \(id)") { db in
            try db.query(
                "INSERT INTO approvals(dispatch_id, step, approver, at) VALUES (?, ?, ?, ?)",
                [id, step, approver, Timestamp.format(now)])
            try db.query("UPDATE dispatches SET state = ? WHERE id = ?", [next.rawValue, id])
            try appendEvent(
                db, actor: approver, kind: "dispatch-approved", dispatch: id,
                detail: "\(step); now \(next.rawValue)")
        }
    }

    /// Logs a refused action in its own transaction (the command then fails).
    /// - Throws: `SQLiteError`.
    public func recordRefusal(
        actor: String, action: String, dispatch: DispatchID?, reason: String
    ) throws {
        try write("recording a refusal") { db in
            try appendEvent(
                db, actor: actor, kind: "refused", dispatch: dispatch,
                detail: "\(action): \(reason)")
        }
    }

    /// Queues a dispatch: one delivery per recipient, one sent message and one outbox row
    /// per address, in one transaction with the dispatch's move to `queued`.
    /// - Throws: `LedgerError(.badData)` when the dispatch is already queued.
    public func queue(
        _ id: DispatchID, deliveries: [PreparedDelivery], actor: String
    ) throws {
        try write("queueing \(id)") { db in
            let state = try db.first("SELECT state FROM dispatches WHERE id = ?", [id])?
                .string("state")
            guard state != DispatchState.queued.rawValue else {
                throw LedgerError.badData("dispatch \(id) is already queued")
            }
            let stamp = Timestamp.format(now)
            try db.query(
                "UPDATE dispatches SET state = 'queued', queued_at = ? WHERE id = ?", [stamp, id])
            for prepared in deliveries {
                let recipient = prepared.recipient
                try db.query(
                    """
                    INSERT INTO deliveries(dispatch_id, recipient_kind, institution_code,
                        person_login, state, token_hash) VALUES (?, ?, ?, ?, 'queued', ?)
                    """,
                    [id, recipient.kind.rawValue,
                     recipient.kind == .institution ? recipient.key : nil,
                     recipient.kind == .person ? recipient.key : nil, prepared.tokenHash])
                let delivery = db.lastInsertedRowID
                try db.query(
                    """
                    INSERT INTO sent_messages(message_id, delivery_id, purpose, raw_sha256,
                        created_at) VALUES (?, ?, 'dispatch', ?, ?)
                    """, [prepared.messageID, delivery, prepared.rawSHA256, stamp])
                try db.query(
                    "INSERT INTO reply_tokens(token_hash, delivery_id, message_id) "
                        + "VALUES (?, ?, ?)",
                    [prepared.tokenHash, delivery, prepared.messageID])
                for address in recipient.addresses {
                    try db.query(
                        """
                        INSERT INTO outbox(message_id, delivery_id, address, envelope_from,
                            state, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?)
                        """,
                        [prepared.messageID, delivery, address, prepared.envelopeFrom, stamp])
                }
                try appendEvent(
                    db, actor: actor, kind: "delivery-queued", dispatch: id,
                    delivery: delivery, detail: recipient.key)
            }
            try appendEvent(
                db, actor: actor, kind: "dispatch-queued", dispatch: id,
                detail: "\(deliveries.count) recipients")
        }
    }

    /// The deliveries of a dispatch, institutions first, by code.
    /// - Throws: `SQLiteError`.
    public func deliveries(of id: DispatchID) throws -> [Delivery] {
        try db.query(
            """
            SELECT * FROM deliveries WHERE dispatch_id = ?
            ORDER BY recipient_kind, institution_code, person_login
            """, [id]
        ).map(Delivery.init(row:))
    }

    /// The delivery with `id`, if any.
    /// - Throws: `SQLiteError`.
    public func delivery(_ id: Int64) throws -> Delivery? {
        try db.first("SELECT * FROM deliveries WHERE id = ?", [id]).map(Delivery.init(row:))
    }
}
