import Foundation
import MailBridge
import Reports
import Testing

@Suite("End to end on Dovecot and Postfix", .serialized,
       .enabled(if: MailServers.shouldRun,
                """
                needs dovecot, postfix, s-nail and mutt as root; \
                SCHOOLPOST_REQUIRE_SERVERS=1 fails instead
                """))
struct MailServerEndToEndTests {
    static let schools = (1...12).map { "SP\($0)" }

    /// SP11's only address and one of SP12's two do not exist: Postfix bounces them.
    static var csv: String {
        var lines = ["code,name,short_name,type,emails"]
        for code in schools {
            let user = code.lowercased()
            let emails = switch code {
            case "SP11": "ghost11@schools.example.net"
            case "SP12": "sp12@schools.example.net;ghost12@schools.example.net"
            default: "\(user)@schools.example.net"
            }
            lines.append("\(code),Szkoła Podstawowa nr \(code.dropFirst(2)),\(code),"
                         + "szkola-podstawowa,\"\(emails)\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a dispatch to 12 schools over SMTP; replies from s-nail and mutt filed from IMAP")
    func dispatchAndReplies() throws {
        let servers = try MailServers.start(users: Self.schools.map { $0.lowercased() })
        defer { servers.stop() }
        var runner = CommandRunner(folder: try CommandRunner.temporaryFolder("e2e"))
        runner.environment["SCHOOLPOST_IMAP_PASSWORD"] = servers["MAIL_PASSWORD"]
        let smtp = "smtp://127.0.0.1:\(servers["SMTP_PORT"])"
        let department = servers["DEPARTMENT_ADDRESS"]

        try expectSuccess(runner.schoolpost([
            "init", "--mailbox", department, "--smtp", smtp,
            "--imap", "imap://\(servers["DEPARTMENT_USER"])@127.0.0.1:\(servers["IMAP_PORT"])",
        ]))
        try Data(Self.csv.utf8).write(to: runner.folder.appending(path: "schools.csv"))
        try expectSuccess(runner.schoolpost(["schools", "import", "schools.csv"]))
        try expectSuccess(runner.schoolpost(["people", "add", "anna", "--name", "Anna Nowak",
                                             "--role", "staff"]))
        let template = runner.folder.appending(path: "Ankieta_wzór.xlsx")
        try WorkbookWriter.data([WorkbookSheet(name: "Ankieta", rows: [
            [.string("Liczba uczniów"), .string("Uwagi")],
        ])]).write(to: template)
        let created = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Ankieta: liczba uczniów",
            "--body", "Prosimy o wypełnienie ankiety.", "--attach", template.path,
            "--to", "type:szkola-podstawowa", "--deadline", "2099-12-31",
        ])
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try expectSuccess(runner.schoolpost(["--as", "anna", "dispatch", "send", id]))

        let sent = try runner.schoolpost(["bridge", "run", "--once"])
        try expectSuccess(sent)
        #expect(sent.stdout.hasPrefix("sent 13, refused 0"), "\(sent.stdout)\(sent.stderr)")

        // Each school reads its mail; six answer, each in its own way.
        var answers: [String: Data] = [:]
        for (index, code) in Self.schools.prefix(6).enumerated() {
            let user = code.lowercased()
            let inbox = servers.waitForMail(user: user, count: 1)
            let received = MessageReader.read(try Data(contentsOf: try #require(inbox.first)))
            let replyTo = try #require(received.addresses(inHeader: "Reply-To").first?.address)
            let workbook = runner.folder.appending(path: "ankieta_\(user).xlsx")
            let data = try WorkbookWriter.data([WorkbookSheet(name: "Ankieta", rows: [
                [.string("Liczba uczniów"), .string("Uwagi")],
                [.number(Double(100 + index)), .string("odpowiedź \(code)")],
            ])])
            try data.write(to: workbook)
            answers[code] = data

            let from = "\(user)@schools.example.net"
            switch index {
            case 0, 1, 2:  // a plain reply to the Reply-To address
                try expectSuccess(snail(runner, servers, from: from, to: replyTo,
                                        subject: "Re: \(received.subject)", file: workbook))
            case 3:  // a new message to the plain address, only the subject tag left
                try expectSuccess(snail(runner, servers, from: from, to: department,
                                        subject: "Odp: ankieta [\(id)]", file: workbook))
            default:  // mutt, replying to the token address
                try expectSuccess(mutt(runner, servers, from: from, to: replyTo,
                                       subject: "RE: \(received.subject)", file: workbook))
            }
        }

        // Six replies, and the two bounces Postfix wrote for the ghost addresses: those
        // may have come in time for the first pass already.
        let processedEarly = Self.filed(in: sent.stdout)
        let arrived = servers.waitForMail(user: servers["DEPARTMENT_USER"],
                                          count: 8 - processedEarly)
        #expect(arrived.count == 8 - processedEarly)
        let read = try runner.schoolpost(["bridge", "run", "--once"])
        try expectSuccess(read)
        #expect(processedEarly + Self.filed(in: read.stdout) == 8, "\(sent.stdout)\(read.stdout)")
        #expect(read.stdout.contains("for review 0"), "\(read.stdout)")

        let status = try runner.schoolpost(["report", "status", id, "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["institutions"] as? [[String: Any]])
        let byCode = Dictionary(
            uniqueKeysWithValues: rows.map { ($0["code"] as? String ?? "", $0) })
        for code in Self.schools.prefix(6) {
            #expect(byCode[code]?["state"] as? String == "replied", "\(code)")
            #expect((byCode[code]?["attachments"] as? [String])?.count == 1, "\(code)")
        }
        for code in ["SP7", "SP8", "SP9", "SP10"] {
            #expect(byCode[code]?["state"] as? String == "sent", "\(code)")
        }
        #expect(byCode["SP11"]?["state"] as? String == "failed")
        #expect(byCode["SP11"]?["bounces"] as? [String] == ["ghost11@schools.example.net"])
        #expect(byCode["SP12"]?["state"] as? String == "sent")
        #expect(byCode["SP12"]?["bounces"] as? [String] == ["ghost12@schools.example.net"])
        let totals = try #require(object["totals"] as? [String: Int])
        #expect(totals == ["recipients": 12, "sent": 12, "replied": 6, "failed": 1, "late": 0])

        // The filed files are the schools' bytes, under their filed names.
        let export = runner.folder.appending(path: "export")
        try expectSuccess(runner.schoolpost(["export", id, "--to", export.path]))
        for (code, data) in answers {
            let name = "\(code)_\(code)_Ankieta_liczba_uczniów.xlsx"
            #expect(try Data(contentsOf: export.appending(path: name)) == data, "\(name)")
        }

        // Processed mail left the inbox; a second pass finds nothing new.
        let processed = servers.waitForMail(user: servers["DEPARTMENT_USER"],
                                            folder: "Processed", count: 8, seconds: 5)
        #expect(processed.count == 8)
        let again = try runner.schoolpost(["bridge", "run", "--once"])
        #expect(again.stdout.contains("filed 0, for review 0, duplicates 0"), "\(again.stdout)")
    }

    // MARK: - Clients

    private func snail(
        _ runner: CommandRunner, _ servers: MailServers, from: String, to: String,
        subject: String, file: URL
    ) throws -> CommandRunner.Output {
        try runner.run("/usr/bin/s-nail", [
            "-:/", "-S", "v15-compat", "-S", "mta=smtp://127.0.0.1:\(servers["SMTP_PORT"])",
            "-S", "smtp-auth=none", "-S", "ttycharset=utf-8", "-S", "sendcharsets=utf-8",
            "-r", from, "-s", subject, "-a", file.path, to,
        ], input: Data("Dzień dobry,\nw załączniku ankieta.\n\nPozdrawiam\n".utf8))
    }

    private func mutt(
        _ runner: CommandRunner, _ servers: MailServers, from: String, to: String,
        subject: String, file: URL
    ) throws -> CommandRunner.Output {
        try runner.run("/usr/bin/mutt", [
            "-n", "-F", "/dev/null",
            "-e", "set smtp_url=smtp://127.0.0.1:\(servers["SMTP_PORT"])/",
            "-e", "set from=\(from)", "-e", "set charset=utf-8", "-e", "set send_charset=utf-8",
            "-e", "set use_from=yes", "-e", "set record=",
            // Postfix offers STARTTLS with the test CA's certificate for its mail host name.
            "-e", "set certificate_file=\(servers["CA_FILE"])", "-e", "set ssl_verify_host=no",
            "-s", subject, "-a", file.path, "--", to,
        ], input: Data("W załączeniu ankieta.\n".utf8))
    }

    private func expectSuccess(
        _ output: CommandRunner.Output, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)",
                sourceLocation: sourceLocation)
    }

    /// N in the `filed N,` of `bridge run --once`'s summary.
    static func filed(in summary: String) -> Int {
        guard let range = summary.range(of: #"filed [0-9]+"#, options: .regularExpression)
        else { return 0 }
        return Int(summary[range].dropFirst("filed ".count)) ?? 0
    }
}
