import Foundation
import Ledger

/// The forms a report can be printed in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
}

/// The forms the staff reports (status, overview, late) can be printed in: those of
/// `ReportFormat` and a self-contained HTML page.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
    case html
}

extension StatusReport {
    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .table: table()
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: - JSON

    /// `{"dispatch", "subject", "deadline", "institutions": […], "totals": {…}}`.
    public func json() -> String {
        let institutions: [[String: Any]] = rows.map { row in
            [
                "kind": row.kind.rawValue, "code": row.code, "name": row.name,
                "addresses": row.addresses, "state": row.state.rawValue, "late": row.late,
                "sentAt": stamp(row.sentAt), "repliedAt": stamp(row.repliedAt),
                "readAt": stamp(row.readAt), "autoReplies": row.autoReplies,
                "reminders": row.reminders,
                "bounces": row.bounces, "attachments": row.attachments,
                "flagged": row.flagged.map { $0 as Any } ?? NSNull(),
                "failure": row.failure.map { $0 as Any } ?? NSNull(),
            ]
        }
        let object: [String: Any] = [
            "dispatch": dispatch.id, "subject": dispatch.subject,
            "deadline": dispatch.deadline.map { $0 as Any } ?? NSNull(),
            "institutions": institutions,
            "totals": [
                "recipients": totals.recipients, "sent": totals.sent,
                "replied": totals.replied, "failed": totals.failed, "late": totals.late,
            ],
        ]
        let data = (try? JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys,
                                              .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func stamp(_ date: Date?) -> Any {
        date.map { calendar.display($0) as Any } ?? NSNull()
    }

    // MARK: - CSV

    /// One line per recipient, RFC 4180 quoting, lists joined with spaces.
    public func csv() -> String {
        var lines = [
            "kind,code,name,addresses,state,late,sent_at,replied_at,auto_replies,reminders,"
                + "bounces,attachments",
        ]
        for row in rows {
            let fields = [
                row.kind.rawValue, row.code, row.name, row.addresses.joined(separator: " "),
                row.state.rawValue, row.late ? "yes" : "no",
                row.sentAt.map(calendar.display) ?? "", row.repliedAt.map(calendar.display) ?? "",
                String(row.autoReplies), String(row.reminders),
                row.bounces.joined(separator: " "),
                row.attachments.joined(separator: " "),
            ]
            lines.append(fields.map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: - Table

    /// A table for the terminal, with a line of totals.
    public func table() -> String {
        let header = [
            "Kod", "Nazwa", "Stan", "Wysłano", "Odpowiedź", "Autoodp.", "Przyp.", "Zwroty",
            "Pliki",
        ]
        let body: [[String]] = rows.map { row in
            [
                row.code, String(row.name.prefix(34)),
                stateLabel(row) + (row.late ? ", po terminie" : ""),
                row.sentAt.map(calendar.short) ?? "-", row.repliedAt.map(calendar.short) ?? "-",
                row.autoReplies == 0 ? "-" : String(row.autoReplies),
                row.reminders == 0 ? "-" : String(row.reminders),
                row.bounces.isEmpty ? "-" : row.bounces.joined(separator: " "),
                row.attachments.isEmpty ? "-" : row.attachments.joined(separator: " "),
            ]
        }
        var lines = ["\(dispatch.id)  \(dispatch.subject)"]
        if let deadline = dispatch.deadline { lines.append("Termin: \(deadline)") }
        lines.append("")
        lines += TextTable.render(header: header, rows: body)
        lines.append("")
        lines.append(
            "Adresatów: \(totals.recipients)  wysłano: \(totals.sent)  "
                + "odpowiedziało: \(totals.replied)  niedoręczone: \(totals.failed)  "
                + "po terminie: \(totals.late)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The state in Polish, as tables and pages show it.
    func stateLabel(_ row: Row) -> String {
        switch row.state {
        case .queued: "w kolejce"
        case .sent: "wysłano"
        case .failed: "niedoręczone"
        case .replied: row.flagged == nil ? "odpowiedź" : "odpowiedź (do sprawdzenia)"
        }
    }
}

/// RFC 4180 quoting of one field.
public enum CSVField {
    /// The field, quoted when it holds a comma, a quote or a line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { ",\"\r\n".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Left-aligned columns sized to their widest cell.
public enum TextTable {
    /// The header, a rule of dashes and the rows, one string per line.
    public static func render(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1
                    ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return [line(header), line(widths.map { String(repeating: "-", count: $0) })]
            + rows.map(line)
    }
}
