import Foundation
import Ledger

/// Who is late: every recipient of a queued dispatch whose deadline has passed without
/// their answer, with the addresses to reach them, the longest late first.
public struct LateReport: Sendable {
    /// One late recipient of one dispatch.
    public struct Row: Sendable, Equatable {
        public var dispatch: DispatchID
        public var subject: String
        /// The deadline date (`YYYY-MM-DD`): late since the end of that day.
        public var deadline: String
        /// Whole days since the deadline day, in the department's calendar.
        public var daysLate: Int
        public var kind: RecipientKind
        public var code: String
        public var name: String
        public var type: String?
        public var state: DeliveryState
        public var addresses: [String]
        public var reminders: Int
    }

    public var rows: [Row]
    public var calendar: DepartmentCalendar
    /// The moment the report was read, as the ledger's clock said.
    public var now: Date

    /// Reads every queued dispatch past its deadline.
    /// - Throws: `SQLiteError`.
    public init(ledger: Ledger) throws {
        calendar = ledger.calendar
        now = ledger.now
        let days = ReportDays(calendar)
        var rows: [Row] = []
        for id in try ledger.dispatchIDs() {
            let dispatch = try ledger.dispatch(id)
            guard dispatch.state == .queued, let deadline = dispatch.deadline,
                  let deadlineAt = dispatch.deadlineAt, now > deadlineAt
            else { continue }

            let status = try StatusReport(ledger: ledger, dispatch: id)
            let late = days.daysLate(deadlineAt: deadlineAt, now: now)
            for row in status.rows where row.late && row.state != .replied {
                rows.append(Row(
                    dispatch: id, subject: dispatch.subject, deadline: deadline,
                    daysLate: late, kind: row.kind, code: row.code, name: row.name,
                    type: row.type, state: row.state, addresses: row.addresses,
                    reminders: row.reminders))
            }
        }
        self.rows = rows.sorted(by: Self.comesFirst)
    }

    /// The longest late first; then by dispatch and code.
    static func comesFirst(_ a: Row, _ b: Row) -> Bool {
        if a.daysLate != b.daysLate { return a.daysLate > b.daysLate }
        if a.dispatch != b.dispatch { return a.dispatch < b.dispatch }
        return a.code < b.code
    }
}
