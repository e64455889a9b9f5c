import Foundation
import Ledger

extension OverviewReport {
    /// `{"generatedAt", "dispatches": [{"dispatch", "subject", "deadline", "queuedAt",
    /// "recipients", "sent", "replied", "failed", "waiting", "late", "answerRate"}]}`;
    /// `answerRate` from 0 to 1, rounded to four places.
    public func json() -> String {
        let dispatches: [[String: Any]] = rows.map { row in
            [
                "dispatch": row.dispatch, "subject": row.subject,
                "deadline": ReportJSON.optional(row.deadline),
                "queuedAt": ReportJSON.optional(row.queuedAt.map(calendar.display)),
                "recipients": row.recipients, "sent": row.sent, "replied": row.replied,
                "failed": row.failed, "waiting": row.waiting, "late": row.late,
                "answerRate": (row.answerRate * 10_000).rounded() / 10_000,
            ]
        }
        return ReportJSON.text(
            ["generatedAt": calendar.display(now), "dispatches": dispatches] as [String: Any])
    }

    /// One line per open dispatch, Polish headers, RFC 4180 quoting.
    public func csv() -> String {
        var lines = [
            "sprawa,temat,termin,adresaci,wysłano,odpowiedziały,jeszcze_nie,niedoręczone,"
                + "po_terminie,odsetek_odpowiedzi",
        ]
        for row in rows {
            lines.append([
                row.dispatch, row.subject, row.deadline ?? "", String(row.recipients),
                String(row.sent), String(row.replied), String(row.waiting), String(row.failed),
                String(row.late), String(format: "%.4f", row.answerRate),
            ].map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A table for the terminal.
    public func table() -> String {
        guard !rows.isEmpty else { return "Brak otwartych spraw.\n" }
        let header = [
            "Sprawa", "Temat", "Termin", "Adresaci", "Odpowiedzi", "Odsetek", "Jeszcze nie",
            "Niedoręczone", "Po terminie",
        ]
        let body = rows.map { row in
            [
                row.dispatch, String(row.subject.prefix(34)), row.deadline ?? "-",
                String(row.recipients), String(row.replied),
                PolishNumber.percent(row.replied, of: row.recipients), String(row.waiting),
                String(row.failed), String(row.late),
            ]
        }
        return TextTable.render(header: header, rows: body).joined(separator: "\n") + "\n"
    }

    /// The report as one self-contained HTML page in Polish, with a chart of answers per
    /// dispatch and a sortable table.
    public func html() -> String {
        var page = HTMLPage(title: "Otwarte sprawy")
        page.subtitle = ["Stan na: \(calendar.short(now))"]
        let late = rows.reduce(0) { $0 + $1.late }
        page.figures = [
            ("Otwarte sprawy", String(rows.count)),
            ("Adresaci razem", String(rows.reduce(0) { $0 + $1.recipients })),
            ("Odpowiedzi razem", String(rows.reduce(0) { $0 + $1.replied })),
            ("Po terminie", String(late)),
        ]

        let bars = rows.map { row in
            AnswerBarChart.Bar(
                label: "\(row.dispatch) \(row.subject)", answered: row.replied,
                waiting: row.waiting, failed: row.failed)
        }
        page.sections.append(HTMLPage.section(
            "Odpowiedzi", AnswerBarChart(title: "Według spraw", bars: bars).markup()))

        let columns = [
            HTMLTable.Column(title: "Sprawa"), HTMLTable.Column(title: "Temat"),
            HTMLTable.Column(title: "Termin"),
            HTMLTable.Column(title: "Adresaci", numeric: true),
            HTMLTable.Column(title: "Odpowiedzi", numeric: true),
            HTMLTable.Column(title: "Odsetek", numeric: true),
            HTMLTable.Column(title: "Jeszcze nie", numeric: true),
            HTMLTable.Column(title: "Niedoręczone", numeric: true),
            HTMLTable.Column(title: "Po terminie", numeric: true),
        ]
        let body = rows.map { row -> [HTMLTable.Cell] in
            [
                HTMLTable.Cell(row.dispatch, style: "nowrap"), HTMLTable.Cell(row.subject),
                HTMLTable.Cell(row.deadline ?? "–", sortKey: row.deadline ?? "", style: "nowrap"),
                HTMLTable.Cell(number: row.recipients), HTMLTable.Cell(number: row.replied),
                HTMLTable.Cell(PolishNumber.percent(row.replied, of: row.recipients),
                               sortKey: String(format: "%.4f", row.answerRate)),
                HTMLTable.Cell(number: row.waiting),
                HTMLTable.Cell(number: row.failed, style: row.failed > 0 ? "late" : nil),
                HTMLTable.Cell(number: row.late, style: row.late > 0 ? "late" : nil),
            ]
        }
        var table = HTMLTable(
            caption: "Kliknij nagłówek kolumny, aby posortować.", columns: columns, rows: body)
        table.emptyText = "Brak otwartych spraw."
        page.sections.append(HTMLPage.section("Sprawy", table.markup()))
        return page.document()
    }
}
