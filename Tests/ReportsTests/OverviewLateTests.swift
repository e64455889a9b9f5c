import Foundation
import Ledger
import Reports
import Testing

/// Six dispatches made on 2 November 2026 (Warsaw is UTC+1 then):
/// A to the three schools, deadline 6 Nov: SP1 answered on the 3rd, SP2 late on the 9th,
///   SP3 never (two reminders);
/// B to the two kindergartens, deadline 20 Nov: P1 answered, P2's address refused it;
/// C to SP1, deadline 5 Nov, answered: closed;
/// D a draft, never queued;
/// E to P1 without a deadline, not answered;
/// F to SP2 and P2, deadline 10 Nov: nobody answered, P2 refused.
struct DispatchesFixture {
    let builder: ReportLedgerBuilder
    let a, b, c, d, e, f: DispatchID

    init() throws {
        builder = try ReportLedgerBuilder(at: "2026-11-02T08:00:00Z", institutions: [
            ReportLedgerBuilder.school("SP1", "Szkoła Podstawowa nr 1"),
            ReportLedgerBuilder.school("SP2", "Szkoła Podstawowa nr 2"),
            ReportLedgerBuilder.school("SP3", "Szkoła Podstawowa nr 3 im. Żwirki i Wigury"),
            ReportLedgerBuilder.school("P1", "Przedszkole nr 1", type: "przedszkole"),
            ReportLedgerBuilder.school("P2", "Przedszkole nr 2", type: "przedszkole"),
        ])
        let refused: Set<String> = ["p2@schools.example.net"]
        a = try builder.dispatch("Arkusz organizacyjny", short: "Arkusz",
                                 targets: ["type:szkola-podstawowa"], deadline: "2026-11-06")
        b = try builder.dispatch("Ankieta żywieniowa", short: "Ankieta",
                                 targets: ["type:przedszkole"], deadline: "2026-11-20",
                                 refusing: refused)
        c = try builder.dispatch("Zamknięta sprawa", short: "Zamk", targets: ["school:SP1"],
                                 deadline: "2026-11-05")
        d = try builder.dispatch("Szkic", short: "Szkic", targets: ["school:SP1"],
                                 deadline: "2026-11-30", queued: false)
        e = try builder.dispatch("Bez terminu", short: "BT", targets: ["school:P1"],
                                 deadline: nil)
        f = try builder.dispatch("Sprawozdanie", short: "Spr",
                                 targets: ["school:SP2", "school:P2"], deadline: "2026-11-10",
                                 refusing: refused)
        try builder.remind(a, "SP3", count: 2)

        try builder.move(to: "2026-11-03T09:00:00Z")
        try builder.answer(a, from: "SP1")
        try builder.answer(c, from: "SP1")
        try builder.move(to: "2026-11-04T09:00:00Z")
        try builder.answer(b, from: "P1")
        try builder.move(to: "2026-11-09T12:00:00Z")
        try builder.answer(a, from: "SP2")
    }

    func ledger(at time: String) throws -> Ledger {
        try builder.move(to: time)
        return builder.ledger
    }
}

