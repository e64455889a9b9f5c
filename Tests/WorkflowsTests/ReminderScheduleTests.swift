import Foundation
import Ledger
import Testing
import Workflows

/// Fixed instants written with their Warsaw offset, and a bridge that wakes up at fixed
/// steps: the fake clock these tests run on.
struct ReminderClock {
    let calendar: DepartmentCalendar

    init() throws {
        calendar = try DepartmentCalendar(timeZoneIdentifier: "Europe/Warsaw")
    }

    func at(_ text: String) throws -> Date {
        try #require(Timestamp.parse(text), "not an instant: \(text)")
    }

    func schedule(_ policy: String, deadline: String) throws -> ReminderSchedule {
        ReminderSchedule(
            policy: try ReminderPolicy(parsing: policy),
            deadline: try ReminderDeadline(date: deadline, calendar: calendar),
            calendar: calendar)
    }

    /// What a bridge waking every `step` from `start` to `end` sends to one delivery that
    /// never answers, skipping the wake-ups in `down`.
    func run(
        _ schedule: ReminderSchedule, queuedAt: Date, from start: Date, to end: Date,
        step: TimeInterval = 900, down: Range<Date>? = nil
    ) -> [Date] {
        var sent: [Date] = []
        var now = start
        while now < end {
            let up = down.map { !$0.contains(now) } ?? true
            if up,
                schedule.isDue(
                    queuedAt: queuedAt, sentCount: sent.count, lastSentAt: sent.last, now: now)
            {
                sent.append(now)
            }
            now = now.addingTimeInterval(step)
        }
        return sent
    }

    func show(_ dates: [Date]) -> [String] { dates.map(calendar.display) }
}

