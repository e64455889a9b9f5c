import Foundation
import MailBridge
import Testing

/// Shared machinery of the fault-injection tests: a bridge process that can be killed,
/// the ledger read through the sqlite3 program, the outbox and inbox as files, and the
/// invariants the ledger promises after any crash.
struct FaultHarness {
    var runner: CommandRunner
    var random: SplitMix

    /// A small seeded generator: the seed is printed, so a failing run can be repeated
    /// with SCHOOLPOST_FAULT_SEED.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// What the kills did, for the report line each test prints.
    struct Tally: CustomStringConvertible {
        var kills = 0
        var killsMidSend = 0
        var killsMidIngest = 0
        var sameIDResends = 0
        var repliesFiled = 0
        var mailsSent = 0
        var description: String {
            "kills \(kills) (mid-send \(killsMidSend), mid-ingest \(killsMidIngest)); "
                + "mails sent \(mailsSent), same-ID re-sends \(sameIDResends); "
                + "replies filed \(repliesFiled)"
        }
    }

    /// The fault tests read the ledger with the sqlite3 program (Debian package sqlite3),
    /// from outside the bridge under test.
    static let hasSQLiteProgram = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
    static let noSQLiteProgram: Comment = "needs the sqlite3 program (Debian package sqlite3)"

    static func environmentInt(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? value
    }

    static func seed() -> UInt64 {
        ProcessInfo.processInfo.environment["SCHOOLPOST_FAULT_SEED"].flatMap { UInt64($0) }
            ?? UInt64(Date().timeIntervalSince1970 * 1000)
    }

    var ledgerPath: String { runner.folder.appending(path: "schoolpost.db").path }

    // MARK: - The killable bridge

