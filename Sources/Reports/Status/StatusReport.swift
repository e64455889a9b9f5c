import Foundation
import Ledger

/// Who received a dispatch and who answered: one row per recipient, and totals.
public struct StatusReport: Sendable {
    /// One recipient of the dispatch.
    public struct Row: Sendable {
        public var kind: RecipientKind
        public var code: String
        public var name: String
        /// The institution's type (`przedszkole` …); `nil` for a person.
        public var type: String?
        public var addresses: [String]
        public var state: DeliveryState
        public var late: Bool
        public var sentAt: Date?
        public var repliedAt: Date?
        public var readAt: Date?
        public var autoReplies: Int
        /// Reminders sent to this recipient (`sent_messages` with purpose `reminder`).
        public var reminders: Int
        public var bounces: [String]
        public var attachments: [String]
        public var flagged: String?
        public var failure: String?
    }

    /// Counts over every row.
    public struct Totals: Sendable, Equatable {
        public var recipients = 0
        public var sent = 0
        public var replied = 0
        public var failed = 0
        public var late = 0

        public init(recipients: Int = 0, sent: Int = 0, replied: Int = 0, failed: Int = 0,
                    late: Int = 0) {
            self.recipients = recipients
            self.sent = sent
            self.replied = replied
            self.failed = failed
            self.late = late
        }
    }

    public var dispatch: Dispatch
    public var rows: [Row]
    public var totals: Totals
    public var calendar: DepartmentCalendar
    /// The directory's groups with their members, for the per-group chart.
    public var groups: [(name: String, members: [InstitutionCode])]
    /// The moment the report was read, as the ledger's clock said.
    public var now: Date

    /// Reads the report of dispatch `id` from the ledger.
    /// - Throws: `LedgerError(.badData)` for an unknown dispatch.
    public init(ledger: Ledger, dispatch id: DispatchID) throws {
        dispatch = try ledger.dispatch(id)
        calendar = ledger.calendar
        groups = try ledger.groups()
        let now = ledger.now
        self.now = now
        let deadline = dispatch.deadlineAt
        rows = try ledger.deliveries(of: id).map { delivery in
            try Self.row(for: delivery, ledger: ledger, deadline: deadline, now: now)
        }
        totals = Totals()
        totals.recipients = rows.count
        totals.sent = rows.filter { $0.sentAt != nil }.count
        totals.replied = rows.filter { $0.state == .replied }.count
        totals.failed = rows.filter { $0.state == .failed }.count
        totals.late = rows.filter(\.late).count
    }

    private static func row(
        for delivery: Delivery, ledger: Ledger, deadline: Date?, now: Date
    ) throws -> Row {
        let db = ledger.db
        var name = delivery.recipientKey
        var type: String?
        if let code = delivery.institutionCode {
            let institution = try ledger.institution(code)
            name = institution?.name ?? code
            type = institution?.type
        } else if let login = delivery.personLogin {
            name = try ledger.person(login)?.name ?? login
        }
        let autoReplies = try db.first(
            "SELECT count(*) AS n FROM messages WHERE delivery_id = ? AND kind = 'auto-reply'",
            [delivery.id])?.int("n") ?? 0
        let reminders = try db.first(
            """
            SELECT count(*) AS n FROM sent_messages
            WHERE delivery_id = ? AND purpose = 'reminder'
            """, [delivery.id])?.int("n") ?? 0
        let bounces = try db.query(
            "SELECT DISTINCT address FROM bounces WHERE delivery_id = ? ORDER BY address",
            [delivery.id]).map { $0.text("address") }
        let files = try db.query(
            "SELECT filed_name FROM files WHERE delivery_id = ? ORDER BY id", [delivery.id]
        ).map { $0.text("filed_name") }
        let flagged = try db.first(
            """
            SELECT flagged FROM messages WHERE delivery_id = ? AND counted = 1
            AND flagged IS NOT NULL ORDER BY id LIMIT 1
            """, [delivery.id])?.string("flagged")

        var late = false
        if let deadline, now > deadline {
            late = delivery.repliedAt.map { $0 > deadline } ?? true
        }
        return Row(
            kind: delivery.kind, code: delivery.recipientKey, name: name, type: type,
            addresses: try ledger.addresses(of: delivery), state: delivery.state, late: late,
            sentAt: delivery.sentAt, repliedAt: delivery.repliedAt, readAt: delivery.readAt,
            autoReplies: autoReplies, reminders: reminders, bounces: bounces,
            attachments: files, flagged: flagged,
            failure: delivery.failure)
    }
}