@Suite("Reminder schedule")
struct ReminderScheduleTests {
    static let standard = "-2d,0d,+3d*3 workdays 08:00-18:00"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: String
        let deadline: String
        let moments: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "Friday deadline, 0d on the Friday, across the March DST change and Easter",
            policy: standard, deadline: "2026-03-27",
            moments: [
                "2026-03-25T09:00:00+01:00", "2026-03-27T09:00:00+01:00",
                "2026-03-30T09:00:00+02:00", "2026-04-02T09:00:00+02:00",
                "2026-04-07T09:00:00+02:00",
            ]),
        Case(
            name: "across the October DST change and All Saints' on a Sunday",
            policy: standard, deadline: "2026-10-23",
            moments: [
                "2026-10-21T09:00:00+02:00", "2026-10-23T09:00:00+02:00",
                "2026-10-26T09:00:00+01:00", "2026-10-29T09:00:00+01:00",
                "2026-11-02T09:00:00+01:00",
            ]),
        Case(
            name: "Christmas and New Year are skipped forward",
            policy: standard, deadline: "2026-12-23",
            moments: [
                "2026-12-21T09:00:00+01:00", "2026-12-23T09:00:00+01:00",
                "2026-12-28T09:00:00+01:00", "2026-12-29T09:00:00+01:00",
                "2027-01-04T09:00:00+01:00",
            ]),
        Case(
            name: "a deadline on a holiday: 0d moves back before it, later ones forward",
            policy: standard, deadline: "2026-11-11",
            moments: [
                "2026-11-09T09:00:00+01:00", "2026-11-10T09:00:00+01:00",
                "2026-11-16T09:00:00+01:00", "2026-11-17T09:00:00+01:00",
                "2026-11-20T09:00:00+01:00",
            ]),
        Case(
            name: "a deadline on Christmas Eve (a holiday since 2025)",
            policy: "-1d,0d,+1d workdays", deadline: "2026-12-24",
            moments: [
                "2026-12-23T09:00:00+01:00", "2026-12-28T09:00:00+01:00",
            ]),
        Case(
            name: "days before a Monday deadline that fall on the weekend merge on Friday",
            policy: "-3d,-2d,-1d,0d workdays at 10:00", deadline: "2026-03-30",
            moments: [
                "2026-03-27T10:00:00+01:00", "2026-03-30T10:00:00+02:00",
            ]),
        Case(
            name: "without workdays a Saturday stays a Saturday",
            policy: "-2d,0d,+1d", deadline: "2026-12-11",
            moments: [
                "2026-12-09T09:00:00+01:00", "2026-12-11T09:00:00+01:00",
                "2026-12-12T09:00:00+01:00",
            ]),
        Case(
            name: "repeats are capped at K",
            policy: "+2d*3", deadline: "2026-06-01",
            moments: [
                "2026-06-03T09:00:00+02:00", "2026-06-05T09:00:00+02:00",
                "2026-06-07T09:00:00+02:00",
            ]),
        Case(name: "none has no moments", policy: "none", deadline: "2026-06-01", moments: []),
    ]

    @Test("the policy's moments for a deadline", arguments: cases)
    func moments(_ example: Case) throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(example.policy, deadline: example.deadline)

        let moments = clock.show(schedule.moments)

        #expect(moments == example.moments)
    }

    @Test(
        "a bridge that is always up sends exactly the moments, 20 h apart or more",
        arguments: cases)
    func alwaysUp(_ example: Case) throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(example.policy, deadline: example.deadline)
        let deadline = try #require(CalendarDay(example.deadline))
        let queued = try clock.at("\(deadline.adding(days: -10))T12:00:00+01:00")

        let sent = clock.run(
            schedule, queuedAt: queued, from: queued,
            to: queued.addingTimeInterval(40 * 86_400))

        #expect(clock.show(sent) == example.moments)
        for (earlier, later) in zip(sent, sent.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 20 * 3600)
        }
    }

    @Test("policy none: never a reminder")
    func none() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule("none", deadline: "2026-06-01")
        let queued = try clock.at("2026-05-20T10:00:00+02:00")

        let next = schedule.next(
            queuedAt: queued, sentCount: 0, lastSentAt: nil,
            now: try clock.at("2026-06-10T10:00:00+02:00"))

        #expect(next == nil)
        #expect(!schedule.isDue(queuedAt: queued, sentCount: 0, lastSentAt: nil, now: queued))
    }

    @Test("on a Friday deadline the 0d reminder is due at 09:00, not a minute before")
    func fridayDeadline() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-03-27")
        let queued = try clock.at("2026-03-20T10:00:00+01:00")
        let first = try clock.at("2026-03-25T09:00:00+01:00")

        let next = schedule.next(
            queuedAt: queued, sentCount: 1, lastSentAt: first,
            now: try clock.at("2026-03-26T12:00:00+01:00"))
        let before = schedule.isDue(
            queuedAt: queued, sentCount: 1, lastSentAt: first,
            now: try clock.at("2026-03-27T08:59:00+01:00"))
        let onTime = schedule.isDue(
            queuedAt: queued, sentCount: 1, lastSentAt: first,
            now: try clock.at("2026-03-27T09:00:00+01:00"))

        let reminder = try #require(next)
        #expect(clock.calendar.display(reminder.due) == "2026-03-27T09:00:00+01:00")
        #expect(reminder.number == 2)
        #expect(!reminder.isAfterDeadline)
        #expect(reminder.merged == 0)
        #expect(reminder.remainingAfter == 3)
        #expect(!before)
        #expect(onTime)
    }

    @Test("after the deadline a reminder says so")
    func afterDeadline() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-03-27")
        let queued = try clock.at("2026-03-20T10:00:00+01:00")

        let next = schedule.next(
            queuedAt: queued, sentCount: 2,
            lastSentAt: try clock.at("2026-03-27T09:00:00+01:00"),
            now: try clock.at("2026-03-28T12:00:00+01:00"))

        let reminder = try #require(next)
        #expect(clock.calendar.display(reminder.due) == "2026-03-30T09:00:00+02:00")
        #expect(reminder.isAfterDeadline)
        #expect(reminder.remainingAfter == 2)
    }

    @Test("a week's outage yields one reminder at the next allowed moment, not a burst")
    func catchUp() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-03-27")
        let queued = try clock.at("2026-03-20T10:00:00+01:00")
        let first = try clock.at("2026-03-25T09:00:00+01:00")
        let back = try clock.at("2026-04-02T20:00:00+02:00")

        let next = try #require(
            schedule.next(queuedAt: queued, sentCount: 1, lastSentAt: first, now: back))
        let dueAtNight = schedule.isDue(
            queuedAt: queued, sentCount: 1, lastSentAt: first, now: back)
        let sent = clock.run(
            schedule, queuedAt: queued, from: queued,
            to: try clock.at("2026-05-01T00:00:00+02:00"),
            down: try clock.at("2026-03-25T12:00:00+01:00")..<back)

        #expect(clock.calendar.display(next.due) == "2026-04-03T08:00:00+02:00")
        #expect(next.merged == 2)
        #expect(next.remainingAfter == 1)
        #expect(!dueAtNight)
        #expect(
            clock.show(sent) == [
                "2026-03-25T09:00:00+01:00", "2026-04-03T08:00:00+02:00",
                "2026-04-07T09:00:00+02:00",
            ])
    }

    @Test("back on a Sunday night before Easter Monday: the catch-up waits for Tuesday 08:00")
    func catchUpOverHoliday() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-03-27")
        let queued = try clock.at("2026-03-20T10:00:00+01:00")

        let next = try #require(
            schedule.next(
                queuedAt: queued, sentCount: 0, lastSentAt: nil,
                now: try clock.at("2026-04-05T23:30:00+02:00")))

        #expect(clock.calendar.display(next.due) == "2026-04-07T08:00:00+02:00")
        #expect(next.number == 1)
        #expect(next.merged == 4)
        #expect(next.remainingAfter == 0)
    }

    @Test("without a window or workdays a missed reminder is due at once")
    func catchUpAnyTime() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule("0d,+1d*5", deadline: "2026-12-11")
        let queued = try clock.at("2026-12-01T10:00:00+01:00")
        let now = try clock.at("2026-12-13T03:17:00+01:00")

        let next = try #require(
            schedule.next(queuedAt: queued, sentCount: 0, lastSentAt: nil, now: now))

        #expect(next.due == now)
        #expect(next.merged == 2)
        #expect(next.remainingAfter == 3)
        #expect(schedule.isDue(queuedAt: queued, sentCount: 0, lastSentAt: nil, now: now))
    }

    @Test("with workdays but no window, a reminder missed at the weekend waits for 09:00")
    func catchUpWorkdaysNoWindow() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule("0d,+1d*5 workdays", deadline: "2026-12-11")
        let queued = try clock.at("2026-12-01T10:00:00+01:00")
        let saturday = try clock.at("2026-12-12T12:00:00+01:00")
        let monday = try clock.at("2026-12-14T09:00:00+01:00")

        let next = try #require(
            schedule.next(queuedAt: queued, sentCount: 0, lastSentAt: nil, now: saturday))

        #expect(next.due == monday)
        #expect(!schedule.isDue(queuedAt: queued, sentCount: 0, lastSentAt: nil, now: saturday))
    }

    @Test("moments before the queue time, or within 20 h after it, are skipped")
    func queuedLate() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-03-27")
        let wednesday = try clock.at("2026-03-25T10:00:00+01:00")
        let thursday = try clock.at("2026-03-26T15:00:00+01:00")

        let afterWednesday = try #require(
            schedule.next(
                queuedAt: wednesday, sentCount: 0, lastSentAt: nil, now: wednesday))
        let afterThursday = try #require(
            schedule.next(
                queuedAt: thursday, sentCount: 0, lastSentAt: nil, now: thursday))

        #expect(clock.calendar.display(afterWednesday.due) == "2026-03-27T09:00:00+01:00")
        #expect(afterWednesday.merged == 0)
        #expect(clock.calendar.display(afterThursday.due) == "2026-03-30T09:00:00+02:00")
        #expect(afterThursday.isAfterDeadline)
    }

    @Test("a moment within 20 h after the last reminder is dropped")
    func minimumGap() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule("0d,+1d,+3d", deadline: "2026-12-11")
        let queued = try clock.at("2026-12-01T10:00:00+01:00")
        let late = try clock.at("2026-12-11T17:00:00+01:00")

        let next = try #require(
            schedule.next(
                queuedAt: queued, sentCount: 1, lastSentAt: late, now: late))

        #expect(clock.calendar.display(next.due) == "2026-12-14T09:00:00+01:00")
        #expect(next.remainingAfter == 0)
    }

    @Test("no more reminders than the policy has moments, whatever the last time says")
    func cap() throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule("+2d*3", deadline: "2026-06-01")
        let queued = try clock.at("2026-05-20T10:00:00+02:00")

        let third = schedule.next(
            queuedAt: queued, sentCount: 2,
            lastSentAt: try clock.at("2026-06-05T09:00:00+02:00"),
            now: try clock.at("2026-06-06T09:00:00+02:00"))
        let fourth = schedule.next(
            queuedAt: queued, sentCount: 3,
            lastSentAt: try clock.at("2026-05-21T09:00:00+02:00"),
            now: try clock.at("2026-06-10T09:00:00+02:00"))

        #expect(third?.number == 3)
        #expect(third?.remainingAfter == 0)
        #expect(fourth == nil)
    }

    @Test(
        "the next allowed moment keeps to the window and to working days",
        arguments: [
            ("2026-12-04T07:59:00+01:00", "2026-12-04T08:00:00+01:00"),
            ("2026-12-04T12:34:00+01:00", "2026-12-04T12:34:00+01:00"),
            ("2026-12-04T18:00:00+01:00", "2026-12-07T08:00:00+01:00"),
            ("2026-12-23T19:00:00+01:00", "2026-12-28T08:00:00+01:00"),
            ("2026-03-28T12:00:00+01:00", "2026-03-30T08:00:00+02:00"),
            ("2026-10-24T12:00:00+02:00", "2026-10-26T08:00:00+01:00"),
            ("2026-12-31T18:30:00+01:00", "2027-01-04T08:00:00+01:00"),
        ])
    func earliestAllowed(from: String, expected: String) throws {
        let clock = try ReminderClock()
        let schedule = try clock.schedule(Self.standard, deadline: "2026-12-11")

        let allowed = schedule.earliestAllowed(atOrAfter: try clock.at(from))

        #expect(clock.calendar.display(allowed) == expected)
    }
}
