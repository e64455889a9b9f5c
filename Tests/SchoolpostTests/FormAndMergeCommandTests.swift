import Foundation
import MailBridge
import Reports
import Testing

@Suite("Forms, merge and sheet inspect from the command line")
struct FormAndMergeCommandTests {
    @Test("a form answered in the mail's text and one answered in its workbook merge together")
    func formByMail() throws {
        let runner = CommandRunner(folder: try CommandRunner.temporaryFolder("forms"))
        try runner.schoolpost(["init", "--mailbox", "oswiata@edu.example.org",
                               "--transport", "maildir:\(runner.folder.path)/mail"])
        let csv = "code,name,short_name,type,emails\n"
            + "SP1,Szkoła Podstawowa nr 1,SP1,szkola-podstawowa,sp1@schools.example.net\n"
            + "SP2,Szkoła Podstawowa nr 2,SP2,szkola-podstawowa,sp2@schools.example.net\n"
            + "SP3,Szkoła Podstawowa nr 3,SP3,szkola-podstawowa,sp3@schools.example.net\n"
        try Data(csv.utf8).write(to: runner.folder.appending(path: "s.csv"))
        try runner.schoolpost(["schools", "import", "s.csv"])
        try runner.schoolpost(["people", "add", "anna", "--name", "Anna", "--role", "staff"])
        try Data("Liczba uczniów: number *\nUwagi: text\n".utf8)
            .write(to: runner.folder.appending(path: "form.txt"))

        let id = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Liczba uczniów",
            "--body", "Prosimy o dane.", "--form", "form.txt", "--to", "type:szkola-podstawowa",
        ]).stdout.trimmingCharacters(in: .newlines)
        try runner.schoolpost(["--as", "anna", "dispatch", "send", id])
        try runner.schoolpost(["bridge", "run", "--once"])

        let outbox = runner.folder.appending(path: "mail/outbox")
        let sent = try FileManager.default.contentsOfDirectory(
            at: outbox, includingPropertiesForKeys: nil
        ).map { MessageReader.read(try Data(contentsOf: $0)) }
        let toSP1 = try #require(sent.first { $0.to.first?.address == "sp1@schools.example.net" })
        #expect(toSP1.fullText.contains("Liczba uczniów:"))
        #expect(toSP1.attachments.contains { $0.filename.hasPrefix("Formularz_") })
        let replyTo = try #require(toSP1.addresses(inHeader: "Reply-To").first?.address)

        // SP1 types its answer under the quoted form; SP2 fills in the attached workbook.
        let textReply = "From: sp1@schools.example.net\r\nTo: \(replyTo)\r\n"
            + "Subject: Re: [\(id)] Liczba uczniów\r\nMessage-ID: <f1@schools.example.net>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Liczba uczniów: 1 234\r\nUwagi: brak\r\n"
        let workbook = try WorkbookWriter.data([WorkbookSheet(name: "Formularz", rows: [
            [.string("Liczba uczniów"), .string("Uwagi")], [.number(321), .string("ok")],
        ])])
        let fileReply = "From: sp2@schools.example.net\r\nTo: oswiata@edu.example.org\r\n"
            + "Subject: Odp: [\(id)] Liczba uczniów\r\nMessage-ID: <f2@schools.example.net>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
            + "--x\r\nContent-Type: text/plain\r\n\r\nW załączeniu.\r\n--x\r\n"
            + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
            + "Content-Disposition: attachment; filename=\"formularz.xlsx\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + workbook.base64EncodedString(options: [.lineLength76Characters,
                                                     .endLineWithCarriageReturn,
                                                     .endLineWithLineFeed])
            + "\r\n--x--\r\n"
        try Data(textReply.utf8).write(to: runner.folder.appending(path: "r1.eml"))
        try Data(fileReply.utf8).write(to: runner.folder.appending(path: "r2.eml"))
        let ingested = try runner.schoolpost(["bridge", "ingest", "r1.eml", "r2.eml"])
        let merged = try runner.schoolpost(["merge", id, "--to", "out.xlsx"])

        #expect(ingested.stdout.hasPrefix("filed 2"), "\(ingested.stdout)\(ingested.stderr)")
        #expect(merged.status == 0, "\(merged.stderr)")
        let out = SpreadsheetReader.read(fileAt: runner.folder.appending(path: "out.xlsx"))
        #expect(out.outcome == .readable)
        let sheet = try #require(out.sheets.first)
        let rows = sheet.sample(rows: 3)
        #expect(rows.count == 3)
        let byCode = Dictionary(uniqueKeysWithValues: rows.dropFirst().compactMap { row in
            row.first.flatMap { $0 }.map { ("\($0)", row) }
        })
        #expect(byCode.keys.sorted().count == 2)
        let problems = try #require(out.sheets.first { $0.name == "Problemy" })
        let problemText = problems.cells.values.map { "\($0)" }.joined(separator: " ")
        #expect(problemText.contains("SP3"))
        #expect(problemText.contains("brak odpowiedzi"))
        #expect(!problemText.contains("SP1") || !problemText.contains("brak arkusza"))

        let inspect = try runner.schoolpost(["sheet", "inspect", "out.xlsx"])
        #expect(inspect.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8))
        #expect((json as? [String: Any])?["outcome"] as? String == "readable")
    }
}
