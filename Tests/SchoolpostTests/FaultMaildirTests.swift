import Foundation
import MailBridge
import Testing

/// SIGKILL at random moments of `bridge run` on the Maildir transport, while it sends and
/// while it files replies. SCHOOLPOST_FAULT_KILLS sets the number of kills (default 24),
/// SCHOOLPOST_FAULT_SCHOOLS the recipients per dispatch (default 40),
/// SCHOOLPOST_FAULT_SEED the random seed (printed by every run).
@Suite("Faults: SIGKILL on the Maildir transport", .serialized,
       .enabled(if: FaultHarness.hasSQLiteProgram, FaultHarness.noSQLiteProgram))
struct FaultMaildirTests {
    @Test("killed while sending and filing: nothing lost, nothing twice, the file sound")
    func killAtRandom() throws {
        let kills = FaultHarness.environmentInt("SCHOOLPOST_FAULT_KILLS", default: 24)
        let schools = FaultHarness.environmentInt("SCHOOLPOST_FAULT_SCHOOLS", default: 40)
        let seed = FaultHarness.seed()
        print("Faults (Maildir): seed \(seed), kills \(kills), schools \(schools)")
        var harness = FaultHarness(
            runner: CommandRunner(folder: try CommandRunner.temporaryFolder("fault-maildir")),
            random: .init(state: seed))
        let mail = harness.runner.folder.appending(path: "mail")
        try prepare(harness.runner, schools: schools, mail: mail)
        var inbox = Inbox(root: mail.appending(path: "inbox"))
        var tally = FaultHarness.Tally()
        // Each phase of a round takes at most this many kills, so every round kills both.
        let phaseKills = max(2, kills / 6)

        var round = 0
        while round == 0 || tally.kills < kills {
            round += 1
            let id = try queueDispatch(harness.runner, round: round)

            var used = 0
            while try harness.count("SELECT count(*) FROM outbox WHERE state = 'pending'") > 0,
                  used < phaseKills, tally.kills < kills
            {
                try harness.killBridge(after: 0.4)
                used += 1
                tally.kills += 1
                let pending = try harness.count(
                    "SELECT count(*) FROM outbox WHERE state = 'pending'")
                if pending > 0 { tally.killsMidSend += 1 }
                try harness.checkInvariants(outbox: copies(mail), processedIDs: inbox.processed)
            }
            let finished = try harness.runner.schoolpost(["bridge", "run", "--once"])
            #expect(finished.status == 0, "\(finished.stderr)")
            #expect(try harness.count("SELECT count(*) FROM outbox WHERE state != 'accepted'")
                    == 0)

            let sent = copies(mail)
            let ours = sent.firstCopy.filter { $0.key.hasSuffix(" \(id)") }
            #expect(ours.count == schools, "round \(round): \(ours.count) recipients got mail")
            for (index, message) in ours.values.sorted(by: { $0.subject < $1.subject })
                .enumerated()
            {
                let reply = try #require(Self.reply(to: message, round: round, index: index))
                try inbox.deliver(reply.raw, id: reply.id)
                // Every fourth school's mail client sends the same bytes twice.
                if index.isMultiple(of: 4) { try inbox.deliver(reply.raw, id: reply.id) }
            }

            used = 0
            while !inbox.waiting.isEmpty, used < phaseKills, tally.kills < kills {
                try harness.killBridge(after: 0.8)
                used += 1
                tally.kills += 1
                if !inbox.waiting.isEmpty { tally.killsMidIngest += 1 }
                try harness.checkInvariants(outbox: copies(mail), processedIDs: inbox.processed)
            }
            let filed = try harness.runner.schoolpost(["bridge", "run", "--once"])
            #expect(filed.status == 0, "\(filed.stderr)")
            #expect(inbox.waiting.isEmpty)
            try expectRoundComplete(harness, dispatch: id, schools: schools)
            try harness.checkInvariants(outbox: copies(mail), processedIDs: inbox.processed)
        }

