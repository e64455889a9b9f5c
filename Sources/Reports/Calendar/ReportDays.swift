import Foundation
import Ledger

/// Calendar days in the department's zone, as reports count them: the days between two
/// moments, a day's short label, how many days a deadline has passed.
struct ReportDays {
    private let calendar: Calendar

    init(_ department: DepartmentCalendar) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = department.timeZone
        self.calendar = calendar
    }

    /// The first moment of the day `date` falls on.
    func day(of date: Date) -> Date {
        calendar.startOfDay(for: date)
    }

    /// Calendar days from the day of `start` to the day of `end` (negative when `end` is
    /// earlier); a change of clocks does not make a day longer or shorter here.
    func days(from start: Date, to end: Date) -> Int {
        calendar.dateComponents([.day], from: day(of: start), to: day(of: end)).day ?? 0
    }

    /// The day `count` days after the day of `date`.
    func day(_ count: Int, after date: Date) -> Date {
        calendar.date(byAdding: .day, value: count, to: day(of: date)) ?? date
    }

    /// Whole days a deadline ending at `deadlineAt` (the first moment after its day) has
    /// passed by `now`: 1 on the day after the deadline day, 0 before then.
    func daysLate(deadlineAt: Date, now: Date) -> Int {
        guard now >= deadlineAt else { return 0 }
        return days(from: deadlineAt.addingTimeInterval(-1), to: now)
    }

    /// `4.12`: the day and month, as Polish charts label them.
    func label(_ date: Date) -> String {
        let parts = calendar.dateComponents([.day, .month], from: date)
        return "\(parts.day ?? 0).\(String(format: "%02d", parts.month ?? 0))"
    }
}
