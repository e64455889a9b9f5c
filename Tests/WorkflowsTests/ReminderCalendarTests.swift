import Testing
import Workflows

@Suite("Reminder calendar: days and Polish public holidays")
struct ReminderCalendarTests {
    @Test(
        "Easter Sunday by the anonymous Gregorian algorithm",
        arguments: [
            (2019, "2019-04-21"), (2024, "2024-03-31"), (2025, "2025-04-20"),
            (2026, "2026-04-05"), (2027, "2027-03-28"), (2028, "2028-04-16"),
            (2029, "2029-04-01"), (2030, "2030-04-21"), (2038, "2038-04-25"),
            (1943, "1943-04-25"), (2285, "2285-03-22"), (2000, "2000-04-23"),
        ])
    func easter(year: Int, expected: String) {
        #expect(PolishHolidays.easterSunday(in: year)?.description == expected)
    }

    @Test(
        "the moving feasts follow Easter",
        arguments: [
            ("2026-04-06", "Poniedziałek Wielkanocny"),
            ("2026-05-24", "Zesłanie Ducha Świętego (Zielone Świątki)"),
            ("2026-06-04", "Boże Ciało"),
            ("2027-03-29", "Poniedziałek Wielkanocny"),
            ("2027-05-27", "Boże Ciało"),
            ("2025-06-19", "Boże Ciało"),
        ])
    func movingFeasts(date: String, name: String) throws {
        let day = try #require(CalendarDay(date))

        #expect(PolishHolidays.holiday(on: day)?.name == name)
    }

    @Test("all holidays of 2026, and Christmas Eve only from 2025")
    func fullYear() {
        let list2026 = PolishHolidays.holidays(in: 2026).map(\.day.description)
        let list2024 = PolishHolidays.holidays(in: 2024).map(\.day.description)

        #expect(
            list2026 == [
                "2026-01-01", "2026-01-06", "2026-04-05", "2026-04-06", "2026-05-01",
                "2026-05-03", "2026-05-24", "2026-06-04", "2026-08-15", "2026-11-01",
                "2026-11-11", "2026-12-24", "2026-12-25", "2026-12-26",
            ])
        #expect(list2024.count == 13)
        #expect(!list2024.contains("2024-12-24"))
    }

    @Test(
        "working days: Monday to Friday and no holiday",
        arguments: [
            ("2026-12-04", true), ("2026-12-05", false), ("2026-12-06", false),
            ("2026-12-24", false), ("2024-12-24", true), ("2026-04-03", true),
            ("2026-04-06", false), ("2026-11-11", false), ("2027-01-06", false),
            ("2026-06-05", true), ("2026-05-01", false),
        ])
    func workingDay(date: String, working: Bool) throws {
        let day = try #require(CalendarDay(date))

        #expect(PolishHolidays.isWorkingDay(day) == working)
    }

    @Test(
        "a calendar day parses only real YYYY-MM-DD dates",
        arguments: [
            ("2026-12-04", true), ("2028-02-29", true), ("2027-02-29", false),
            ("2026-13-01", false), ("2026-04-31", false), ("2026-1-01", false),
            ("2026-01-01T00", false), ("２０２６-01-01", false), ("", false),
        ])
    func parsing(text: String, valid: Bool) {
        #expect((CalendarDay(text) != nil) == valid)
    }

    @Test("day arithmetic crosses months, years and leap days")
    func arithmetic() throws {
        let newYearsEve = try #require(CalendarDay("2026-12-31"))
        let leap = try #require(CalendarDay("2028-02-28"))
        let friday = try #require(CalendarDay("2026-12-04"))

        #expect(newYearsEve.adding(days: 1).description == "2027-01-01")
        #expect(newYearsEve.adding(days: -365).description == "2025-12-31")
        #expect(leap.adding(days: 1).description == "2028-02-29")
        #expect(leap.adding(days: 2).description == "2028-03-01")
        #expect(friday.weekday == 5)
        #expect(friday.adding(days: 2).weekday == 7)
        #expect(friday.days(to: newYearsEve) == 27)
    }
}