        let sent = copies(mail)
        tally.mailsSent = sent.byRecipient.count
        tally.sameIDResends = sent.copies - sent.byRecipient.count
        tally.repliesFiled = try harness.count("SELECT count(*) FROM messages WHERE counted = 1")
        #expect(tally.repliesFiled == round * schools)
        print("Faults (Maildir): \(round) rounds; \(tally)")
    }

    // MARK: - Steps

    func prepare(_ runner: CommandRunner, schools: Int, mail: URL) throws {
        try expectSuccess(runner.schoolpost(["init", "--mailbox", "oswiata@edu.example.org",
                                             "--transport", "maildir:\(mail.path)"]))
        let rows = (1...schools).map {
            "SP\($0),Szkoła Podstawowa nr \($0),SP\($0),szkola-podstawowa,"
                + "sp\($0)@schools.example.net"
        }
        let csv = (["code,name,short_name,type,emails"] + rows).joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: runner.folder.appending(path: "schools.csv"))
        try expectSuccess(runner.schoolpost(["schools", "import", "schools.csv"]))
        try expectSuccess(runner.schoolpost(["people", "add", "anna", "--name", "Anna Nowak",
                                             "--role", "staff"]))
    }

    func queueDispatch(_ runner: CommandRunner, round: Int) throws -> String {
        let created = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Ankieta \(round)",
            "--body", "Prosimy o odpowiedź.", "--to", "type:szkola-podstawowa",
        ])
        try expectSuccess(created)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try expectSuccess(runner.schoolpost(["--as", "anna", "dispatch", "send", id]))
        return id
    }

    func copies(_ mail: URL) -> OutboxCopies {
        OutboxCopies.scan([mail.appending(path: "outbox")]) { _, message in
            message.header("X-Original-To")
        }
    }

    func expectRoundComplete(_ harness: FaultHarness, dispatch: String, schools: Int) throws {
        let scope = "FROM deliveries d WHERE d.dispatch_id = '\(dispatch)'"
        #expect(try harness.count("SELECT count(*) \(scope) AND d.state = 'replied'") == schools)
        #expect(try harness.count("SELECT sum(d.files_filed) \(scope)") == schools)
        let counted = try harness.count(
            """
            SELECT count(*) FROM messages m JOIN deliveries d ON d.id = m.delivery_id
            WHERE d.dispatch_id = '\(dispatch)' AND m.counted = 1
            """)
        #expect(counted == schools, "\(dispatch): \(counted) counted replies")
    }

    // MARK: - Replies

    /// A school's answer with one attachment, to the token address of `message`.
    static func reply(to message: InboundMessage, round: Int, index: Int)
        -> (raw: Data, id: String)?
    {
        guard let replyTo = message.header("Reply-To"), let sent = message.messageID,
              let to = message.header("X-Original-To") ?? message.to.first?.address
        else { return nil }
        let id = "fault-\(round)-\(index)-\(UInt32.random(in: 0...UInt32.max))@schools.example.net"
        let file = Data("szkoła;uczniowie\n\(to);\(100 + index)\n".utf8).base64EncodedString()
        let text = """
            From: \(to)\r
            To: \(replyTo)\r
            Subject: Re: \(message.subject)\r
            Message-ID: <\(id)>\r
            In-Reply-To: <\(sent)>\r
            Date: Mon, 7 Dec 2026 10:00:00 +0100\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            W załączniku odpowiedź.\r
            --b\r
            Content-Type: text/csv; name="odpowiedz.csv"\r
            Content-Disposition: attachment; filename="odpowiedz.csv"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(file)\r
            --b--\r

            """
        return (Data(text.utf8), id)
    }

    /// The Maildir the bridge reads, written the Maildir way (tmp, then rename to new).
    struct Inbox {
        var root: URL
        var sequence = 0
        var idByName: [String: String] = [:]

        mutating func deliver(_ raw: Data, id: String) throws {
            sequence += 1
            let name = String(format: "%010d.fault%06d.example", 1_000_000 + sequence, sequence)
            let temporary = root.appending(path: "tmp").appending(path: name)
            try raw.write(to: temporary)
            guard rename(temporary.path, root.appending(path: "new").appending(path: name).path)
                    == 0
            else { throw FaultHarness.HarnessError(description: "rename into new/ failed") }
            idByName[name] = id
        }

        var waiting: [String] { names("new") }

        /// Message-IDs of the files the bridge moved to `cur/`.
        var processed: Set<String> {
            Set(names("cur").compactMap {
                idByName[String($0.split(separator: ":").first ?? "")]
            })
        }

        func names(_ folder: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(
                atPath: root.appending(path: folder).path)) ?? []).filter { !$0.hasPrefix(".") }
        }
    }

    func expectSuccess(_ output: CommandRunner.Output,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)",
                sourceLocation: sourceLocation)
    }
}
