import Foundation
import Ledger

extension StatusReport {
    /// The report as one self-contained HTML page in Polish: figures, charts (per group,
    /// per type of institution, answers by day against the deadline, reminders) and the
    /// table of recipients, sortable by a click on a column's header.
    public func html() -> String {
        var page = HTMLPage(title: "Stan odpowiedzi: \(dispatch.id)")
        page.subtitle = [
            dispatch.subject,
            dispatch.deadline.map { "Termin: \($0) (do końca dnia)" } ?? "Bez terminu",
            "Stan na: \(calendar.short(now))",
        ]
        let answered = totals.replied
        page.figures = [
            ("Adresaci", String(totals.recipients)),
            ("Odpowiedziały",
             "\(answered) (\(PolishNumber.percent(answered, of: totals.recipients)))"),
            ("Jeszcze nie", String(totals.recipients - answered - totals.failed)),
            ("Niedoręczone", String(totals.failed)),
            ("Po terminie", String(totals.late)),
            ("Przypomnienia", String(rows.reduce(0) { $0 + $1.reminders })),
        ]

        let charts = "<div class=\"charts\">\n"
            + AnswerBarChart(title: "Według grup", bars: groupBars()).markup()
            + AnswerBarChart(title: "Według typu placówki", bars: typeBars()).markup()
            + "</div>\n"
        page.sections.append(HTMLPage.section("Odpowiedzi", charts))
        page.sections.append(HTMLPage.section(
            "Odpowiedzi w czasie",
            TimelineChart(title: "Liczba odpowiedzi dzień po dniu", timeline: timeline())
                .markup()))
        page.sections.append(HTMLPage.section("Przypomnienia", reminderChart().markup()))
        page.sections.append(HTMLPage.section("Placówki", recipientTable().markup()))
        return page.document()
    }

    // MARK: - Charts

    private func bar(_ label: String, _ members: [Row]) -> AnswerBarChart.Bar {
        let answered = members.filter { $0.state == .replied }.count
        let failed = members.filter { $0.state == .failed }.count
        return AnswerBarChart.Bar(
            label: label, answered: answered, waiting: members.count - answered - failed,
            failed: failed)
    }

    private func groupBars() -> [AnswerBarChart.Bar] {
        groups.compactMap { group in
            let members = Set(group.members)
            let inGroup = rows.filter { $0.kind == .institution && members.contains($0.code) }
            return inGroup.isEmpty ? nil : bar(group.name, inGroup)
        }
    }

    private func typeBars() -> [AnswerBarChart.Bar] {
        let byType = Dictionary(grouping: rows) { $0.type ?? "osoby" }
        return byType.keys.sorted().map { bar($0, byType[$0] ?? []) }
    }

    func timeline() -> ReplyTimeline {
        let start = dispatch.queuedAt ?? rows.compactMap(\.sentAt).min() ?? dispatch.createdAt
        return ReplyTimeline(
            start: start, now: now, deadlineAt: dispatch.deadlineAt,
            answers: rows.filter { $0.state == .replied }.compactMap(\.repliedAt),
            recipients: rows.count, calendar: calendar)
    }

    private func reminderChart() -> CountBarChart {
        let most = rows.map(\.reminders).max() ?? 0
        let bars = (0...most).map { count in
            CountBarChart.Bar(
                label: count == 0 ? "bez przypomnień"
                    : PolishNumber.count(count, "przypomnienie", "przypomnienia", "przypomnień"),
                count: rows.filter { $0.reminders == count }.count)
        }
        var chart = CountBarChart(title: "Placówki według liczby otrzymanych przypomnień",
                                  bars: most == 0 ? [] : bars)
        chart.emptyText = "Nie wysłano jeszcze żadnych przypomnień."
        return chart
    }

    // MARK: - Table

    private func recipientTable() -> HTMLTable {
        var columns = [
            HTMLTable.Column(title: "Kod"), HTMLTable.Column(title: "Nazwa"),
            HTMLTable.Column(title: "Typ"), HTMLTable.Column(title: "Stan"),
            HTMLTable.Column(title: "Wysłano"), HTMLTable.Column(title: "Odpowiedź"),
            HTMLTable.Column(title: "Przyp.", numeric: true, hint: "Wysłane przypomnienia"),
            HTMLTable.Column(title: "Autoodp.", numeric: true, hint: "Autoodpowiedzi"),
            HTMLTable.Column(title: "Zwroty"), HTMLTable.Column(title: "Pliki"),
            HTMLTable.Column(title: "Adresy"),
        ]
        var body = rows.map { row -> [HTMLTable.Cell] in
            [
                HTMLTable.Cell(row.code, style: "nowrap"), HTMLTable.Cell(row.name),
                HTMLTable.Cell(row.type ?? "osoba"),
                HTMLTable.Cell(
                    stateLabel(row) + (row.late ? ", po terminie" : ""),
                    sortKey: "\(stateOrder(row.state))\(row.late ? "1" : "0")",
                    style: stateStyle(row.state)),
                dateCell(row.sentAt), dateCell(row.repliedAt),
                HTMLTable.Cell(number: row.reminders), HTMLTable.Cell(number: row.autoReplies),
                HTMLTable.Cell(lines: row.bounces, style: "small list"),
                HTMLTable.Cell(lines: row.attachments, style: "small list"),
                HTMLTable.Cell(lines: row.addresses, style: "small list"),
            ]
        }
        // A column of bounced addresses only when something bounced: the table is wide.
        if rows.allSatisfy({ $0.bounces.isEmpty }), let bounces = columns.firstIndex(where: {
            $0.title == "Zwroty"
        }) {
            columns.remove(at: bounces)
            body = body.map { cells in
                cells.enumerated().filter { $0.offset != bounces }.map(\.element)
            }
        }
        return HTMLTable(
            caption: "Kliknij nagłówek kolumny, aby posortować. "
                + PolishNumber.count(rows.count, "adresat", "adresatów", "adresatów") + ".",
            columns: columns, rows: body)
    }

    private func dateCell(_ date: Date?) -> HTMLTable.Cell {
        guard let date else { return HTMLTable.Cell("–", sortKey: "", style: "nowrap") }
        return HTMLTable.Cell(
            calendar.short(date), sortKey: Timestamp.format(date), style: "nowrap")
    }

    private func stateOrder(_ state: DeliveryState) -> Int {
        switch state {
        case .failed: 0
        case .queued: 1
        case .sent: 2
        case .replied: 3
        }
    }

    private func stateStyle(_ state: DeliveryState) -> String {
        switch state {
        case .replied: "state-replied"
        case .failed: "state-failed"
        case .queued, .sent: "state-waiting"
        }
    }
}
