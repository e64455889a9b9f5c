import Foundation

/// Where commands read the current time. `SCHOOLPOST_NOW` (ISO 8601) overrides the
/// system clock so tests and demonstrations can move time.
public struct Clock: Sendable {
    private let fixed: Date?

    /// The system clock, unless `SCHOOLPOST_NOW` is set in `environment`.
    /// - Throws: `LedgerError` when `SCHOOLPOST_NOW` is not an ISO 8601 date-time.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let text = environment["SCHOOLPOST_NOW"], !text.isEmpty else {
            fixed = nil
            return
        }
        guard let date = Timestamp.parse(text) else {
            throw LedgerError(.usage, "SCHOOLPOST_NOW is not an ISO 8601 time: \(text)")
        }
        fixed = date
    }

    /// A clock stopped at `date`.
    public init(fixed date: Date) {
        fixed = date
    }

    public var now: Date { fixed ?? Date() }
}

/// Timestamps as the ledger stores them: ISO 8601 in UTC with milliseconds.
public enum Timestamp {
    /// `2026-12-04T13:05:09.123Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Parses ISO 8601 with or without fractional seconds and with any offset.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

/// The department's calendar: its time zone, in which dates are shown and parsed.
public struct DepartmentCalendar: Sendable {
    public let timeZone: TimeZone

    /// - Throws: `LedgerError` when the zone is unknown.
    public init(timeZoneIdentifier: String = "Europe/Warsaw") throws {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else {
            throw LedgerError(.usage, "unknown time zone: \(timeZoneIdentifier)")
        }
        timeZone = zone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The instant a deadline date ends there: the first moment of the next day.
    /// - Throws: `LedgerError` when `date` is not `YYYY-MM-DD`.
    public func endOfDay(_ date: String) throws -> Date {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, date.count == 10,
              let start = calendar.date(
                from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.component(.day, from: start) == parts[2],
              let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { throw LedgerError(.usage, "not a date (YYYY-MM-DD): \(date)") }
        return end
    }

    /// `2026-12-04T14:05:09+01:00`: the instant in the department's zone, with its offset.
    public func display(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `2026-12-04 14:05`: for tables people read.
    public func short(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The calendar year of `date` there.
    public func year(of date: Date) -> Int { calendar.component(.year, from: date) }
}
