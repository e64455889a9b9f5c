import Foundation
import Ledger
import Reports

/// Twenty institutions of three types in three groups, one dispatch due on 13 November
/// 2026 with answers spread over two weeks, two refused addresses, some reminders, and
/// one school whose name, group and filed file name are hostile markup.
struct StatusPageFixture {
    static let hostileName =
        "<script>alert(\"szkoła\")</script> & 'Zespół' <img src=x onerror=alert(1)>"
    static let hostileGroup = "<b onmouseover=alert(2)>Grupa</b>"

    let builder: ReportLedgerBuilder
    let id: DispatchID

    init(now: String = "2026-11-17T10:00:00Z") throws {
        var institutions: [Institution] = []
        for number in 1...10 {
            institutions.append(ReportLedgerBuilder.school(
                "SP\(number)", "Szkoła Podstawowa nr \(number) im. Marii Konopnickiej"))
        }
        for number in 1...6 {
            institutions.append(ReportLedgerBuilder.school(
                "P\(number)", "Przedszkole Miejskie nr \(number) „Słoneczko”",
                type: "przedszkole"))
        }
        for number in 1...3 {
            institutions.append(ReportLedgerBuilder.school(
                "LO\(number)", "\(number) Liceum Ogólnokształcące", type: "liceum"))
        }
        institutions.append(Institution(
            code: "ZS9", name: Self.hostileName, shortName: "ZS9", type: "liceum",
            addresses: ["zs9@schools.example.net", "sekretariat.zs9@example.com"]))
        builder = try ReportLedgerBuilder(at: "2026-11-02T08:00:00Z", institutions: institutions,
                                          groups: [
            "Śródmieście": ["SP1", "SP2", "SP3", "P1", "P2", "LO1", "ZS9"],
            "Północ": ["SP4", "SP5", "SP6", "SP7", "P3", "P4", "LO2"],
            "Południe": ["SP8", "SP9", "SP10", "P5", "P6", "LO3"],
            Self.hostileGroup: ["ZS9"],
        ])
        id = try builder.dispatch(
            "Arkusz organizacyjny na rok szkolny 2027/2028 <pilne>", short: "Arkusz <i>&\"'",
            targets: ["type:szkola-podstawowa", "type:przedszkole", "type:liceum"],
            deadline: "2026-11-13",
            refusing: ["p6@schools.example.net", "lo3@schools.example.net"])

        let answers: [(String, [String])] = [
            ("2026-11-03T09:00:00Z", ["SP1", "SP4"]), ("2026-11-04T11:00:00Z", ["P1", "ZS9"]),
            ("2026-11-05T08:30:00Z", ["SP2", "SP5", "LO1"]), ("2026-11-09T10:00:00Z", ["SP8"]),
            ("2026-11-12T13:00:00Z", ["SP3", "P2", "P3"]), ("2026-11-13T21:00:00Z", ["SP9"]),
            ("2026-11-16T09:00:00Z", ["SP6"]),
        ]
        for (time, codes) in answers {
            try builder.move(to: time)
            for code in codes {
                try builder.answer(id, from: code, files: [("arkusz.xlsx", Data(code.utf8))])
            }
        }
        try builder.remind(id, "SP7", count: 2)
        try builder.remind(id, "SP10", count: 1)
        try builder.remind(id, "P4", count: 1)
        try builder.move(to: now)
    }

    var report: StatusReport {
        get throws { try StatusReport(ledger: builder.ledger, dispatch: id) }
    }
}
