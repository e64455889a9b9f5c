import Foundation
import Testing
@testable import MailBridge

@Suite("IMAP mailbox against the private Dovecot",
       .enabled(if: TestMailServers.shouldRun, TestMailServers.skipComment))
struct TransportIMAPTests {
    private func mailbox(
        _ user: String, scheme: String = "imap", host: String = "127.0.0.1",
        caFile: String? = nil, strategy: IMAPConfiguration.MoveStrategy = .automatic,
        plaintextOnLoopback: Bool = true, password: PasswordSource? = nil
    ) throws -> IMAPMailbox {
        let servers = try TestMailServers.running()
        let port = servers.port(scheme == "imaps" ? "IMAPS_PORT" : "IMAP_PORT")
        let endpoint = try ServerEndpoint(url: "\(scheme)://\(user)@\(host):\(port)",
                                          caFile: caFile, connectAddress: "127.0.0.1")
        let source = try password ?? .secretsFile(path: servers.secretsFile())
        return try IMAPMailbox(configuration: IMAPConfiguration(
            endpoint: endpoint, password: source, timeout: 5, moveStrategy: strategy,
            plaintextOnLoopback: plaintextOnLoopback))
    }

    private func seed(_ user: String, subjects: [String]) throws {
        let servers = try TestMailServers.running()
        for subject in subjects {
            let raw = TestMailServers.message(
                from: "\(user)@schools.example.net", to: "oswiata@edu.example.org",
                subject: subject, body: "Odpowiedź: \(subject)")
            try #require(servers.save(raw, to: user) == 0, "doveadm save failed")
        }
    }

