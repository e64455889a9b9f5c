import Foundation

/// Reads RFC 5322 dates (§3.3) and the common deviations: no weekday, two-digit years,
/// zone names, comments, missing seconds.
enum MailDate {
    private static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360,
        "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "CET": 60,
        "CEST": 120, "MET": 60, "MEST": 120, "BST": 60, "JST": 540,
    ]

    /// The instant `text` names, or nil when it is not a recognisable date.
    static func parse(_ text: String) -> Date? {
        var cleaned = text
        if let open = cleaned.firstIndex(of: "(") { cleaned = String(cleaned[..<open]) }
        let tokens = cleaned.replacingOccurrences(of: ",", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)

        var day: Int?
        var month: Int?
        var year: Int?
        var time: [Int] = []
        var offset = 0
        for token in tokens {
            let lower = token.lowercased()
            if token.contains(":") {
                time = token.split(separator: ":").compactMap { Int($0) }
            } else if let index = months.firstIndex(where: { lower.hasPrefix($0) }) {
                month = index + 1
            } else if let first = token.first, first == "+" || first == "-", token.count == 5,
                let value = Int(token.dropFirst())
            {
                offset = (value / 100 * 60 + value % 100) * (first == "-" ? -1 : 1)
            } else if let zone = zones[token.uppercased()] {
                offset = zone
            } else if let number = Int(token) {
                if day == nil && number >= 1 && number <= 31 && month == nil {
                    day = number
                } else if year == nil {
                    year = number < 50 ? 2000 + number : (number < 1000 ? 1900 + number : number)
                } else if day == nil {
                    day = number
                }
            }
        }
        guard let day, let month, let year, time.count >= 2 else { return nil }

        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time.count > 2 ? time[2] : 0
        components.timeZone = TimeZone(secondsFromGMT: offset * 60)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.date(from: components)
    }
}
