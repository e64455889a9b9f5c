/// The statutory public holidays of Poland (days free from work under the act of
/// 18 January 1951 on days free from work, as amended), which reminders skip.
///
/// The list follows the law as it stands since the 2024 amendment: Christmas Eve
/// (24 December) counts from 2025 on, Epiphany (6 January) from 2011 on. Earlier changes
/// (before 1990) are not modelled: the rules below are applied to any year asked for.
/// Two of the days (Easter Sunday and Pentecost Sunday) are always Sundays; they are listed
/// so that the calendar is complete, though they never move a reminder on their own.
public enum PolishHolidays {
    /// One holiday: its day and its Polish name.
    public struct Holiday: Sendable, Hashable {
        public let day: CalendarDay
        public let name: String
    }

    /// Every public holiday of `year`, in calendar order.
    public static func holidays(in year: Int) -> [Holiday] {
        guard let easter = easterSunday(in: year) else { return [] }
        var list: [(CalendarDay?, String)] = [
            (CalendarDay(year: year, month: 1, day: 1), "Nowy Rok"),
            (easter, "Wielkanoc"),
            (easter.adding(days: 1), "Poniedziałek Wielkanocny"),
            (CalendarDay(year: year, month: 5, day: 1), "Święto Pracy"),
            (CalendarDay(year: year, month: 5, day: 3), "Święto Narodowe Trzeciego Maja"),
            (easter.adding(days: 49), "Zesłanie Ducha Świętego (Zielone Świątki)"),
            (easter.adding(days: 60), "Boże Ciało"),
            (CalendarDay(year: year, month: 8, day: 15),
             "Wniebowzięcie Najświętszej Maryi Panny"),
            (CalendarDay(year: year, month: 11, day: 1), "Wszystkich Świętych"),
            (CalendarDay(year: year, month: 11, day: 11), "Narodowe Święto Niepodległości"),
            (CalendarDay(year: year, month: 12, day: 25), "Boże Narodzenie (pierwszy dzień)"),
            (CalendarDay(year: year, month: 12, day: 26), "Boże Narodzenie (drugi dzień)"),
        ]
        if year >= 2011 {
            list.append((CalendarDay(year: year, month: 1, day: 6), "Trzech Króli"))
        }
        if year >= 2025 {
            list.append((CalendarDay(year: year, month: 12, day: 24), "Wigilia Bożego Narodzenia"))
        }
        return list.compactMap { day, name in day.map { Holiday(day: $0, name: name) } }
            .sorted { $0.day < $1.day }
    }

    /// The holiday on `day`, if it is one.
    public static func holiday(on day: CalendarDay) -> Holiday? {
        holidays(in: day.year).first { $0.day == day }
    }

    /// Whether `day` is a public holiday.
    public static func isHoliday(_ day: CalendarDay) -> Bool { holiday(on: day) != nil }

    /// Monday to Friday and no public holiday.
    public static func isWorkingDay(_ day: CalendarDay) -> Bool {
        !day.isWeekend && !isHoliday(day)
    }

    /// Easter Sunday of `year` in the Gregorian calendar, by the anonymous Gregorian
    /// algorithm (Meeus, *Astronomical Algorithms*, ch. 8); nil outside years 1583–9999.
    public static func easterSunday(in year: Int) -> CalendarDay? {
        guard (1583...9999).contains(year) else { return nil }
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)
    }
}
