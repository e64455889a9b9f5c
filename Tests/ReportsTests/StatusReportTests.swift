import Foundation
import Ledger
import Reports
import Testing

/// A ledger with one dispatch to three schools: SP1 answered with a file, SP2 answered
/// after the deadline, P7 bounced on one address and auto-replied.
struct ReportFixture {
    let folder: URL
    let ledger: Ledger
    let id: DispatchID

    init(now: String) throws {
        folder = FileManager.default.temporaryDirectory
            .appending(path: "report-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appending(path: "r.db").path
        var clock = Clock(fixed: Timestamp.parse("2026-12-04T10:00:00Z")!)
        var ledger = try Ledger.create(
            at: path, settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                               transport: "maildir:\(folder.path)"),
            clock: clock)
        _ = try ledger.importInstitutions([
            Institution(code: "SP1", name: "Szkoła Podstawowa nr 1", shortName: "SP1",
                        type: "szkola-podstawowa", addresses: ["sp1@schools.example.net"]),
            Institution(code: "SP2", name: "Szkoła Podstawowa nr 2", shortName: "SP2",
                        type: "szkola-podstawowa", addresses: ["sp2@schools.example.net"]),
            Institution(code: "P7", name: "Przedszkole nr 7", shortName: "P7", type: "przedszkole",
                        addresses: ["p7@schools.example.net", "dyr.p7@example.com"]),
        ], actor: "test")
        try ledger.addPerson(Person(login: "anna", name: "Anna Nowak", role: .staff), actor: "t")
        id = try ledger.createDispatch(DispatchDraft(
            subject: "Ankieta", shortTitle: "Ankieta", body: "b", attachments: [],
            targets: ["type:szkola-podstawowa", "school:P7"], expectedReply: .attachment,
            deadline: "2026-12-10", author: "anna"))
        let recipients = try ledger.resolveRecipients(["type:szkola-podstawowa", "school:P7"])
        try ledger.queue(id, deliveries: try recipients.map {
            PreparedDelivery(recipient: $0, tokenHash: "h-\($0.key)", messageID: "m-\($0.key)",
                             rawSHA256: try ledger.store.put(Data($0.key.utf8)),
                             envelopeFrom: "oswiata@edu.example.org")
        }, actor: "anna")
        for item in try ledger.dueOutbox() {
            try ledger.record(.accepted(response: "250 ok"), for: item, actor: "t")
        }
        let deliveries = try ledger.deliveries(of: id)
        let byKey = Dictionary(uniqueKeysWithValues: deliveries.map { ($0.recipientKey, $0.id) })
        let namer: FileNamer = { "\($0.recipientKey)_\($0.dispatchShortTitle)_\($0.index).xlsx" }

        func record(_ key: String, _ text: String, _ effect: InboundEffect, kind: String,
                    files: [InboundFile] = []) throws {
            try ledger.recordInbound(InboundRecord(
                raw: Data(text.utf8), headerMessageID: nil, sender: "\(key)@example.net",
                subject: text, sentAt: nil, kind: kind, headers: "", text: text, source: "t",
                match: .delivery(id: byKey[key]!, method: "token", effect: effect),
                files: files), namer: namer)
        }
        try record("SP1", "answer", .answer(flagged: nil), kind: "reply",
                   files: [InboundFile(originalName: "a.xlsx", contentType: "x", data: Data([7]))])
        try record("P7", "away", .autoReply, kind: "auto-reply")
        try record("P7", "bounce", .bounce([BouncedAddress(
            address: "dyr.p7@example.com", status: "5.1.1", reason: "user-unknown",
            marksDead: true)]), kind: "bounce")

        clock = Clock(fixed: Timestamp.parse("2026-12-12T09:00:00Z")!)
        ledger = try Ledger(openingAt: path, clock: clock)
        try ledger.recordInbound(InboundRecord(
            raw: Data("late".utf8), headerMessageID: nil, sender: "sp2@schools.example.net",
            subject: "late", sentAt: nil, kind: "reply", headers: "", text: "", source: "t",
            match: .delivery(id: byKey["SP2"]!, method: "sender", effect: .answer(flagged: nil)),
            files: []), namer: namer)
        self.ledger = try Ledger(openingAt: path, clock: Clock(fixed: Timestamp.parse(now)!))
    }
}

