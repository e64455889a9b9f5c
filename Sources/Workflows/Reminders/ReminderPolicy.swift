/// When the late ones are reminded, as staff write it: `-2d,0d,+3d*3 workdays 08:00-18:00`.
///
/// ## Grammar
///
/// ```
/// policy   = "none" | items { " " option }
/// items    = item { "," item }            ; offsets strictly increasing
/// item     = offset | repeat              ; at most one repeat, and only last
/// offset   = "0d" | "-" N "d" | "+" N "d" ; calendar days from the deadline date
/// repeat   = "+" N "d*" K                 ; at +N, +2N, … +K·N days
/// option   = "workdays" | window | "at" " " time
/// window   = time "-" time                ; start before end, same day
/// time     = HH ":" MM                    ; 00:00 to 23:59
/// ```
///
/// Words are case-insensitive and spaces around commas are allowed. Options may come in
/// any order, each at most once; ``description`` writes them back in the order above.
/// N is at most 366 and K at most 30; `+Nd*1` is the same as `+Nd`.
///
/// ## Meaning
///
/// Each offset names a day: the deadline date plus that many days, at the due time (`at`,
/// else 09:00, else the window's start when 09:00 lies outside the window). With
/// `workdays`, a day that is a Saturday, Sunday or Polish public holiday moves to a working
/// day, never across the deadline: offsets up to `0d` (before the deadline ends) move
/// back to the working day before, later ones move forward to the next working day. The
/// window says when mail may go out at all: a reminder that is overdue when the bridge
/// looks moves to the next moment inside the window (and on a working day). How those
/// moments become one delivery's next reminder is ``ReminderSchedule``'s part.
public struct ReminderPolicy: Sendable, Hashable, CustomStringConvertible {
    /// A time of day in the department's zone.
    public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let hour: Int
        public let minute: Int

        /// nil unless 00:00 ≤ `hour`:`minute` ≤ 23:59.
        public init?(hour: Int, minute: Int) {
            guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
            self.hour = hour
            self.minute = minute
        }

        /// A time written in code; traps when out of range, which is a bug.
        init(_ hour: Int, _ minute: Int) {
            precondition((0...23).contains(hour) && (0...59).contains(minute), "bad time")
            self.hour = hour
            self.minute = minute
        }

        /// Minutes since midnight.
        public var minutes: Int { hour * 60 + minute }

        /// `HH:MM`.
        public var description: String {
            String(hour).leftPadded(to: 2) + ":" + String(minute).leftPadded(to: 2)
        }

