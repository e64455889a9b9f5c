import Foundation
import MailBridge

/// The Polish date lines clients write above a quoted message.
extension DemoMail {
    private static let weekdays = [
        "niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota",
    ]
    private static let shortWeekdays = ["niedz.", "pon.", "wt.", "śr.", "czw.", "pt.", "sob."]
    private static let months = [
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
        "września", "października", "listopada", "grudnia",
    ]
    private static let shortMonths = [
        "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
    ]

    private struct Parts {
        var year, month, day, hour, minute, weekday: Int
        var time: String { "\(hour):" + String(minute).leftPadded(to: 2) }
    }

    private static func parts(_ date: Date) -> Parts {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = warsaw
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday],
                                        from: date)
        return Parts(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1,
                     hour: c.hour ?? 0, minute: c.minute ?? 0, weekday: c.weekday ?? 1)
    }

    /// Outlook: `piątek, 4 grudnia 2026 13:41`.
    static func outlookDate(_ date: Date) -> String {
        let p = parts(date)
        return "\(weekdays[p.weekday - 1]), \(p.day) \(months[p.month - 1]) \(p.year) \(p.time)"
    }

    /// Gmail: `pt., 4 gru 2026 o 13:41`.
    static func gmailDate(_ date: Date) -> String {
        let p = parts(date)
        let weekday = shortWeekdays[p.weekday - 1]
        return "\(weekday), \(p.day) \(shortMonths[p.month - 1]) \(p.year) o \(p.time)"
    }

    /// Thunderbird and iPhone: `4.12.2026` and `13:41` with zero-padded day and month.
    static func numericDate(_ date: Date) -> (day: String, time: String) {
        let p = parts(date)
        let day = String(p.day).leftPadded(to: 2) + "." + String(p.month).leftPadded(to: 2)
            + ".\(p.year)"
        return (day, String(p.hour).leftPadded(to: 2) + ":" + String(p.minute).leftPadded(to: 2))
    }

    /// Roundcube: `2026-12-04 13:41`.
    static func isoDate(_ date: Date) -> String {
        let p = parts(date)
        let day = "\(p.year)-" + String(p.month).leftPadded(to: 2) + "-"
            + String(p.day).leftPadded(to: 2)
        return day + " " + String(p.hour).leftPadded(to: 2) + ":"
            + String(p.minute).leftPadded(to: 2)
    }

    /// The RFC 5322 Date value in Warsaw time.
    static func headerDate(_ date: Date) -> String {
        MailDateFormat.format(date, timeZone: warsaw)
    }
}
