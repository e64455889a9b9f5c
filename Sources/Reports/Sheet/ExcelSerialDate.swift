import Foundation

/// Converts Excel's date serials (days since an epoch, time as the fraction) to dates,
/// in the 1900 system (with its phantom 29 February 1900) or the 1904 system.
enum ExcelSerialDate {
    /// The date a serial stands for under a date or time format, or `nil` when the serial
    /// is outside 0…9999-12-31.
    static func date(serial: Double, date1904: Bool, format: NumberFormat) -> SheetDate? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }

        var totalSeconds = Int((serial * 86_400).rounded())
        if format == .time, totalSeconds < 86_400 {
            return SheetDate(day: nil, secondsOfDay: totalSeconds)
        }
        var days = totalSeconds / 86_400
        totalSeconds %= 86_400

        let epoch: Int
        if date1904 {
            epoch = civilDays(year: 1904, month: 1, day: 1)
        } else {
            // Serial 60 is the 29 February 1900 Lotus counted; it never existed.
            guard days != 60 else {
                return SheetDate(day: (1900, 2, 29), secondsOfDay: totalSeconds)
            }
            if days < 60 { days += 1 }
            epoch = civilDays(year: 1899, month: 12, day: 30)
        }
        return SheetDate(day: civil(epoch + days), secondsOfDay: totalSeconds)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm,
    /// https://howardhinnant.github.io/date_algorithms.html).
    static func civilDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra =
            (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096)
            / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Reads ISO 8601 text as in `t="d"` cells or ODS: `2021-01-01`,
    /// `2021-01-01T10:10:10.5Z` or `10:10:10`. Fractions of a second and zones are dropped.
    static func iso(_ text: String) -> SheetDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }

        if parts.count == 1, first.contains(":") {
            return seconds(first).map { SheetDate(day: nil, secondsOfDay: $0) }
        }
        let fields = first.split(separator: "-").compactMap { Int($0) }
        guard fields.count == 3, (1...12).contains(fields[1]), (1...31).contains(fields[2]),
            (0...9999).contains(fields[0])
        else { return nil }
        let days = civilDays(year: fields[0], month: fields[1], day: fields[2])
        guard civil(days) == (fields[0], fields[1], fields[2]) else { return nil }

        let time = parts.count == 2 ? seconds(parts[1]) : 0
        guard let time else { return nil }
        return SheetDate(day: (fields[0], fields[1], fields[2]), secondsOfDay: time)
    }

    private static func seconds(_ text: Substring) -> Int? {
        let clock = text.prefix { $0.isNumber || $0 == ":" }
        let fields = clock.split(separator: ":").compactMap { Int($0) }
        guard (2...3).contains(fields.count), fields[0] < 24, fields[1] < 60 else {
            return nil
        }
        let second = fields.count == 3 ? fields[2] : 0
        guard second < 61 else { return nil }
        return fields[0] * 3600 + fields[1] * 60 + min(second, 59)
    }
}