        public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
            lhs.minutes < rhs.minutes
        }
    }

    /// When mail may go out: from `start` (included) to `end` (excluded).
    public struct Window: Sendable, Hashable, CustomStringConvertible {
        public let start: TimeOfDay
        public let end: TimeOfDay

        /// nil unless `start` is before `end`.
        public init?(start: TimeOfDay, end: TimeOfDay) {
            guard start < end else { return nil }
            self.start = start
            self.end = end
        }

        /// A window written in code; traps unless `start` is before `end`, which is a bug.
        init(_ start: TimeOfDay, _ end: TimeOfDay) {
            precondition(start < end, "window start after end")
            self.start = start
            self.end = end
        }

        /// Whether `time` lies inside.
        public func contains(_ time: TimeOfDay) -> Bool { start <= time && time < end }

        /// `HH:MM-HH:MM`.
        public var description: String { "\(start)-\(end)" }
    }

    /// Reminders every `interval` days after the deadline, `times` times.
    public struct Repetition: Sendable, Hashable {
        public let interval: Int
        public let times: Int

        /// nil unless both are at least 1.
        public init?(every interval: Int, times: Int) {
            guard interval >= 1, times >= 1 else { return nil }
            self.interval = interval
            self.times = times
        }

        /// The offsets it stands for: interval, 2·interval, … times·interval.
        public var offsets: [Int] { (1...times).map { $0 * interval } }
    }

    /// The single offsets, in days from the deadline date, strictly increasing.
    public let offsets: [Int]
    /// The repeat after the single offsets, if any.
    public let repetition: Repetition?
    /// Whether reminders keep off weekends and Polish public holidays.
    public let workdaysOnly: Bool
    /// When mail may go out; nil means at any hour.
    public let window: Window?
    /// The due time written with `at`; nil means the default (see ``dueTime``).
    public let time: TimeOfDay?

    /// No reminders at all: `none`.
    public static let none = ReminderPolicy(
        checkedOffsets: [], repetition: nil, workdaysOnly: false, window: nil, time: nil)

    /// The ledger-wide default: `-2d,0d,+3d*3 workdays 08:00-18:00`.
    public static let departmentDefault = ReminderPolicy(
        checkedOffsets: [-2, 0], repetition: Repetition(every: 3, times: 3),
        workdaysOnly: true, window: Window(TimeOfDay(8, 0), TimeOfDay(18, 0)), time: nil)

    /// The default due time when no `at` is written.
    public static let defaultTime = TimeOfDay(9, 0)

    static let limitDays = 366
    static let limitRepeats = 30

    /// A policy from its parts, checked as the parser checks them.
    /// - Throws: `ReminderPolicyError` when offsets do not strictly increase, a repeat does
    ///   not start after the last offset, a value is beyond the limits, or `time` lies
    ///   outside `window`.
    public init(
        offsets: [Int], repetition: Repetition? = nil, workdaysOnly: Bool = false,
        window: Window? = nil, time: TimeOfDay? = nil
    ) throws(ReminderPolicyError) {
        for (index, offset) in offsets.enumerated() {
            guard abs(offset) <= Self.limitDays else {
                throw ReminderPolicyError(.outOfRange, token: Self.render(offset))
            }
            if index > 0, offset <= offsets[index - 1] {
                throw ReminderPolicyError(.notIncreasing, token: Self.render(offset))
            }
        }
        if let repetition {
            let token = Self.render(repetition)
            guard repetition.times <= Self.limitRepeats,
                repetition.interval * repetition.times <= Self.limitDays
            else { throw ReminderPolicyError(.outOfRange, token: token) }
            if let last = offsets.last, repetition.interval <= last {
                throw ReminderPolicyError(.notIncreasing, token: token)
            }
        }
        if let time, let window, !window.contains(time) {
            throw ReminderPolicyError(.timeOutsideWindow, token: "at \(time)")
        }
        let single = repetition?.times == 1
        self.init(
            checkedOffsets: single ? offsets + [repetition?.interval ?? 0] : offsets,
            repetition: single ? nil : repetition, workdaysOnly: workdaysOnly,
            window: window, time: time)
    }

    private init(
        checkedOffsets: [Int], repetition: Repetition?, workdaysOnly: Bool, window: Window?,
        time: TimeOfDay?
    ) {
        offsets = checkedOffsets
        self.repetition = repetition
        self.workdaysOnly = workdaysOnly
        self.window = window
        self.time = time
    }

    // MARK: - Reading

    /// Whether the policy sends nothing (`none`).
    public var isNone: Bool { offsets.isEmpty && repetition == nil }

    /// Every offset in days, the repeat expanded, strictly increasing.
    public var dayOffsets: [Int] { offsets + (repetition?.offsets ?? []) }

    /// The time of day reminders are due: `at`, else 09:00, else the window's start when
    /// 09:00 lies outside the window.
    public var dueTime: TimeOfDay {
        if let time { return time }
        if let window, !window.contains(Self.defaultTime) { return window.start }
        return Self.defaultTime
    }

    /// The canonical written form, which ``init(parsing:)`` reads back to an equal value.
    public var description: String {
        guard !isNone else { return "none" }
        var items = offsets.map(Self.render)
        if let repetition { items.append(Self.render(repetition)) }
        var words = [items.joined(separator: ",")]
        if workdaysOnly { words.append("workdays") }
        if let window { words.append(window.description) }
        if let time { words.append("at \(time)") }
        return words.joined(separator: " ")
    }

    static func render(_ offset: Int) -> String {
        offset == 0 ? "0d" : offset > 0 ? "+\(offset)d" : "\(offset)d"
    }

    static func render(_ repetition: Repetition) -> String {
        "+\(repetition.interval)d*\(repetition.times)"
    }
}
