import Foundation
import Ledger

/// Every open dispatch at a glance: queued, and either before its deadline or still
/// waiting for someone's answer; with its counts, answer rate and late recipients.
public struct OverviewReport: Sendable {
    /// One open dispatch.
    public struct Row: Sendable, Equatable {
        public var dispatch: DispatchID
        public var subject: String
        public var deadline: String?
        public var deadlineAt: Date?
        public var queuedAt: Date?
        public var recipients: Int
        /// Recipients a server accepted the message for.
        public var sent: Int
        public var replied: Int
        public var failed: Int
        /// Recipients neither answered nor failed.
        public var waiting: Int
        /// Recipients without an answer after the deadline (the `late` report's rows).
        public var late: Int

        /// Answered recipients as a share of all, from 0 to 1.
        public var answerRate: Double {
            recipients == 0 ? 0 : Double(replied) / Double(recipients)
        }
    }

    public var rows: [Row]
    public var calendar: DepartmentCalendar
    /// The moment the report was read, as the ledger's clock said.
    public var now: Date

    /// Reads every queued dispatch and keeps the open ones, oldest first.
    /// - Throws: `SQLiteError`.
    public init(ledger: Ledger) throws {
        calendar = ledger.calendar
        now = ledger.now
        var rows: [Row] = []
        for id in try ledger.dispatchIDs() {
            let dispatch = try ledger.dispatch(id)
            guard dispatch.state == .queued else { continue }

            let status = try StatusReport(ledger: ledger, dispatch: id)
            let row = Self.row(status)
            if Self.isOpen(row, now: now) { rows.append(row) }
        }
        self.rows = rows
    }

    /// Whether a queued dispatch still needs watching: someone has not answered, or its
    /// deadline has not passed.
    static func isOpen(_ row: Row, now: Date) -> Bool {
        if row.replied < row.recipients { return true }
        guard let deadlineAt = row.deadlineAt else { return false }
        return now <= deadlineAt
    }

    static func row(_ status: StatusReport) -> Row {
        let totals = status.totals
        return Row(
            dispatch: status.dispatch.id, subject: status.dispatch.subject,
            deadline: status.dispatch.deadline, deadlineAt: status.dispatch.deadlineAt,
            queuedAt: status.dispatch.queuedAt, recipients: totals.recipients,
            sent: totals.sent, replied: totals.replied, failed: totals.failed,
            waiting: totals.recipients - totals.replied - totals.failed,
            late: status.rows.filter { $0.late && $0.state != .replied }.count)
    }
}
