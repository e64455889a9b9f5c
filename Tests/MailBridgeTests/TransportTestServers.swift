import Foundation
import Testing

/// The private Dovecot and Postfix of scripts/mailservers.sh, started once per test
/// process in a temporary folder and stopped at exit.
struct TestMailServers: Sendable {
    let folder: URL
    let values: [String: String]

    static let schoolUsers = (1...9).map { "sp\($0)" }
    static let requireVariable = "SCHOOLPOST_REQUIRE_SERVERS"

    /// Why the servers cannot run here, or nil when they can.
    static let missingReason: String? = {
        let binaries = ["/usr/sbin/dovecot", "/usr/sbin/postfix", "/usr/sbin/smtp-sink",
                        "/usr/lib/dovecot/lmtp", "/usr/lib/dovecot/imap"]
        let absent = binaries.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        if !absent.isEmpty { return "absent: \(absent.joined(separator: ", "))" }
        if geteuid() != 0 { return "the test mail servers need root" }
        return nil
    }()

    /// True when the server tests should run (or must, and then fail loudly).
    static var shouldRun: Bool {
        missingReason == nil || ProcessInfo.processInfo.environment[requireVariable] == "1"
    }

    static let skipComment: Comment =
        "dovecot/postfix not usable here; set SCHOOLPOST_REQUIRE_SERVERS=1 to fail instead"

    /// Starts the servers on first use.
    static let shared: Result<TestMailServers, ServerStartError> = {
        do throws(ServerStartError) {
            return .success(try start())
        } catch {
            return .failure(error)
        }
    }()

    /// The running servers, or a recorded failure.
    static func running() throws -> TestMailServers {
        try shared.get()
    }

    struct ServerStartError: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: - Lifecycle

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var script: String { packageRoot.appendingPathComponent("scripts/mailservers.sh").path }

