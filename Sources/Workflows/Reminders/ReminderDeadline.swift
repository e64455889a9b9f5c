import Foundation
import Ledger

/// A dispatch's deadline as reminders need it: the date staff wrote, and the instant that
/// date ends in the department's zone (the first moment of the next day).
public struct ReminderDeadline: Sendable, Hashable {
    /// The deadline date, `YYYY-MM-DD` in the department's zone.
    public let day: CalendarDay
    /// The instant the deadline date ends there.
    public let endsAt: Date

    /// The deadline from what the ledger holds for a dispatch (`deadline`, `deadlineAt`).
    /// - Throws: `LedgerError` when `date` is not `YYYY-MM-DD`.
    public init(date: String, endsAt: Date) throws {
        guard let day = CalendarDay(date) else {
            throw LedgerError(.usage, "not a date (YYYY-MM-DD): \(date)")
        }
        self.day = day
        self.endsAt = endsAt
    }

    /// The deadline `date`, ending at the end of that day in `calendar`'s zone.
    /// - Throws: `LedgerError` when `date` is not `YYYY-MM-DD`.
    public init(date: String, calendar: DepartmentCalendar) throws {
        try self.init(date: date, endsAt: try calendar.endOfDay(date))
    }
}
