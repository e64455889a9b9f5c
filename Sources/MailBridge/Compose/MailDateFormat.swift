import Foundation

/// Dates in the RFC 5322 section 3.3 form: `Fri, 04 Dec 2026 13:41:20 +0100`.
package enum MailDateFormat {
    /// Formats `date` in `timeZone` with English day and month names, as the RFC requires.
    package static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

        let weekday = days[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        let offset = timeZone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        let zone = sign + pad(abs(offset) / 60) + pad(abs(offset) % 60)
        let time = [parts.hour, parts.minute, parts.second].map { pad($0 ?? 0) }
            .joined(separator: ":")
        return "\(weekday), \(pad(parts.day ?? 1)) \(month) \(parts.year ?? 1970) \(time) \(zone)"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
