import Foundation
import Ledger

/// When one delivery's next reminder is due, from a policy and a deadline.
///
/// Pure: every answer is a function of the arguments, and `now` is one of them. The
/// rules, in the order they apply:
///
/// 1. **Moments.** Each of the policy's day offsets gives one moment: the deadline date
///    plus the offset, at the policy's due time, moved off days off as
///    ``ReminderPolicy`` describes. Offsets that land on the same moment count once.
/// 2. **Contacts cover moments.** The request itself (its queue time) and each reminder
///    sent are contacts. A moment before the last contact, or less than ``minimumGap``
///    (20 hours) after it, is covered and never sent: it is dropped, not postponed. So
///    reminders before the queue time are skipped, and no delivery gets two mails within
///    20 hours.
/// 3. **No catch-up burst.** When the first uncovered moment has already passed (the
///    bridge was down), one reminder is due now, or at the next moment the policy allows
///    mail (inside the window, on a working day). Every other moment that passed by then
///    is covered by that one reminder once it is sent, so the count still to come drops by
///    the moments missed: a week's outage costs those reminders, it does not queue them.
/// 4. **Cap.** Never more reminders in all than the policy has moments, whatever the
///    contact times say (`sentCount` guards against a changed policy).
public struct ReminderSchedule: Sendable {
    /// The next reminder to one delivery.
    public struct Reminder: Sendable, Equatable {
        /// The instant it is due (for a missed moment: `now` or the next allowed moment).
        public let due: Date
        /// Its number for this delivery: 1 for the first reminder.
        public let number: Int
        /// Whether it goes out after the deadline date has ended.
        public let isAfterDeadline: Bool
        /// Other moments this one stands in for, which will never be sent: those that
        /// passed unsent, and any less than the minimum gap after it (0 unless catching up).
        public let merged: Int
        /// Reminders still to come after this one, if each goes out on time.
        public let remainingAfter: Int
    }

    public let policy: ReminderPolicy
    public let deadline: ReminderDeadline
    /// The least time between two contacts with one delivery.
    public let minimumGap: TimeInterval
    private let calendar: Calendar

    /// The schedule of `policy` for `deadline`, in `calendar`'s zone.
    public init(
        policy: ReminderPolicy, deadline: ReminderDeadline, calendar: DepartmentCalendar,
        minimumGap: TimeInterval = 20 * 3600
    ) {
        self.policy = policy
        self.deadline = deadline
        self.minimumGap = minimumGap
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        self.calendar = gregorian
    }

    // MARK: - Answers

    /// Every moment the policy names for this deadline, in order, before any contact
    /// covers them.
    public var moments: [Date] {
        var seen: [Date] = []
        for offset in policy.dayOffsets {
            var day = deadline.day.adding(days: offset)
            if policy.workdaysOnly {
                // Never across the deadline: up to 0d back, after it forward.
                let step = offset <= 0 ? -1 : 1
                while !PolishHolidays.isWorkingDay(day) { day = day.adding(days: step) }
            }
            let moment = date(on: day, at: policy.dueTime)
            if seen.last != moment { seen.append(moment) }
        }
        return seen
    }

    /// The next reminder to a delivery, or nil when none is left.
    /// - Parameters:
    ///   - queuedAt: when the dispatch was queued (the request is the first contact).
    ///   - sentCount: reminders already sent to this delivery.
    ///   - lastSentAt: when the last of them was sent; nil when none was.
    ///   - now: the present instant.
    public func next(
        queuedAt: Date, sentCount: Int, lastSentAt: Date?, now: Date
    ) -> Reminder? {
        let all = moments
        guard sentCount < all.count else { return nil }

        let contact = max(queuedAt, lastSentAt ?? queuedAt)
        let open = all.filter { $0 >= contact.addingTimeInterval(minimumGap) }
        guard let first = open.first else { return nil }

        let due = first >= now ? first : earliestAllowed(atOrAfter: now)
        let covered = due.addingTimeInterval(minimumGap)
        let merged = open.filter { $0 > first && $0 < covered }.count
        let later = open.count - 1 - merged
        return Reminder(
            due: due, number: sentCount + 1, isAfterDeadline: due >= deadline.endsAt,
            merged: merged, remainingAfter: min(later, all.count - sentCount - 1))
    }

    /// Whether a reminder to the delivery is due at `now`.
    public func isDue(queuedAt: Date, sentCount: Int, lastSentAt: Date?, now: Date) -> Bool {
        guard
            let reminder = next(
                queuedAt: queuedAt, sentCount: sentCount, lastSentAt: lastSentAt, now: now)
        else { return false }
        return reminder.due <= now
    }

    /// The first instant at or after `instant` when the policy lets mail go out: on a
    /// working day if it asks for one, inside its window if it has one. When it has to
    /// wait for another day, it waits until the window opens, or with no window until the
    /// due time, so that a reminder never goes out at midnight for want of a window.
    public func earliestAllowed(atOrAfter instant: Date) -> Date {
        let opening = policy.window?.start ?? policy.dueTime
        var candidate = instant
        // Days off come in runs of at most four (Christmas Eve to a weekend), so a few
        // steps suffice; the bound only keeps a wrong calendar from looping.
        for _ in 0..<64 {
            let (day, minutes) = local(candidate)
            if policy.workdaysOnly, !PolishHolidays.isWorkingDay(day) {
                candidate = date(on: day.adding(days: 1), at: opening)
                continue
            }
            if let window = policy.window {
                if minutes < window.start.minutes { return date(on: day, at: window.start) }
                if minutes >= window.end.minutes {
                    candidate = date(on: day.adding(days: 1), at: window.start)
                    continue
                }
            }
            return candidate
        }
        return candidate
    }

    // MARK: - Zone

    /// `day` at `time` in the department's zone. A time skipped by the spring change
    /// (02:00–03:00 in Warsaw) comes out as the moment after the gap.
    private func date(on day: CalendarDay, at time: ReminderPolicy.TimeOfDay) -> Date {
        let parts = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute)
        guard let date = calendar.date(from: parts) else {
            preconditionFailure("no instant for \(day) \(time) in \(calendar.timeZone)")
        }
        return date
    }

    /// The local day and minutes since midnight of `date` in the department's zone.
    private func local(_ date: Date) -> (CalendarDay, Int) {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
            let day = CalendarDay(year: year, month: month, day: dayOfMonth)
        else { preconditionFailure("no local day for \(date) in \(calendar.timeZone)") }
        return (day, (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }
}
