import Foundation
import Ledger

/// The text of the staff's daily digest of late institutions: plain text, grouped by
/// dispatch, in Polish (the default) or English.
///
/// The digest only words what it is given; which deliveries are late, and how many days,
/// is the ledger's part. Dispatches come oldest deadline first; within one, the longest
/// overdue first, then by institution code. Line breaks inside names and subjects are
/// flattened so that each entry keeps its lines.
public struct LateDigest: Sendable {
    /// One institution that has not answered one dispatch.
    public struct Entry: Sendable, Equatable {
        public var institution: InstitutionCode
        public var name: String
        public var addresses: [String]
        public var dispatch: DispatchID
        public var subject: String
        /// The deadline date, `YYYY-MM-DD`.
        public var deadline: String
        /// Whole days since the deadline date ended.
        public var daysLate: Int

        public init(
            institution: InstitutionCode, name: String, addresses: [String],
            dispatch: DispatchID, subject: String, deadline: String, daysLate: Int
        ) {
            self.institution = institution
            self.name = name
            self.addresses = addresses
            self.dispatch = dispatch
            self.subject = subject
            self.deadline = deadline
            self.daysLate = daysLate
        }
    }

    public var entries: [Entry]
    public var language: MailTexts.Language

    public init(entries: [Entry], language: MailTexts.Language = .polish) {
        self.entries = entries
        self.language = language
    }

    /// The digest mail's subject for `day`: `Zaległe odpowiedzi: 3 placówki (2026-12-04)`.
    public func subject(on day: CalendarDay) -> String {
        let count = Set(entries.map(\.institution)).count
        switch language {
        case .polish:
            guard count > 0 else { return "Zaległe odpowiedzi: brak (\(day))" }
            return "Zaległe odpowiedzi: \(institutions(count)) (\(day))"
        case .english:
            guard count > 0 else { return "Late answers: none (\(day))" }
            return "Late answers: \(institutions(count)) (\(day))"
        }
    }

    /// The digest's text for `day`.
    public func text(on day: CalendarDay) -> String {
        var lines = [
            language == .polish
                ? "Zaległe odpowiedzi — stan na \(day)" : "Late answers — as of \(day)",
            "",
        ]
        let groups = grouped()
        guard !groups.isEmpty else {
            lines.append(language == .polish ? "Brak zaległych odpowiedzi." : "No late answers.")
            return (lines + footer).joined(separator: "\n")
        }

        lines.append(
            summary(
                institutions: Set(entries.map(\.institution)).count,
                dispatches: groups.count))
        for group in groups {
            lines.append("")
            lines += section(group)
        }
        return (lines + footer).joined(separator: "\n")
    }

    // MARK: - Parts

    private func grouped() -> [[Entry]] {
        let byDispatch = Dictionary(grouping: entries, by: \.dispatch)
        return byDispatch.values
            .map { group in
                group.sorted {
                    ($0.daysLate, $1.institution) > ($1.daysLate, $0.institution)
                }
            }
            .sorted { lhs, rhs in
                (lhs[0].deadline, lhs[0].dispatch) < (rhs[0].deadline, rhs[0].dispatch)
            }
    }

    private func summary(institutions count: Int, dispatches: Int) -> String {
        switch language {
        case .polish:
            let from = count == 1 ? "1 placówki" : "\(count) placówek"
            let cases = dispatches == 1 ? "1 sprawie" : "\(dispatches) sprawach"
            return "Brak odpowiedzi od \(from) w \(cases)."
        case .english:
            let word = dispatches == 1 ? "dispatch" : "dispatches"
            let verb = count == 1 ? "has" : "have"
            return "\(institutions(count)) \(verb) not answered, in \(dispatches) \(word)."
        }
    }

    private func section(_ group: [Entry]) -> [String] {
        let head = group[0]
        let width = group.map(\.institution.count).max() ?? 0
        let indent = String(repeating: " ", count: width + 4)
        var lines = [
            "[\(head.dispatch)] \(Self.flat(head.subject))",
            language == .polish
                ? "Termin: \(head.deadline) · brak odpowiedzi: \(institutions(group.count))"
                : "Deadline: \(head.deadline) · not answered: \(institutions(group.count))",
        ]
        for entry in group {
            let code = entry.institution.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(code)  \(Self.flat(entry.name)) — \(late(entry.daysLate))")
            if !entry.addresses.isEmpty {
                lines.append(indent + entry.addresses.map(Self.flat).joined(separator: ", "))
            }
        }
        return lines
    }

    private var footer: [String] {
        [
            "",
            "-- ",
            language == .polish
                ? "Zestawienie przygotowane automatycznie przez schoolpost."
                : "This digest was prepared automatically by schoolpost.",
        ]
    }

    private func institutions(_ count: Int) -> String {
        switch language {
        case .polish:
            return PolishPlural.counted(
                count, one: "placówka", few: "placówki", many: "placówek")
        case .english:
            return count == 1 ? "1 institution" : "\(count) institutions"
        }
    }

    private func late(_ days: Int) -> String {
        switch language {
        case .polish:
            return (days == 1 ? "1 dzień" : "\(days) dni") + " po terminie"
        case .english:
            return days == 1 ? "1 day late" : "\(days) days late"
        }
    }

    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
