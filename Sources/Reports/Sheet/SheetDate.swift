/// A calendar date, a date and time of day, or a time of day alone, to the second.
public struct SheetDate: Sendable, Equatable {
    /// The year, month and day; `nil` for a time of day alone.
    public var day: (year: Int, month: Int, day: Int)?
    /// Seconds since midnight, 0..<86400.
    public var secondsOfDay: Int

    /// Makes a date; `day` is `nil` for a time of day alone.
    public init(day: (year: Int, month: Int, day: Int)?, secondsOfDay: Int) {
        self.day = day
        self.secondsOfDay = secondsOfDay
    }

    /// `YYYY-MM-DD` at midnight, `YYYY-MM-DDTHH:MM:SS` otherwise, `HH:MM:SS` for a time
    /// of day alone.
    public var iso: String {
        let time =
            Self.pad(secondsOfDay / 3600) + ":" + Self.pad(secondsOfDay / 60 % 60) + ":"
            + Self.pad(secondsOfDay % 60)
        guard let day else { return time }

        let year = day.year < 0 ? "-" + Self.pad(-day.year, 4) : Self.pad(day.year, 4)
        let date = year + "-" + Self.pad(day.month) + "-" + Self.pad(day.day)
        return secondsOfDay == 0 ? date : date + "T" + time
    }

    /// Compares dates field by field.
    public static func == (lhs: SheetDate, rhs: SheetDate) -> Bool {
        lhs.secondsOfDay == rhs.secondsOfDay && lhs.day?.year == rhs.day?.year
            && lhs.day?.month == rhs.day?.month && lhs.day?.day == rhs.day?.day
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
