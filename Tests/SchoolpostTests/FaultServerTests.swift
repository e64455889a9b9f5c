import Foundation
import MailBridge
import Testing

/// Faults against the project's private Postfix and Dovecot: SIGKILL of the bridge while it
/// sends over SMTP and reads over IMAP, SMTP servers answering 421/4xx/550, and the IMAP
/// server stopped and started again. SCHOOLPOST_FAULT_SERVER_KILLS sets the kills
/// (default 10).
@Suite("Faults on Dovecot and Postfix", .serialized,
       .enabled(if: MailServers.shouldRun,
                """
                needs dovecot, postfix and s-nail as root; \
                SCHOOLPOST_REQUIRE_SERVERS=1 fails instead
                """),
       .enabled(if: FaultHarness.hasSQLiteProgram, FaultHarness.noSQLiteProgram))
struct FaultServerTests {
    static let schools = 12

    @Test("killed while sending over SMTP and reading over IMAP: nothing lost or twice")
    func killAtRandom() throws {
        let kills = FaultHarness.environmentInt("SCHOOLPOST_FAULT_SERVER_KILLS", default: 10)
        let seed = FaultHarness.seed()
        print("Faults (servers): seed \(seed), kills \(kills), schools \(Self.schools)")
        let users = (1...Self.schools).map { "sp\($0)" }
        let servers = try MailServers.start(users: users)
        defer { servers.stop() }
        var harness = FaultHarness(
            runner: try Self.prepared(servers, users: users), random: .init(state: seed))
        var tally = FaultHarness.Tally()
        let phaseKills = max(2, kills / 4)
        var replies = 0

        var round = 0
        while round == 0 || tally.kills < kills {
            round += 1
            let id = try Self.queueDispatch(harness.runner, round: round)

            var used = 0
            while try harness.count("SELECT count(*) FROM outbox WHERE state = 'pending'") > 0,
                  used < phaseKills, tally.kills < kills
            {
                try harness.killBridge(after: 0.6)
                used += 1
                tally.kills += 1
                let pending = try harness.count(
                    "SELECT count(*) FROM outbox WHERE state = 'pending'")
                if pending > 0 { tally.killsMidSend += 1 }
                try harness.checkInvariants(outbox: Self.copies(servers, users),
                                            processedIDs: Self.processed(servers),
                                            requireCopies: false)
            }
            let finished = try harness.runner.schoolpost(["bridge", "run", "--once"])
            #expect(finished.status == 0, "\(finished.stderr)")

            // Postfix delivers in its own time: wait until every school has this dispatch.
            let sent = try #require(Self.waitFor(seconds: 30) {
                let copies = Self.copies(servers, users)
                let ours = copies.firstCopy.filter { $0.key.hasSuffix(" \(id)") }
                return ours.count == Self.schools ? ours : nil
            })
            var answered = 0
            for (index, (key, message)) in sent.sorted(by: { $0.key < $1.key }).enumerated() {
                let user = String(key.prefix { $0 != "@" })
                let count = index.isMultiple(of: 3) ? 2 : 1
                for copy in 0..<count {
                    try Self.answer(message, from: user, copy: copy, harness.runner, servers)
                    answered += 1
                }
            }
            replies += answered
            let inbox = servers.waitForMail(user: servers["DEPARTMENT_USER"], count: answered)
            #expect(inbox.count == answered)