@Suite("Status report")
struct StatusReportTests {
    @Test("rows tell answers, late answers, auto-replies and bounces apart")
    func rows() throws {
        let fixture = try ReportFixture(now: "2026-12-15T09:00:00Z")

        let report = try StatusReport(ledger: fixture.ledger, dispatch: fixture.id)

        let byCode = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.code, $0) })
        #expect(report.rows.map(\.code) == ["P7", "SP1", "SP2"])
        #expect(byCode["SP1"]?.state == .replied)
        #expect(byCode["SP1"]?.late == false)
        #expect(byCode["SP1"]?.attachments == ["SP1_Ankieta_1.xlsx"])
        #expect(byCode["SP2"]?.late == true)
        #expect(byCode["P7"]?.state == .sent)
        #expect(byCode["P7"]?.late == true)
        #expect(byCode["P7"]?.autoReplies == 1)
        #expect(byCode["P7"]?.bounces == ["dyr.p7@example.com"])
        #expect(report.totals == StatusReport.Totals(recipients: 3, sent: 3, replied: 2,
                                                     failed: 0, late: 2))
    }

    @Test("before the deadline nobody is late")
    func beforeDeadline() throws {
        let fixture = try ReportFixture(now: "2026-12-10T22:59:00Z")

        let report = try StatusReport(ledger: fixture.ledger, dispatch: fixture.id)

        #expect(report.rows.allSatisfy { !$0.late })
    }

    @Test("JSON has the documented fields with offsets in the department's zone")
    func json() throws {
        let fixture = try ReportFixture(now: "2026-12-15T09:00:00Z")
        let report = try StatusReport(ledger: fixture.ledger, dispatch: fixture.id)

        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])

        #expect(object["dispatch"] as? String == fixture.id)
        #expect(object["deadline"] as? String == "2026-12-10")
        let rows = try #require(object["institutions"] as? [[String: Any]])
        let sp1 = try #require(rows.first { $0["code"] as? String == "SP1" })
        #expect(sp1["kind"] as? String == "institution")
        #expect(sp1["state"] as? String == "replied")
        #expect((sp1["repliedAt"] as? String)?.hasSuffix("+01:00") == true)
        #expect(sp1["autoReplies"] as? Int == 0)
        let totals = try #require(object["totals"] as? [String: Int])
        #expect(totals == ["recipients": 3, "sent": 3, "replied": 2, "failed": 0, "late": 2])
    }

    @Test("CSV and table list every recipient")
    func otherFormats() throws {
        let fixture = try ReportFixture(now: "2026-12-15T09:00:00Z")
        let report = try StatusReport(ledger: fixture.ledger, dispatch: fixture.id)

        let csv = report.csv().split(separator: "\r\n")
        let table = report.table()

        #expect(csv.count == 4)
        #expect(csv[0].hasPrefix("kind,code,name"))
        #expect(table.contains("SP1_Ankieta_1.xlsx"))
        #expect(table.contains("po terminie: 2"))
    }

    @Test("export writes every filed answer, manifest.csv and missing.csv")
    func export() throws {
        let fixture = try ReportFixture(now: "2026-12-15T09:00:00Z")
        let folder = fixture.folder.appending(path: "export")

        let count = try AnswerExport(ledger: fixture.ledger, dispatch: fixture.id)
            .write(to: folder)

        #expect(count == 1)
        #expect(try Data(contentsOf: folder.appending(path: "SP1_Ankieta_1.xlsx")) == Data([7]))
        let manifest = try String(contentsOf: folder.appending(path: "manifest.csv"),
                                  encoding: .utf8).split(separator: "\r\n")
        #expect(manifest[0] == "code,name,sender,received_at,original_name,filed_name,size,sha256")
        #expect(manifest[1].hasPrefix("SP1,Szkoła Podstawowa nr 1,SP1@example.net,"))
        #expect(manifest[1].hasSuffix(",a.xlsx,SP1_Ankieta_1.xlsx,1,"
            + "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879"))
        let missing = try String(contentsOf: folder.appending(path: "missing.csv"),
                                 encoding: .utf8)
        #expect(missing.contains(
            "P7,Przedszkole nr 7,sent,p7@schools.example.net dyr.p7@example.com"))
    }
}

@Suite("Status report: reminders and HTML format")
struct StatusReminderTests {
    @Test("reminders per recipient appear in JSON, CSV and the table")
    func reminders() throws {
        let fixture = try StatusPageFixture()
        let report = try fixture.report

        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(report.rendered(in: .json).utf8)) as? [String: Any])
        let csv = report.rendered(in: .csv).components(separatedBy: "\r\n")
        let table = report.rendered(in: .table).components(separatedBy: "\n")

        let rows = try #require(json["institutions"] as? [[String: Any]])
        let reminders = Dictionary(uniqueKeysWithValues: rows.map {
            ($0["code"] as? String ?? "", $0["reminders"] as? Int ?? -1)
        })
        #expect(reminders["SP7"] == 2 && reminders["SP10"] == 1 && reminders["P4"] == 1)
        #expect(reminders.values.reduce(0, +) == 4)
        #expect(csv[0].split(separator: ",")[9] == "reminders")
        let sp7 = try #require(csv.first { $0.hasPrefix("institution,SP7,") })
        #expect(sp7.split(separator: ",", omittingEmptySubsequences: false)[9] == "2")
        #expect(table[3].contains("Przyp."))
        let sp7Line = try #require(table.first { $0.hasPrefix("SP7 ") })
        #expect(sp7Line.contains("  2  "))
    }

    @Test("the html format renders the page")
    func htmlFormat() throws {
        let fixture = try ReportFixture(now: "2026-12-15T09:00:00Z")
        let report = try StatusReport(ledger: fixture.ledger, dispatch: fixture.id)

        let html = report.rendered(in: .html)

        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"pl\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<td class=\"small list\">dyr.p7@example.com</td>"))
        #expect(html.contains("aria-sort=\"none\">Zwroty</th>"))
    }
}