    private static func start() throws(ServerStartError) -> TestMailServers {
        if let reason = missingReason {
            throw ServerStartError(description: "test mail servers required but \(reason)")
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolpost-mail-\(UUID().uuidString.prefix(8))")
        let output = run(script, ["start", folder.path, "--users",
                                  schoolUsers.joined(separator: " ")])
        guard output.status == 0 else {
            _ = run(script, ["stop", folder.path])
            throw ServerStartError(description: "mailservers.sh start failed: \(output.text)")
        }
        startedFolder.withLock { $0 = folder.path }
        atexit(stopServersAtExit)

        guard let text = try? String(contentsOf: folder.appendingPathComponent("env"),
                                     encoding: .utf8) else {
            throw ServerStartError(description: "no env file in \(folder.path)")
        }
        return TestMailServers(folder: folder, values: parseEnv(text))
    }

    static func parseEnv(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }

    /// Runs a tool through /bin/sh with posix_spawn and waitpid. (Foundation's Process
    /// on Linux missed the exit of a child here and hung in waitUntilExit.)
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], input: Data? = nil)
        -> (status: Int32, text: String) {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("sp-run-\(UUID().uuidString)")
        let outPath = scratch.path + ".out"
        let inPath = scratch.path + ".in"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: inPath)
        }
        var command = ([tool] + arguments).map(shellQuoted).joined(separator: " ")
        command += " >\(shellQuoted(outPath)) 2>&1"
        if let input {
            _ = FileManager.default.createFile(atPath: inPath, contents: input)
            command += " <\(shellQuoted(inPath))"
        } else {
            command += " </dev/null"
        }

        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else {
            return (-1, "cannot spawn /bin/sh")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : -1, text)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - Values

    func value(_ key: String) -> String { values[key] ?? "" }
    func port(_ key: String) -> UInt16 { UInt16(value(key)) ?? 0 }
    var password: String { value("MAIL_PASSWORD") }
    var caFile: String { value("CA_FILE") }
    var tlsHost: String { value("TLS_HOST") }
    var dovecotConfig: String { value("DOVECOT_CONFIG") }

    /// A fresh unused local port for an smtp-sink.
    func freePort() -> UInt16 {
        for _ in 0..<50 {
            let candidate = UInt16.random(in: 20000...60000)
            if !Self.isListening(candidate) { return candidate }
        }
        return 0
    }

    static func isListening(_ port: UInt16) -> Bool {
        run("/bin/bash", ["-c", "exec 3<>/dev/tcp/127.0.0.1/\(port)"]).status == 0
    }

    /// Starts an smtp-sink with `options` on a fresh port and returns the port.
    func startSink(_ options: [String]) -> UInt16 {
        let port = freePort()
        Self.run(Self.script, ["sink", folder.path, String(port)] + options)
        return port
    }

    /// A secrets file holding the password, mode 0600.
    func secretsFile() throws -> String {
        let path = folder.appendingPathComponent("secret-\(UUID().uuidString.prefix(6))").path
        guard FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ServerStartError(description: "cannot write \(path)")
        }
        return path
    }

    // MARK: - Mailboxes on disk

    /// The message files of `user`'s folder (nil: INBOX), read from the Maildir.
    func messages(of user: String, folder name: String? = nil) -> [String] {
        var base = URL(fileURLWithPath: value("MAIL_ROOT")).appendingPathComponent(user)
        if let name { base = base.appendingPathComponent(".\(name)") }
        var found: [String] = []
        for sub in ["new", "cur"] {
            let dir = base.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() {
                if let data = FileManager.default.contents(
                    atPath: dir.appendingPathComponent(name).path) {
                    found.append(String(decoding: data, as: UTF8.self))
                }
            }
        }
        return found
    }

    /// The Maildir file names of `user`'s INBOX (flags are after ":2,").
    func inboxFileNames(of user: String) -> [String] {
        let base = URL(fileURLWithPath: value("MAIL_ROOT")).appendingPathComponent(user)
        return ["new", "cur"].flatMap { sub in
            (try? FileManager.default.contentsOfDirectory(
                atPath: base.appendingPathComponent(sub).path)) ?? []
        }
    }

    /// Waits up to `seconds` until `user`'s folder holds at least `count` messages.
    func waitForMessages(of user: String, folder name: String? = nil, count: Int,
                         seconds: Double = 10) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var found = messages(of: user, folder: name)
        while found.count < count, Date() < deadline {
            usleep(100_000)
            found = messages(of: user, folder: name)
        }
        return found
    }

    /// Runs doveadm against the private Dovecot.
    @discardableResult
    func doveadm(_ arguments: [String], input: Data? = nil) -> (status: Int32, text: String) {
        Self.run("/usr/bin/doveadm", ["-c", dovecotConfig] + arguments, input: input)
    }

    /// Stores `raw` straight into `user`'s INBOX (no SMTP).
    func save(_ raw: Data, to user: String) -> Int32 {
        doveadm(["save", "-u", user, "-m", "INBOX"], input: raw).status
    }

    /// The number of messages in `user`'s `folder`, as Dovecot counts them.
    func count(of user: String, folder: String) -> Int? {
        let out = doveadm(["-f", "flow", "mailbox", "status", "-u", user, "messages", folder])
        guard out.status == 0, let equals = out.text.firstIndex(of: "=") else { return nil }
        return Int(out.text[out.text.index(after: equals)...]
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A small CRLF message.
    static func message(from: String, to: String, subject: String, body: String) -> Data {
        let lines = ["From: <\(from)>", "To: <\(to)>", "Subject: \(subject)",
                     "Message-ID: <\(UUID().uuidString)@edu.example.org>",
                     "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "",
                     body]
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}

/// The folder the servers run in, for the exit handler.
let startedFolder = LockedValue<String?>(nil)

/// A value behind an NSLock; every access goes through `withLock`.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

private let stopServersAtExit: @convention(c) () -> Void = {
    guard let folder = startedFolder.withLock({ $0 }) else { return }
    TestMailServers.run(TestMailServers.script, ["stop", folder])
    try? FileManager.default.removeItem(atPath: folder)
}