@Suite("Overview and late reports")
struct OverviewLateTests {
    @Test("the overview lists open dispatches with their counts, rate and late recipients")
    func overview() throws {
        let fixture = try DispatchesFixture()

        let report = try OverviewReport(ledger: try fixture.ledger(at: "2026-11-12T10:00:00Z"))

        #expect(report.rows.map(\.dispatch) == [fixture.a, fixture.b, fixture.e, fixture.f])
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.dispatch, $0) })
        let a = try #require(byID[fixture.a])
        #expect([a.recipients, a.sent, a.replied, a.failed, a.waiting, a.late]
            == [3, 3, 2, 0, 1, 1] as [Int])
        #expect(abs(a.answerRate - 2.0 / 3.0) < 1e-9)
        let b = try #require(byID[fixture.b])
        #expect([b.recipients, b.replied, b.failed, b.waiting, b.late] == [2, 1, 1, 0, 0] as [Int])
        let e = try #require(byID[fixture.e])
        #expect([e.recipients, e.replied, e.waiting, e.late] == [1, 0, 1, 0] as [Int])
        let f = try #require(byID[fixture.f])
        #expect([f.recipients, f.sent, f.replied, f.failed, f.waiting, f.late]
            == [2, 1, 0, 1, 1, 2] as [Int])
        #expect(byID[fixture.c] == nil)
        #expect(byID[fixture.d] == nil)
    }

    @Test("a dispatch everyone answered stays open until its deadline passes")
    func answeredBeforeDeadline() throws {
        let fixture = try DispatchesFixture()

        let before = try OverviewReport(ledger: try fixture.ledger(at: "2026-11-05T22:59:00Z"))
        let after = try OverviewReport(ledger: try fixture.ledger(at: "2026-11-05T23:00:01Z"))

        #expect(before.rows.contains { $0.dispatch == fixture.c })
        #expect(!after.rows.contains { $0.dispatch == fixture.c })
    }

    @Test("the late report names who is late, since when, by how many days, longest first")
    func late() throws {
        let fixture = try DispatchesFixture()

        let report = try LateReport(ledger: try fixture.ledger(at: "2026-11-12T10:00:00Z"))

        #expect(report.rows.map { "\($0.dispatch)/\($0.code)" }
            == ["\(fixture.a)/SP3", "\(fixture.f)/P2", "\(fixture.f)/SP2"])
        let sp3 = report.rows[0]
        #expect(sp3.deadline == "2026-11-06")
        #expect(sp3.daysLate == 6)
        #expect(sp3.state == .sent)
        #expect(sp3.reminders == 2)
        #expect(sp3.addresses == ["sp3@schools.example.net"])
        #expect(sp3.name == "Szkoła Podstawowa nr 3 im. Żwirki i Wigury")
        #expect(report.rows[1].daysLate == 2)
        #expect(report.rows[1].state == .failed)
        #expect(report.rows[2].state == .sent)
    }

    @Test("days late count calendar days in Warsaw: one just after midnight, none before",
          arguments: [("2026-11-06T22:59:59Z", nil), ("2026-11-06T23:00:01Z", 1),
                      ("2026-11-07T22:59:00Z", 1), ("2026-11-07T23:00:00Z", 2)]
              as [(String, Int?)])
    func daysLate(time: String, expected: Int?) throws {
        let fixture = try DispatchesFixture()

        let report = try LateReport(ledger: try fixture.ledger(at: time))

        #expect(report.rows.first { $0.dispatch == fixture.a }?.daysLate == expected)
    }

    @Test("every format of the overview carries the same numbers")
    func overviewFormats() throws {
        let fixture = try DispatchesFixture()
        let report = try OverviewReport(ledger: try fixture.ledger(at: "2026-11-12T10:00:00Z"))

        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(report.rendered(in: .json).utf8)) as? [String: Any])
        let csv = report.rendered(in: .csv).components(separatedBy: "\r\n")
        let table = report.rendered(in: .table)
        let html = report.rendered(in: .html)

        #expect(json["generatedAt"] as? String == "2026-11-12T11:00:00+01:00")
        let rows = try #require(json["dispatches"] as? [[String: Any]])
        #expect(rows.count == 4)
        let first = rows[0]
        #expect(first["dispatch"] as? String == fixture.a)
        #expect(first["recipients"] as? Int == 3)
        #expect(first["replied"] as? Int == 2)
        #expect(first["late"] as? Int == 1)
        #expect(first["answerRate"] as? Double == 0.6667)
        #expect(first["deadline"] as? String == "2026-11-06")
        #expect(rows[2]["deadline"] is NSNull)
        #expect(csv[0] == "sprawa,temat,termin,adresaci,wysłano,odpowiedziały,jeszcze_nie,"
            + "niedoręczone,po_terminie,odsetek_odpowiedzi")
        #expect(csv[1] == "\(fixture.a),Arkusz organizacyjny,2026-11-06,3,3,2,1,0,1,0.6667")
        #expect(csv.count == 6 && csv[5].isEmpty)
        #expect(table.contains("Odsetek"))
        #expect(table.contains("67%"))
        #expect(table.split(separator: "\n").count == 6)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<td>Ankieta żywieniowa</td>"))
        #expect(html.contains("<svg"))
    }

    @Test("every format of the late report carries the same rows")
    func lateFormats() throws {
        let fixture = try DispatchesFixture()
        let report = try LateReport(ledger: try fixture.ledger(at: "2026-11-12T10:00:00Z"))

        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(report.rendered(in: .json).utf8)) as? [String: Any])
        let csv = report.rendered(in: .csv).components(separatedBy: "\r\n")
        let table = report.rendered(in: .table).split(separator: "\n")
        let html = report.rendered(in: .html)

        let rows = try #require(json["late"] as? [[String: Any]])
        #expect(rows.map { $0["code"] as? String } == ["SP3", "P2", "SP2"])
        #expect(rows[0]["daysLate"] as? Int == 6)
        #expect(rows[0]["addresses"] as? [String] == ["sp3@schools.example.net"])
        #expect(rows[0]["reminders"] as? Int == 2)
        #expect(rows[1]["state"] as? String == "failed")
        #expect(csv[0] == "sprawa,temat,termin,dni_po_terminie,kod,nazwa,stan,adresy,"
            + "przypomnienia")
        #expect(csv[1] == "\(fixture.a),Arkusz organizacyjny,2026-11-06,6,SP3,"
            + "Szkoła Podstawowa nr 3 im. Żwirki i Wigury,sent,sp3@schools.example.net,2")
        #expect(table.count == 5)
        #expect(table[2].hasPrefix("6 "))
        #expect(table[3].contains("niedoręczone"))
        #expect(html.contains("<td>sp3@schools.example.net</td>") == false)
        #expect(html.contains("<td class=\"small list\">sp3@schools.example.net</td>"))
        #expect(html.contains("<td class=\"num late\" data-sort=\"6\">6</td>"))
    }

    @Test("with nothing open or late, every format says so")
    func emptyReports() throws {
        let builder = try ReportLedgerBuilder(
            at: "2026-11-02T08:00:00Z", institutions: [ReportLedgerBuilder.school("SP1", "S")])

        let overview = try OverviewReport(ledger: builder.ledger)
        let late = try LateReport(ledger: builder.ledger)

        #expect(overview.rendered(in: .table) == "Brak otwartych spraw.\n")
        #expect(late.rendered(in: .table) == "Nikt nie jest po terminie.\n")
        #expect(overview.rendered(in: .csv).components(separatedBy: "\r\n").count == 2)
        #expect(late.rendered(in: .html).contains("Nikt nie jest po terminie."))
        let json = try JSONSerialization.jsonObject(with: Data(late.json().utf8))
        #expect((json as? [String: Any])?["late"] as? [Any] != nil)
    }
}
