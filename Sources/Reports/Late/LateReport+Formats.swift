import Foundation
import Ledger

extension LateReport {
    /// `{"generatedAt", "late": [{"dispatch", "subject", "deadline", "daysLate", "kind",
    /// "code", "name", "type", "state", "addresses", "reminders"}]}`.
    public func json() -> String {
        let late: [[String: Any]] = rows.map { row in
            [
                "dispatch": row.dispatch, "subject": row.subject, "deadline": row.deadline,
                "daysLate": row.daysLate, "kind": row.kind.rawValue, "code": row.code,
                "name": row.name, "type": ReportJSON.optional(row.type),
                "state": row.state.rawValue, "addresses": row.addresses,
                "reminders": row.reminders,
            ]
        }
        return ReportJSON.text(
            ["generatedAt": calendar.display(now), "late": late] as [String: Any])
    }

    /// One line per late recipient, Polish headers, addresses joined with spaces.
    public func csv() -> String {
        var lines = ["sprawa,temat,termin,dni_po_terminie,kod,nazwa,stan,adresy,przypomnienia"]
        for row in rows {
            lines.append([
                row.dispatch, row.subject, row.deadline, String(row.daysLate), row.code,
                row.name, row.state.rawValue, row.addresses.joined(separator: " "),
                String(row.reminders),
            ].map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A table for the terminal.
    public func table() -> String {
        guard !rows.isEmpty else { return "Nikt nie jest po terminie.\n" }
        let header = [
            "Dni", "Sprawa", "Termin", "Kod", "Nazwa", "Stan", "Przyp.", "Adresy",
        ]
        let body = rows.map { row in
            [
                String(row.daysLate), row.dispatch, row.deadline, row.code,
                String(row.name.prefix(34)), Self.stateLabel(row.state), String(row.reminders),
                row.addresses.joined(separator: " "),
            ]
        }
        return TextTable.render(header: header, rows: body).joined(separator: "\n") + "\n"
    }

    /// The report as one self-contained HTML page in Polish: late recipients per dispatch
    /// and a sortable table with the addresses.
    public func html() -> String {
        var page = HTMLPage(title: "Po terminie")
        page.subtitle = ["Stan na: \(calendar.short(now))"]
        let dispatches = Array(Set(rows.map(\.dispatch))).sorted()
        page.figures = [
            ("Placówki po terminie", String(Set(rows.map(\.code)).count)),
            ("Sprawy", String(dispatches.count)),
            ("Najdłużej", rows.first.map {
                PolishNumber.count($0.daysLate, "dzień", "dni", "dni")
            } ?? "–"),
        ]

        let bars = dispatches.map { id in
            CountBarChart.Bar(label: id, count: rows.filter { $0.dispatch == id }.count)
        }
        var chart = CountBarChart(title: "Placówki po terminie według spraw", bars: bars)
        chart.emptyText = "Nikt nie jest po terminie."
        chart.color = "#c62828"
        page.sections.append(HTMLPage.section("Sprawy", chart.markup()))

        let columns = [
            HTMLTable.Column(title: "Dni po terminie", numeric: true),
            HTMLTable.Column(title: "Sprawa"), HTMLTable.Column(title: "Temat"),
            HTMLTable.Column(title: "Termin"), HTMLTable.Column(title: "Kod"),
            HTMLTable.Column(title: "Nazwa"), HTMLTable.Column(title: "Stan"),
            HTMLTable.Column(title: "Przyp.", numeric: true, hint: "Wysłane przypomnienia"),
            HTMLTable.Column(title: "Adresy"),
        ]
        let body = rows.map { row -> [HTMLTable.Cell] in
            [
                HTMLTable.Cell(number: row.daysLate, style: "late"),
                HTMLTable.Cell(row.dispatch, style: "nowrap"), HTMLTable.Cell(row.subject),
                HTMLTable.Cell(row.deadline, style: "nowrap"),
                HTMLTable.Cell(row.code, style: "nowrap"),
                HTMLTable.Cell(row.name),
                HTMLTable.Cell(Self.stateLabel(row.state),
                               style: row.state == .failed ? "state-failed" : "state-waiting"),
                HTMLTable.Cell(number: row.reminders),
                HTMLTable.Cell(lines: row.addresses, style: "small list"),
            ]
        }
        var table = HTMLTable(
            caption: "Kliknij nagłówek kolumny, aby posortować.", columns: columns, rows: body)
        table.emptyText = "Nikt nie jest po terminie."
        page.sections.append(HTMLPage.section("Kto jest po terminie", table.markup()))
        return page.document()
    }

    /// A late recipient's state in Polish.
    static func stateLabel(_ state: DeliveryState) -> String {
        switch state {
        case .queued: "w kolejce"
        case .sent: "brak odpowiedzi"
        case .failed: "niedoręczone"
        case .replied: "odpowiedź"
        }
    }
}
