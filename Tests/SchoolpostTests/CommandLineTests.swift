import Foundation
import Testing

@Suite("Command line on the Maildir transport")
struct CommandLineTests {
    func prepared() throws -> CommandRunner {
        let runner = CommandRunner(folder: try CommandRunner.temporaryFolder("cli"))
        try runner.schoolpost(["init", "--mailbox", "oswiata@edu.example.org",
                               "--transport", "maildir:\(runner.folder.path)/mail"])
        let csv = "code;name;short_name;type;emails\n"
            + "SP1;Szkoła Podstawowa nr 1;SP1;szkola-podstawowa;sp1@schools.example.net\n"
            + "P2;Przedszkole nr 2;P2;przedszkole;p2@schools.example.net, dyr.p2@example.com\n"
        try Data(csv.utf8).write(to: runner.folder.appending(path: "schools.csv"))
        let imported = try runner.schoolpost(["schools", "import", "schools.csv"])
        #expect(imported.stdout == "added 2, updated 0, unchanged 0\n")
        try runner.schoolpost(["people", "add", "anna", "--name", "Anna Nowak", "--role", "staff"])
        return runner
    }

    @Test("create prints the id alone; send and bridge --once write one .eml per address")
    func dispatchFlow() throws {
        let runner = try prepared()

        let created = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Ankieta", "--body", "Prosimy.",
            "--to", "type:przedszkole", "--to", "school:SP1", "--deadline", "2026-12-20",
        ])
        let id = created.stdout.trimmingCharacters(in: .newlines)
        let sent = try runner.schoolpost(["--as", "anna", "dispatch", "send", id])
        let bridge = try runner.schoolpost(["bridge", "run", "--once"])
        let status = try runner.schoolpost(["report", "status", id, "--format", "csv"])

        #expect(created.status == 0)
        #expect(id.hasPrefix("SP-") && !id.contains(" "))
        #expect(sent.status == 0)
        #expect(bridge.stdout.hasPrefix("sent 3, refused 0"))
        let outbox = try FileManager.default.contentsOfDirectory(
            atPath: runner.folder.appending(path: "mail/outbox").path)
        #expect(outbox.filter { $0.hasSuffix(".eml") }.count == 3)
        #expect(status.stdout.split(separator: "\r\n").count == 3)
    }

    @Test("errors are one line with a fixed exit code", arguments: [
        (["dispatch", "approve"], Int32(64)),
        (["frobnicate"], Int32(64)),
        (["report", "status", "SP-2026-999"], Int32(65)),
        (["schools", "import", "missing.csv"], Int32(65)),
        (["--as", "nobody", "dispatch", "create", "--subject", "x", "--body", "y",
          "--to", "school:SP1"], Int32(77)),
        (["report", "status", "X", "--format", "pdf"], Int32(64)),
        (["people", "add", "x", "--name", "X", "--role", "king"], Int32(64)),
    ])
    func errors(arguments: [String], code: Int32) throws {
        let runner = try prepared()

        let output = try runner.schoolpost(arguments)

        #expect(output.status == code)
        #expect(output.stderr.hasPrefix("schoolpost: "))
        #expect(output.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("unmatched mail waits in review; assign files it, dismiss puts it away")
    func review() throws {
        let runner = try prepared()
        let id = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Ankieta", "--body", "Prosimy.",
            "--to", "school:SP1",
        ]).stdout.trimmingCharacters(in: .newlines)
        try runner.schoolpost(["--as", "anna", "dispatch", "send", id])
        try runner.schoolpost(["bridge", "run", "--once"])
        let stranger = "From: Jan Kowalski <jan@example.com>\r\nTo: oswiata@edu.example.org\r\n"
            + "Subject: ankieta\r\nMessage-ID: <s1@example.com>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nW imieniu SP1.\r\n--b\r\n"
            + "Content-Type: text/csv\r\nContent-Disposition: attachment; filename=\"dane.csv\"\r\n"
            + "\r\nliczba;12\r\n--b--\r\n"
        let spam = "From: news@example.net\r\nTo: oswiata@edu.example.org\r\n"
            + "Subject: Oferta\r\nMessage-ID: <s2@example.net>\r\n\r\nKup teraz.\r\n"
        try Data(stranger.utf8).write(to: runner.folder.appending(path: "a.eml"))
        try Data(spam.utf8).write(to: runner.folder.appending(path: "b.eml"))

        let ingested = try runner.schoolpost(["bridge", "ingest", "a.eml", "b.eml"])
        let listed = try runner.schoolpost(["review", "list", "--format", "json"])
        let items = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let assigned = try runner.schoolpost(["review", "assign", "1", id, "SP1"])
        let dismissed = try runner.schoolpost(["review", "dismiss", "2"])
        let again = try runner.schoolpost(["review", "dismiss", "2"])
        let status = try runner.schoolpost(["report", "status", id, "--format", "json"])

        #expect(ingested.stdout.hasPrefix("filed 0, for review 2"), "\(ingested.stdout)")
        #expect(items.map { $0["sender"] as? String } == ["jan@example.com", "news@example.net"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(dismissed.status == 0)
        #expect(again.status == 65)
        #expect(status.stdout.contains("\"state\" : \"replied\""))
        #expect(status.stdout.contains("SP1_SP1_Ankieta.csv"))
        let empty = try runner.schoolpost(["review", "list"])
        #expect(empty.stdout.hasPrefix("Brak"))
    }

    @Test("a bad CSV row names its line and imports nothing")
    func badImport() throws {
        let runner = try prepared()
        let csv = "code,name,short_name,type,emails\nLO1,Liceum,LO1,liceum,lo1@example.org\n"
            + "LO2,Liceum 2,LO2,liceum,nie-adres\n"
        try Data(csv.utf8).write(to: runner.folder.appending(path: "bad.csv"))

        let output = try runner.schoolpost(["schools", "import", "bad.csv"])
        let again = try runner.schoolpost(["schools", "import", "schools.csv"])

        #expect(output.status == 65)
        #expect(output.stderr.contains("line 3"))
        #expect(again.stdout == "added 0, updated 0, unchanged 2\n")
    }

    @Test("the demo tells replies, an auto-reply and a bounce apart")
    func demo() throws {
        let runner = CommandRunner(folder: try CommandRunner.temporaryFolder("demo"))

        let output = try runner.run(CommandRunner.schoolpost.path,
                                    ["demo", "--dir", runner.folder.appending(path: "d").path])
        let second = try runner.run(CommandRunner.schoolpost.path,
                                    ["demo", "--dir", runner.folder.appending(path: "d").path])

        #expect(output.status == 0, "\(output.stderr)")
        #expect(second.status == 0)
        #expect(output.stdout.contains("odpowiedź"))
        #expect(output.stdout.contains("niedoręczone"))
        let sp7 = output.stdout.split(separator: "\n").first { $0.hasPrefix("SP7 ") }
        #expect(sp7?.contains("wysłano") == true)
        #expect(sp7?.contains(" 1 ") == true)
        #expect(output.stdout.contains("odpowiedziało: 8"))
        let exported = try FileManager.default.contentsOfDirectory(
            atPath: runner.folder.appending(path: "d/eksport").path)
        #expect(exported.contains("SP1_SP1_Konopnicka_Ankieta_uczniowie.xlsx"))
    }
}