            used = 0
            while !Self.inbox(servers).isEmpty, used < phaseKills, tally.kills < kills {
                try harness.killBridge(after: 1.0)
                used += 1
                tally.kills += 1
                if !Self.inbox(servers).isEmpty { tally.killsMidIngest += 1 }
                try harness.checkInvariants(outbox: Self.copies(servers, users),
                                            processedIDs: Self.processed(servers),
                                            requireCopies: false)
            }
            let filed = try harness.runner.schoolpost(["bridge", "run", "--once"])
            #expect(filed.status == 0, "\(filed.stderr)")
            #expect(Self.inbox(servers).isEmpty)
            let counted = try harness.count(
                """
                SELECT count(*) FROM messages m JOIN deliveries d ON d.id = m.delivery_id
                WHERE d.dispatch_id = '\(id)'
                """)
            #expect(counted == answered, "\(id): \(counted) of \(answered) replies in the ledger")
            let replied = try harness.count(
                "SELECT count(*) FROM deliveries WHERE dispatch_id = '\(id)' "
                    + "AND state = 'replied'")
            #expect(replied == Self.schools)
            try harness.checkInvariants(outbox: Self.copies(servers, users),
                                        processedIDs: Self.processed(servers))
        }

        let sent = Self.copies(servers, users)
        tally.mailsSent = sent.byRecipient.count
        tally.sameIDResends = sent.copies - sent.byRecipient.count
        tally.repliesFiled = try harness.count("SELECT count(*) FROM files")
        #expect(tally.repliesFiled == replies)
        print("Faults (servers): \(round) rounds; \(tally)")
    }

    @Test("the IMAP server stopped: the daemon waits it out and files what came meanwhile")
    func imapRestart() throws {
        let servers = try MailServers.start(users: ["sp1"])
        defer { servers.stop() }
        let runner = try Self.prepared(servers, users: ["sp1"])
        let harness = FaultHarness(runner: runner, random: .init(state: 1))
        let id = try Self.queueDispatch(runner, round: 1)
        #expect(try runner.schoolpost(["bridge", "run", "--once"]).status == 0)
        let sent = try #require(servers.waitForMail(user: "sp1", count: 1).first)
        let message = MessageReader.read(try Data(contentsOf: sent))
        let department = servers["DEPARTMENT_USER"]
        let config = servers["DOVECOT_CONFIG"]
        let port = Int(servers["IMAP_PORT"]) ?? 0
        let daemonLog = runner.folder.appending(path: "daemon.err")
        func daemonSays(_ text: String) -> Bool {
            ((try? String(contentsOf: daemonLog, encoding: .utf8)) ?? "").contains(text)
        }
        func processed(_ count: Int) -> Bool {
            servers.waitForMail(user: department, folder: "Processed", count: 0, seconds: 0)
                .count == count
        }

        // Two answers reach the running daemon; then the server goes away under it.
        let daemon = try harness.spawn(["bridge", "run", "--interval", "0.2"], log: "daemon")
        for copy in 0..<2 { try Self.answer(message, from: "sp1", copy: copy, runner, servers) }
        let early = Self.waitFor(seconds: 30) { processed(2) ? true : nil }
        let stopped = try runner.run("/usr/bin/doveadm", ["-c", config, "stop"])
        let closed = Self.waitFor(seconds: 10) { Self.portOpen(port) ? nil : true }
        // Dovecot's imap process serving the daemon lingers after the master stops (about
        // 30 s here) before it says BYE; only then does the daemon find the server gone.
        let noticed = Self.waitFor(seconds: 60) { daemonSays("event=pass-failed") ? true : nil }
        var status: Int32 = 0
        let aliveWhileDown = waitpid(daemon, &status, WNOHANG) == 0

        // Two more while it is down: Postfix holds them until the server is back.
        for copy in 2..<4 { try Self.answer(message, from: "sp1", copy: copy, runner, servers) }
        let started = try runner.run("/usr/sbin/dovecot", ["-c", config])
        let opened = Self.waitFor(seconds: 10) { Self.portOpen(port) ? true : nil }
        try runner.run("/usr/sbin/postqueue", ["-c", servers["POSTFIX_CONFIG_DIR"], "-f"])
        let late = Self.waitFor(seconds: 120) { processed(4) ? true : nil }
        kill(daemon, SIGTERM)
        waitpid(daemon, &status, 0)
        let daemonExit = (status >> 8) & 0xff

        #expect(early == true, "the daemon filed the first two answers")
        #expect(stopped.status == 0 && closed == true, "\(stopped.stdout)\(stopped.stderr)")
        #expect(noticed == true, "the daemon logged the failed pass")
        #expect(aliveWhileDown, "the daemon keeps running while the server is down")
        #expect(started.status == 0 && opened == true, "\(started.stderr)")
        #expect(late == true, "the daemon filed the answers that came while it was down")
        #expect(daemonExit == 0, "TERM stops the daemon cleanly")
        let daemonErr = (try? String(contentsOf: daemonLog, encoding: .utf8)) ?? ""
        #expect(!daemonErr.contains(servers["MAIL_PASSWORD"]))
        #expect(!daemonErr.split(separator: "\n").contains { $0.hasPrefix("schoolpost: ") })
        #expect(try harness.count("SELECT count(*) FROM files") == 4)
        #expect(try harness.count(
            "SELECT count(*) FROM deliveries WHERE dispatch_id = '\(id)' AND state = 'replied'")
                == 1)
        #expect(Self.inbox(servers).isEmpty)
        try harness.checkInvariants(outbox: Self.copies(servers, ["sp1"]),
                                    processedIDs: Self.processed(servers))

        // `--once` with the server down: one error line and exit 69 or 75.
        _ = try runner.run("/usr/bin/doveadm", ["-c", config, "stop"])
        _ = Self.waitFor(seconds: 10) { Self.portOpen(port) ? nil : true }
        let down = try runner.schoolpost(["bridge", "run", "--once"])
        let errorLines = down.stderr.split(separator: "\n").filter { $0.hasPrefix("schoolpost: ") }
        #expect([69, 75].contains(down.status), "\(down.stderr)")
        #expect(errorLines.count == 1, "\(down.stderr)")
        #expect(!down.stderr.contains(servers["MAIL_PASSWORD"]))
        print("Faults (IMAP restart): daemon rode it out; once exit \(down.status): "
              + (errorLines.first.map(String.init) ?? ""))
    }

    // MARK: - Set-up

    /// A ledger sending through Postfix (or the server on `smtpPort`), reading Dovecot.
    static func prepared(_ servers: MailServers, users: [String], smtpPort: Int? = nil)
        throws -> CommandRunner
    {
        var runner = CommandRunner(folder: try CommandRunner.temporaryFolder("fault-servers"))
        runner.environment["SCHOOLPOST_IMAP_PASSWORD"] = servers["MAIL_PASSWORD"]
        try expect(runner.schoolpost([
            "init", "--mailbox", servers["DEPARTMENT_ADDRESS"],
            "--smtp", "smtp://127.0.0.1:\(smtpPort.map(String.init) ?? servers["SMTP_PORT"])",
            "--imap", "imap://\(servers["DEPARTMENT_USER"])@127.0.0.1:\(servers["IMAP_PORT"])",
        ]))
        let rows = users.map {
            "\($0.uppercased()),Szkoła \($0),\($0.uppercased()),szkola-podstawowa,"
                + "\($0)@\(servers["SCHOOL_DOMAIN"])"
        }
        let csv = (["code,name,short_name,type,emails"] + rows).joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: runner.folder.appending(path: "schools.csv"))
        try expect(runner.schoolpost(["schools", "import", "schools.csv"]))
        try expect(runner.schoolpost(["people", "add", "anna", "--name", "Anna Nowak",
                                      "--role", "staff"]))
        return runner
    }

    static func queueDispatch(_ runner: CommandRunner, round: Int) throws -> String {
        let created = try runner.schoolpost([
            "--as", "anna", "dispatch", "create", "--subject", "Ankieta \(round)",
            "--body", "Prosimy o odpowiedź.", "--to", "type:szkola-podstawowa",
        ])
        try expect(created)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try expect(runner.schoolpost(["--as", "anna", "dispatch", "send", id]))
        return id
    }

    /// One answer from `user` with its own small file, through Postfix with s-nail.
    static func answer(_ message: InboundMessage, from user: String, copy: Int,
                       _ runner: CommandRunner, _ servers: MailServers) throws {
        let replyTo = try #require(message.header("Reply-To"))
        let address = replyTo.split(separator: "<").last.map { String($0.prefix { $0 != ">" }) }
            ?? replyTo
        let file = runner.folder.appending(path: "odpowiedz_\(user)_\(copy).csv")
        try Data("szkoła;uczniowie\n\(user);\(copy)\n\(message.subject)\n".utf8).write(to: file)
        try expect(runner.run("/usr/bin/s-nail", [
            "-:/", "-S", "v15-compat", "-S", "mta=smtp://127.0.0.1:\(servers["SMTP_PORT"])",
            "-S", "smtp-auth=none", "-S", "ttycharset=utf-8", "-S", "sendcharsets=utf-8",
            "-r", "\(user)@\(servers["SCHOOL_DOMAIN"])", "-s", "Re: \(message.subject)",
            "-a", file.path, address,
        ], input: Data("W załączniku odpowiedź \(copy).\n".utf8)))
    }

    // MARK: - Looking at the servers

    /// Our mail as it reached the schools' Maildirs on the server.
    static func copies(_ servers: MailServers, _ users: [String]) -> OutboxCopies {
        let root = URL(fileURLWithPath: servers["MAIL_ROOT"])
        let folders = users.flatMap { user in
            ["new", "cur"].map { root.appending(path: user).appending(path: $0) }
        }
        return OutboxCopies.scan(folders) { file, _ in
            let user = file.deletingLastPathComponent().deletingLastPathComponent()
                .lastPathComponent
            return "\(user)@\(servers["SCHOOL_DOMAIN"])"
        }
    }

    /// Message-IDs of the mail the bridge moved to the processed folder.
    static func processed(_ servers: MailServers) -> Set<String> {
        let files = servers.waitForMail(user: servers["DEPARTMENT_USER"], folder: "Processed",
                                        count: 0, seconds: 0)
        return Set(files.compactMap { try? Data(contentsOf: $0) }
            .compactMap { MessageReader.read($0).messageID })
    }

    static func inbox(_ servers: MailServers) -> [URL] {
        servers.waitForMail(user: servers["DEPARTMENT_USER"], count: 0, seconds: 0)
    }

    // MARK: - Helpers

    static func waitFor<T>(seconds: Double, _ probe: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let value = probe() { return value }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return probe()
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    static func portOpen(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func expect(_ output: CommandRunner.Output,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)",
                sourceLocation: sourceLocation)
    }
}
