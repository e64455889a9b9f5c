import Foundation
import Testing

/// The project's private Dovecot and Postfix (scripts/mailservers.sh) in a throwaway
/// folder, on loopback high ports.
struct MailServers {
    let folder: URL
    let values: [String: String]

    static let requireVariable = "SCHOOLPOST_REQUIRE_SERVERS"

    /// Why the servers cannot run here, or nil.
    static let missingReason: String? = {
        let binaries = ["/usr/sbin/dovecot", "/usr/sbin/postfix", "/usr/bin/s-nail",
                        "/usr/bin/mutt"]
        let absent = binaries.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        if !absent.isEmpty { return "absent: \(absent.joined(separator: ", "))" }
        if geteuid() != 0 { return "the test mail servers need root" }
        return nil
    }()

    /// Run when possible; when SCHOOLPOST_REQUIRE_SERVERS=1, run and fail if impossible.
    static var shouldRun: Bool {
        missingReason == nil || ProcessInfo.processInfo.environment[requireVariable] == "1"
    }

    /// - Throws: when the script fails, with its output.
    static func start(users: [String]) throws -> MailServers {
        if let reason = missingReason {
            throw StartError(description: "test mail servers required but \(reason)")
        }
        let folder = try CommandRunner.temporaryFolder("schoolpost-servers")
        let runner = CommandRunner(folder: folder)
        let output = try runner.run(script, ["start", folder.path, "--users",
                                             users.joined(separator: " ")])
        guard output.status == 0 else {
            _ = try? runner.run(script, ["stop", folder.path])
            throw StartError(description: "mailservers.sh start: \(output.stdout)\(output.stderr)")
        }
        let text = try String(contentsOf: folder.appending(path: "env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            values[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        return MailServers(folder: folder, values: values)
    }

    static var script: String {
        CommandRunner.packageRoot.appending(path: "scripts/mailservers.sh").path
    }

    func stop() {
        _ = try? CommandRunner(folder: folder).run(Self.script, ["stop", folder.path])
    }

    subscript(_ name: String) -> String { values[name] ?? "" }

    /// Files in a user's Maildir folder (`new`, `cur`), waiting up to `seconds` for `count`.
    func waitForMail(user: String, folder: String = "", count: Int, seconds: Double = 30)
        -> [URL]
    {
        let base = URL(fileURLWithPath: self["MAIL_ROOT"]).appending(path: user)
            .appending(path: folder.isEmpty ? "" : ".\(folder)")
        let deadline = Date().addingTimeInterval(seconds)
        var files: [URL] = []
        repeat {
            files = ["new", "cur"].flatMap { sub in
                (try? FileManager.default.contentsOfDirectory(
                    at: base.appending(path: sub), includingPropertiesForKeys: nil)) ?? []
            }
            if files.count >= count { break }
            Thread.sleep(forTimeInterval: 0.2)
        } while Date() < deadline
        return files.sorted { $0.path < $1.path }
    }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }
}
