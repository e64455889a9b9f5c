import Foundation
import Testing

/// SMTP servers that say no: Postfix's smtp-sink answering 421, 4xx or 5xx at RCPT or after
/// the final dot, or hanging up after the dot. Dovecot serves the inbox meanwhile.
/// smtp-sink's own codes are 421 (-Q), 450 (-r) and 500 (-f); the bridge decides by the
/// first digit.
@Suite("Faults: SMTP refusals and deferrals", .serialized,
       .enabled(if: MailServers.shouldRun,
                """
                needs dovecot, postfix and smtp-sink as root; \
                SCHOOLPOST_REQUIRE_SERVERS=1 fails instead
                """),
       .enabled(if: FaultHarness.hasSQLiteProgram, FaultHarness.noSQLiteProgram))
struct FaultSMTPTests {
    struct Case: CustomStringConvertible {
        var options: [String]
        var refused: Bool
        var words: String
        var description: String { options.joined(separator: " ") }
    }

    static let cases = [
        Case(options: ["-Q", "rcpt"], refused: false, words: "421"),
        Case(options: ["-r", "rcpt"], refused: false, words: "450"),
        Case(options: ["-f", "rcpt"], refused: true, words: "500"),
        Case(options: ["-r", "."], refused: false, words: "450"),
        Case(options: ["-f", "."], refused: true, words: "500"),
        Case(options: ["-q", "."], refused: false, words: "curl error"),
    ]

    static let start = "2026-12-07T09:00:00Z"

    @Test("each answer lands in the outbox and the report; deferred mail is retried later")
    func answers() throws {
        let servers = try MailServers.start(users: ["sp1"])
        defer { servers.stop() }

        for item in Self.cases {
            let port = try Self.freePort()
            try expect(servers, sink: port, item.options)
            var runner = try FaultServerTests.prepared(servers, users: ["sp1"], smtpPort: port)
            runner.environment["SCHOOLPOST_NOW"] = Self.start
            let harness = FaultHarness(runner: runner, random: .init(state: 1))
            let id = try FaultServerTests.queueDispatch(runner, round: 1)

            let first = try runner.schoolpost(["bridge", "run", "--once"])
            let row = try harness.query(
                "SELECT state, attempts, last_response, next_attempt_at FROM outbox")
            let state = try Self.reportState(runner, id)

            #expect(first.status == 0, "\(item): \(first.stderr)")
            #expect(row.count == 1)
            let expected = item.refused ? "refused 1, deferred 0" : "refused 0, deferred 1"
            #expect(first.stdout.contains("sent 0, \(expected)"), "\(item): \(first.stdout)")
            #expect(row.first?[0] == (item.refused ? "refused" : "pending"), "\(item): \(row)")
            #expect(row.first?[1] == "1", "\(item): \(row)")
            #expect(row.first?[2].contains(item.words) == true, "\(item): \(row)")
            #expect(state == (item.refused ? "failed" : "queued"), "\(item)")
            if !item.refused { try retry(runner, harness, item, port: port, servers: servers) }
            try harness.checkInvariants(outbox: OutboxCopies(), processedIDs: [],
                                        requireCopies: false)
            print("Faults (SMTP \(item)): \(row.first?[2] ?? "")")
        }
    }

    /// A deferred address: tried again after its back-off, not before; then, with the sink
    /// swapped for one that accepts, sent; past the five-day lifetime it would be refused.
    func retry(_ runner: CommandRunner, _ harness: FaultHarness, _ item: Case, port: Int,
               servers: MailServers) throws {
        var later = runner
        later.environment["SCHOOLPOST_NOW"] = "2026-12-07T09:01:00Z"
        let early = try later.schoolpost(["bridge", "run", "--once"])
        later.environment["SCHOOLPOST_NOW"] = "2026-12-07T09:03:00Z"
        let second = try later.schoolpost(["bridge", "run", "--once"])
        let attempts = try harness.query("SELECT attempts, next_attempt_at FROM outbox")

        #expect(early.stdout.hasPrefix("sent 0, refused 0, deferred 0"),
                "\(item): \(early.stdout)")
        #expect(second.stdout.hasPrefix("sent 0, refused 0, deferred 1"),
                "\(item): \(second.stdout)")
        // 2 minutes after the first try, then 4 after the second.
        #expect(attempts.first?[0] == "2")
        #expect(attempts.first?[1].hasPrefix("2026-12-07T09:07:00") == true, "\(attempts)")

        if item.options == ["-r", "rcpt"] {
            later.environment["SCHOOLPOST_NOW"] = "2026-12-13T09:00:00Z"
            let expired = try later.schoolpost(["bridge", "run", "--once"])
            #expect(expired.stdout.hasPrefix("sent 0, refused 1"), "\(expired.stdout)")
            let words = try harness.query("SELECT last_response FROM outbox").first?[0] ?? ""
            #expect(words.hasPrefix("given up after 3 tries"), "\(words)")
            return
        }

        try stopSink(servers, port: port)
        try expect(servers, sink: port, [])
        later.environment["SCHOOLPOST_NOW"] = "2026-12-07T09:10:00Z"
        let sent = try later.schoolpost(["bridge", "run", "--once"])
        let final = try harness.query("SELECT state, attempts FROM outbox")
        #expect(sent.stdout.hasPrefix("sent 1, refused 0, deferred 0"), "\(item): \(sent.stdout)")
        #expect(final == [["accepted", "3"]], "\(item): \(final)")
    }

    // MARK: - Helpers

    static func reportState(_ runner: CommandRunner, _ id: String) throws -> String? {
        let status = try runner.schoolpost(["report", "status", id, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8))
        let rows = (object as? [String: Any])?["institutions"] as? [[String: Any]]
        return rows?.first?["state"] as? String
    }

    func expect(_ servers: MailServers, sink port: Int, _ options: [String]) throws {
        let output = try CommandRunner(folder: servers.folder).run(
            MailServers.script, ["sink", servers.folder.path, String(port)] + options)
        #expect(output.status == 0, "sink \(options): \(output.stderr)")
    }

    /// Ends the sink this test started on `port`, by the pid the script recorded.
    func stopSink(_ servers: MailServers, port: Int) throws {
        let file = servers.folder.appending(path: "sink-\(port).pid")
        let text = try String(contentsOf: file, encoding: .utf8)
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGTERM)
        try FileManager.default.removeItem(at: file)
        let closed = FaultServerTests.waitFor(seconds: 10) {
            FaultServerTests.portOpen(port) ? nil : true
        }
        #expect(closed == true, "smtp-sink on \(port) did not stop")
    }

    /// A loopback port nobody listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw FaultHarness.HarnessError(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