    /// Starts `schoolpost ARGS` in the background with its output in files of the folder.
    func spawn(_ arguments: [String], log name: String) throws -> pid_t {
        let words = [CommandRunner.schoolpost.path, "--ledger", ledgerPath] + arguments
        let out = runner.folder.appending(path: "\(name).out").path
        let err = runner.folder.appending(path: "\(name).err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_APPEND, 0o600)

        let variables = ProcessInfo.processInfo.environment.merging(runner.environment) { $1 }
        let argv = words.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = CommandRunner.withDefaultSignals {
            posix_spawn(&pid, words[0], &actions, $0, argv, envp)
        }
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        return pid
    }

    /// Runs `bridge run --interval 0.2` for a random time up to `longest` seconds, then
    /// kills it with SIGKILL. Returns whether the kill (and not an exit) ended it.
    @discardableResult
    mutating func killBridge(after longest: Double, log: String = "bridge") throws -> Bool {
        let pid = try spawn(["bridge", "run", "--interval", "0.2"], log: log)
        Thread.sleep(forTimeInterval: Double.random(in: 0.02...longest, using: &random))
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return status & 0x7f == SIGKILL
    }

    // MARK: - The ledger

    /// Rows of `sql`, fields split on `|`, through the sqlite3 program.
    func query(_ sql: String) throws -> [[String]] {
        let output = try runner.run("/usr/bin/sqlite3", ["-batch", "-noheader", ledgerPath, sql])
        guard output.status == 0 else {
            throw HarnessError(description: "sqlite3 \(sql): \(output.stderr)")
        }
        return output.stdout.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func count(_ sql: String) throws -> Int {
        try query(sql).first.flatMap { $0.first }.flatMap { Int($0) } ?? -1
    }

    // MARK: - Invariants

    /// What must hold after any crash: the file is sound, nothing sent under two ids,
    /// nothing accepted without a copy at the server, nothing filed twice, nothing moved
    /// out of the inbox without being in the ledger, every stored digest in the store.
    /// `requireCopies` is off while a server may still hold accepted mail in its queue.
    func checkInvariants(outbox: OutboxCopies, processedIDs: Set<String>,
                         requireCopies: Bool = true,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try query("PRAGMA integrity_check") == [["ok"]], sourceLocation: sourceLocation)
        #expect(try query("PRAGMA foreign_key_check").isEmpty, sourceLocation: sourceLocation)

        let twoIDs = outbox.byRecipient.filter { $0.value.count > 1 }
        #expect(twoIDs.isEmpty, "sent under two Message-IDs: \(twoIDs)",
                sourceLocation: sourceLocation)
        let known = Set(try query("SELECT message_id FROM sent_messages").map { $0[0] })
        let strangers = Set(outbox.byRecipient.values.flatMap { $0 }).subtracting(known)
        #expect(strangers.isEmpty, "sent ids unknown to the ledger: \(strangers)",
                sourceLocation: sourceLocation)
        let accepted = try query(
            """
            SELECT o.message_id, o.address, d.dispatch_id FROM outbox o
            JOIN deliveries d ON d.id = o.delivery_id WHERE o.state = 'accepted'
            """)
        let lost = !requireCopies ? [] : accepted.filter { row in
            outbox.byRecipient[OutboxCopies.key(row[1], row[2])]?.contains(row[0]) != true
        }
        #expect(lost.isEmpty, "accepted but no copy sent: \(lost)",
                sourceLocation: sourceLocation)

        let messages = try query(
            "SELECT count(*), count(DISTINCT raw_sha256), count(DISTINCT header_message_id) "
                + "FROM messages")
        #expect(messages.first.map { Set($0).count } == 1, "duplicate messages: \(messages)",
                sourceLocation: sourceLocation)
        let stored = Set(try query("SELECT header_message_id FROM messages").map { $0[0] })
        let movedButMissing = processedIDs.filter {
            !stored.contains($0) && !stored.contains("<\($0)>")
        }
        #expect(movedButMissing.isEmpty, "processed but not in the ledger: \(movedButMissing)",
                sourceLocation: sourceLocation)
        let badCounts = try query(
            """
            SELECT d.id, d.files_filed, (SELECT count(*) FROM files f WHERE f.delivery_id = d.id)
            FROM deliveries d
            WHERE d.files_filed != (SELECT count(*) FROM files f WHERE f.delivery_id = d.id)
            """)
        #expect(badCounts.isEmpty, "files_filed disagrees with files: \(badCounts)",
                sourceLocation: sourceLocation)
        let doubleFiled = try query(
            "SELECT message_id, count(*) FROM files GROUP BY message_id HAVING count(*) > 1")
        #expect(doubleFiled.isEmpty, "a one-attachment reply filed twice: \(doubleFiled)",
                sourceLocation: sourceLocation)

        let digests = try query(
            "SELECT raw_sha256 FROM messages UNION SELECT sha256 FROM files "
                + "UNION SELECT raw_sha256 FROM sent_messages")
        let store = URL(fileURLWithPath: ledgerPath + ".store")
        let absent = digests.map { $0[0] }.filter { digest in
            !FileManager.default.fileExists(
                atPath: store.appending(path: String(digest.prefix(2)))
                    .appending(path: digest).path)
        }
        #expect(absent.isEmpty, "digests without a blob: \(absent)",
                sourceLocation: sourceLocation)
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
    }
}

/// The copies of our mail that reached the other side, as files: the Maildir transport's
/// outbox, or the schools' Maildirs on the test server.
struct OutboxCopies {
    /// Message-IDs per "address dispatch" key, the dispatch read from the subject tag (not
    /// from the Message-ID, which is what is being checked).
    var byRecipient: [String: Set<String>] = [:]
    /// Every copy found, same-ID repeats included.
    var copies = 0
    /// One copy per key: the first file seen, for answering.
    var firstCopy: [String: InboundMessage] = [:]

    static func key(_ address: String, _ dispatch: String) -> String {
        "\(address.lowercased()) \(dispatch)"
    }

    /// Reads every message file under `folders` (dot files, which are half-written
    /// temporary files, are skipped). `recipient` names the addressee of a file.
    static func scan(_ folders: [URL], recipient: (URL, InboundMessage) -> String?)
        -> OutboxCopies
    {
        var result = OutboxCopies()
        let files = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard let raw = try? Data(contentsOf: file) else { continue }
            let message = MessageReader.read(raw)
            guard let id = message.messageID, let address = recipient(file, message),
                  let dispatch = ReplyMatcher.subjectTag(in: message.subject)
            else { continue }
            let key = Self.key(address, dispatch)
            result.copies += 1
            result.byRecipient[key, default: []].insert(id)
            if result.firstCopy[key] == nil { result.firstCopy[key] = message }
        }
        return result
    }
}