    private func subjects(_ messages: [FetchedMessage]) -> [String] {
        messages.map { message in
            let text = String(decoding: message.raw, as: UTF8.self)
            let line = text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }
            return line.map { String($0.dropFirst("Subject: ".count)) } ?? "?"
        }
    }

    private func uid(_ message: FetchedMessage?) -> UInt32 {
        guard case let .imap(_, uid)? = message?.location else { return 0 }
        return uid
    }

    @Test("fetch after a UID returns only newer messages, unflagged; moved ones leave INBOX")
    func fetchAndMove() throws {
        let servers = try TestMailServers.running()
        try seed("sp4", subjects: ["r1", "r2", "r3"])
        let inbox = try mailbox("sp4")

        let all = try inbox.fetchNew(after: nil, limit: 10)
        let validity = try #require(inbox.currentUIDValidity)
        let afterSecond = try inbox.fetchNew(after: (validity, uid(all.dropFirst().first)),
                                             limit: 10)
        let afterLast = try inbox.fetchNew(after: (validity, uid(all.last)), limit: 10)
        let limited = try inbox.fetchNew(after: nil, limit: 2)
        let flags = servers.inboxFileNames(of: "sp4").compactMap { $0.split(separator: ",")
            .last }.joined()

        #expect(subjects(all) == ["r1", "r2", "r3"])
        #expect(all.map { uid($0) } == all.map { uid($0) }.sorted())
        #expect(subjects(afterSecond) == ["r3"])
        #expect(afterLast.isEmpty, "n:* above the highest UID must not return it again")
        #expect(subjects(limited) == ["r1", "r2"])
        #expect(!flags.contains("S"), "reading must not set \\Seen")
        #expect(all.first.map { String(decoding: $0.raw, as: UTF8.self) }?
            .contains("\r\n\r\nOdpowied") == true)

        for message in all.prefix(2) { try inbox.markProcessed(message.location) }
        let remaining = try inbox.fetchNew(after: nil, limit: 10)

        #expect(subjects(remaining) == ["r3"])
        #expect(servers.count(of: "sp4", folder: "Processed") == 2)
        #expect(servers.count(of: "sp4", folder: "INBOX") == 1)
    }

    @Test("copy-and-expunge moves too, and an existing Processed folder is reused")
    func copyAndExpunge() throws {
        let servers = try TestMailServers.running()
        try seed("sp5", subjects: ["c1", "c2"])
        #expect(servers.doveadm(["mailbox", "create", "-u", "sp5", "Processed"]).status == 0)
        let inbox = try mailbox("sp5", strategy: .copyAndExpunge)

        let fetched = try inbox.fetchNew(after: nil, limit: 10)
        for message in fetched { try inbox.markProcessed(message.location) }

        #expect(subjects(fetched) == ["c1", "c2"])
        #expect(servers.count(of: "sp5", folder: "Processed") == 2)
        #expect(servers.count(of: "sp5", folder: "INBOX") == 0)
        #expect(try inbox.fetchNew(after: nil, limit: 10).isEmpty)
    }

    @Test("a new UIDVALIDITY makes every message new and refuses stale locations")
    func uidValidityChange() throws {
        let servers = try TestMailServers.running()
        try seed("sp7", subjects: ["v1", "v2"])
        let inbox = try mailbox("sp7")
        let before = try inbox.fetchNew(after: nil, limit: 10)
        let oldValidity = try #require(inbox.currentUIDValidity)
        inbox.close()

        let newValidity = oldValidity &+ 1000
        let update = servers.doveadm(["mailbox", "update", "-u", "sp7", "--uid-validity",
                                      String(newValidity), "INBOX"])
        try #require(update.status == 0, "doveadm: \(update.text)")
        let again = try inbox.fetchNew(after: (oldValidity, uid(before.last)), limit: 10)

        #expect(inbox.currentUIDValidity == newValidity)
        #expect(subjects(again) == ["v1", "v2"])
        let stale = try #require(before.first?.location)
        let error = #expect(throws: IMAPError.self) { try inbox.markProcessed(stale) }
        #expect(error?.step == .uidValidity)
    }

    @Test("a dropped connection is re-opened once, transparently")
    func reconnectAfterKick() throws {
        let servers = try TestMailServers.running()
        try seed("sp6", subjects: ["k1"])
        let inbox = try mailbox("sp6")
        let first = try inbox.fetchNew(after: nil, limit: 10)

        let kick = servers.doveadm(["kick", "sp6"])
        try seed("sp6", subjects: ["k2"])
        let validity = try #require(inbox.currentUIDValidity)
        let second = try inbox.fetchNew(after: (validity, uid(first.last)), limit: 10)

        #expect(kick.status == 0, "doveadm kick: \(kick.text)")
        #expect(subjects(first) == ["k1"])
        #expect(subjects(second) == ["k2"])
    }

    @Test("a wrong password fails login without showing the password")
    func wrongPassword() throws {
        let variable = "SCHOOLPOST_TEST_WRONG_IMAP_PASSWORD"
        let wrong = "Bad-\(UUID().uuidString.prefix(10))"
        setenv(variable, wrong, 1)
        let servers = try TestMailServers.running()
        let inbox = try mailbox("sp6", password: .environment(variable))

        let error = #expect(throws: IMAPError.self) { try inbox.open() }

        #expect(error?.step == .login)
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("imap login failed"))
        #expect(!text.contains(wrong))
        #expect(!text.contains(servers.password))
    }

    // MARK: - TLS

    @Test("IMAPS with the test CA and the right host name is accepted")
    func tlsAccepted() throws {
        let servers = try TestMailServers.running()
        let inbox = try mailbox("oswiata", scheme: "imaps", host: servers.tlsHost,
                                caFile: servers.caFile)

        try inbox.open()
        _ = try inbox.fetchNew(after: nil, limit: 1)

        #expect(inbox.currentUIDValidity != nil)
    }

    @Test("IMAPS without the CA file is refused (system trust store)")
    func tlsRefusedWithoutCA() throws {
        let servers = try TestMailServers.running()
        let inbox = try mailbox("oswiata", scheme: "imaps", host: servers.tlsHost)

        let error = #expect(throws: IMAPError.self) { try inbox.open() }

        let text = error.map { String(describing: $0) } ?? ""
        #expect(error?.step == .certificate)
        #expect(text.lowercased().contains("issuer is unknown"), "\(text)")
    }

    @Test("IMAPS with the CA file but another host name is refused",
          arguments: ["imap.other.example.org", "127.0.0.1"])
    func tlsRefusedForWrongName(host: String) throws {
        let servers = try TestMailServers.running()
        let inbox = try mailbox("oswiata", scheme: "imaps", host: host, caFile: servers.caFile)

        let error = #expect(throws: IMAPError.self) { try inbox.open() }

        #expect(error?.step == .certificate)
        #expect(error.map { String(describing: $0) }?.contains("does not match") == true)
    }

    @Test("STARTTLS is verified the same way: wrong name refused, right name accepted")
    func startTLSVerified() throws {
        let servers = try TestMailServers.running()
        let wrong = try mailbox("oswiata", host: "imap.other.example.org",
                                caFile: servers.caFile, plaintextOnLoopback: false)
        let right = try mailbox("oswiata", host: servers.tlsHost, caFile: servers.caFile,
                                plaintextOnLoopback: false)

        let error = #expect(throws: IMAPError.self) { try wrong.open() }
        try right.open()

        #expect(error?.step == .certificate)
        #expect(try right.fetchNew(after: nil, limit: 1).count <= 1)
    }
}
