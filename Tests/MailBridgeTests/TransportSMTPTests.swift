import Foundation
import Testing
@testable import MailBridge

@Suite("SMTP transport against the private Postfix",
       .enabled(if: TestMailServers.shouldRun, TestMailServers.skipComment))
struct TransportSMTPTests {
    let department = "oswiata@edu.example.org"

    private func transport(port: UInt16? = nil) throws -> SMTPTransport {
        let servers = try TestMailServers.running()
        let smtpPort = port ?? servers.port("SMTP_PORT")
        let endpoint = try ServerEndpoint(url: "smtp://127.0.0.1:\(smtpPort)")
        return try SMTPTransport(configuration: SMTPConfiguration(
            endpoint: endpoint, connectTimeout: 3, totalTimeout: 10))
    }

    @Test("a message to an existing user lands in Dovecot, +token kept in Delivered-To")
    func deliversToExistingUser() throws {
        let servers = try TestMailServers.running()
        let raw = TestMailServers.message(from: department, to: "sp1@schools.example.net",
                                          subject: "Ankieta 2026", body: "Prosimy o dane.")

        let outcome = try transport().send(raw, envelopeFrom: department,
                                           recipient: "sp1+req42@schools.example.net")

        guard case let .accepted(response) = outcome else {
            Issue.record("expected accepted, got \(outcome)")
            return
        }
        #expect(response.hasPrefix("250"))
        #expect(response.contains("queued as"))
        let stored = servers.waitForMessages(of: "sp1", count: 1)
        #expect(stored.count == 1)
        #expect(stored.first?.contains("Subject: Ankieta 2026") == true)
        #expect(stored.first?.contains("Delivered-To: sp1+req42@schools.example.net") == true)
    }

    @Test("an unknown user is accepted by Postfix and bounced to the sender's mailbox")
    func unknownUserBounces() throws {
        let servers = try TestMailServers.running()
        let sender = "sp2@schools.example.net"
        let raw = TestMailServers.message(from: sender, to: "nobody7@schools.example.net",
                                          subject: "Do nikogo", body: "Nie dojdzie.")

        let outcome = try transport().send(raw, envelopeFrom: sender,
                                           recipient: "nobody7@schools.example.net")

        guard case .accepted = outcome else {
            Issue.record("expected accepted, got \(outcome)")
            return
        }
        let bounces = servers.waitForMessages(of: "sp2", count: 1)
        #expect(bounces.count == 1)
        let bounce = bounces.first ?? ""
        #expect(bounce.contains("MAILER-DAEMON"))
        #expect(bounce.contains("nobody7@schools.example.net"))
        #expect(bounce.contains("5.1.1"))
        #expect(bounce.contains("Subject: Do nikogo"))
    }

    @Test("a line holding only a dot, and lines starting with dots, arrive whole")
    func dotLinesSurvive() throws {
        let servers = try TestMailServers.running()
        let body = "first line\r\n.\r\nafter the lone dot\r\n..two dots\r\n.x\r\nlast line"
        let raw = TestMailServers.message(from: department, to: "sp3@schools.example.net",
                                          subject: "Kropki", body: body)

        let outcome = try transport().send(raw, envelopeFrom: department,
                                           recipient: "sp3@schools.example.net")

        guard case .accepted = outcome else {
            Issue.record("expected accepted, got \(outcome)")
            return
        }
        let stored = servers.waitForMessages(of: "sp3", count: 1).first ?? ""
        let normalized = stored.replacingOccurrences(of: "\r\n", with: "\n")
        let expected = body.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(normalized.hasSuffix(expected + "\n"))
    }

    @Test("bare LF or CR in the message is refused before any connection")
    func bareLineEndsRefused() throws {
        let transport = try transport(port: 1)
        let lf = Data("Subject: x\r\n\r\nline\n.\nrest\r\n".utf8)
        let cr = Data("Subject: x\r\n\r\nline\r.\r\n".utf8)

        #expect(throws: SMTPTransport.InputError.bareLineEnding(offset: 18)) {
            try transport.send(lf, envelopeFrom: department, recipient: "a@schools.example.net")
        }
        #expect(throws: SMTPTransport.InputError.bareLineEnding(offset: 18)) {
            try transport.send(cr, envelopeFrom: department, recipient: "a@schools.example.net")
        }
    }

    @Test("CR, LF, NUL or angle brackets in an address are refused",
          arguments: ["a@b.example.net\r\nRCPT TO:<x@y>", "a\0@b.example.net",
                      "a@b.example.net>", "", "a@b\n.example.net"])
    func badAddressesRefused(address: String) throws {
        let transport = try transport(port: 1)
        let raw = Data("Subject: x\r\n\r\nbody\r\n".utf8)

        #expect(throws: SMTPTransport.InputError.badAddress(role: "recipient")) {
            try transport.send(raw, envelopeFrom: department, recipient: address)
        }
    }

    struct SinkCase: Sendable, CustomStringConvertible {
        var options: [String]
        var expected: String
        var code: Int?
        var description: String { options.joined(separator: " ") }
    }

    @Test("smtp-sink answers map to refused or deferred", arguments: [
        SinkCase(options: ["-f", "RCPT", "-B", "550 5.1.1 No such user"],
                 expected: "refused", code: 550),
        SinkCase(options: ["-r", "RCPT", "-b", "451 4.3.0 Try later"],
                 expected: "deferred", code: 451),
        SinkCase(options: ["-f", "MAIL"], expected: "refused", code: 500),
        SinkCase(options: ["-r", "."], expected: "deferred", code: 450),
        SinkCase(options: ["-f", "."], expected: "refused", code: 500),
        SinkCase(options: ["-Q", "RCPT"], expected: "deferred", code: 421),
        SinkCase(options: ["-q", "."], expected: "deferred", code: nil),
    ])
    func sinkOutcomes(_ sink: SinkCase) throws {
        let servers = try TestMailServers.running()
        let port = servers.startSink(sink.options)
        let raw = TestMailServers.message(from: department, to: "x@schools.example.net",
                                          subject: "Sink", body: "to the sink")

        let outcome = try transport(port: port).send(raw, envelopeFrom: department,
                                                     recipient: "x@schools.example.net")

        switch (sink.expected, outcome) {
        case let ("refused", .refused(code, response)):
            #expect(code == sink.code)
            #expect(response.hasPrefix(String(code)))
        case let ("deferred", .deferred(code, response)):
            #expect(code == sink.code)
            #expect(!response.isEmpty)
        default:
            let code = sink.code.map { String($0) } ?? "-"
            Issue.record("expected \(sink.expected) \(code), got \(outcome)")
        }
    }

    @Test("a closed port is deferred, with no reply code")
    func closedPortDeferred() throws {
        let servers = try TestMailServers.running()
        let raw = TestMailServers.message(from: department, to: "x@schools.example.net",
                                          subject: "Closed", body: "nobody listens")

        let outcome = try transport(port: servers.freePort()).send(
            raw, envelopeFrom: department, recipient: "x@schools.example.net")

        guard case let .deferred(code, response) = outcome else {
            Issue.record("expected deferred, got \(outcome)")
            return
        }
        #expect(code == nil)
        #expect(response.contains("curl error 7"))
    }

    @Test("AUTH: plaintext refused unless local relay; wrong password hidden; right one sends")
    func authenticationAndPasswordsInErrors() throws {
        let servers = try TestMailServers.running()
        let secret = try servers.secretsFile()
        let wrongVariable = "SCHOOLPOST_TEST_WRONG_SMTP_PASSWORD"
        let wrong = "Wr0ng-\(UUID().uuidString.prefix(8))"
        setenv(wrongVariable, wrong, 1)
        let url = "smtp://sp9@127.0.0.1:\(servers.port("SMTP_PORT"))"
        let endpoint = try ServerEndpoint(url: url)
        let raw = TestMailServers.message(from: "sp9@schools.example.net",
                                          to: "sp8@schools.example.net",
                                          subject: "Auth", body: "after AUTH")
        func relay(_ password: PasswordSource) throws -> SMTPTransport {
            try SMTPTransport(configuration: SMTPConfiguration(
                endpoint: endpoint, password: password, localRelay: true,
                connectTimeout: 3, totalTimeout: 10))
        }

        var thrown: [String] = []
        do {
            _ = try SMTPTransport(configuration: SMTPConfiguration(
                endpoint: endpoint, password: .secretsFile(path: secret)))
        } catch {
            thrown.append(String(describing: error))
        }
        do {
            let outcome = try relay(.environment(wrongVariable)).send(
                raw, envelopeFrom: "sp9@schools.example.net",
                recipient: "sp8@schools.example.net")
            thrown.append("no error but \(outcome)")
        } catch {
            thrown.append(String(describing: error))
        }
        let good = try relay(.secretsFile(path: secret)).send(
            raw, envelopeFrom: "sp9@schools.example.net", recipient: "sp8@schools.example.net")

        #expect(thrown.count == 2)
        #expect(thrown.first?.contains("authentication without TLS") == true)
        #expect(thrown.last?.hasPrefix("curl error 67") == true)
        for text in thrown {
            #expect(!text.contains(servers.password))
            #expect(!text.contains(wrong))
        }
        guard case .accepted = good else {
            Issue.record("expected accepted with the right password, got \(good)")
            return
        }
        #expect(servers.waitForMessages(of: "sp8", count: 1).count == 1)
    }

    struct TLSCase: Sendable, CustomStringConvertible {
        var scheme: String
        var host: String?
        var withCA: Bool
        var accepted: Bool
        var description: String {
            "\(scheme) \(host ?? "right name") \(withCA ? "with CA" : "without CA")"
        }
    }

    @Test("STARTTLS and SMTPS check chain and name; AUTH runs over TLS", arguments: [
        TLSCase(scheme: "smtp", host: nil, withCA: true, accepted: true),
        TLSCase(scheme: "smtps", host: nil, withCA: true, accepted: true),
        TLSCase(scheme: "smtp", host: nil, withCA: false, accepted: false),
        TLSCase(scheme: "smtps", host: "mx.other.example.org", withCA: true, accepted: false),
        TLSCase(scheme: "smtp", host: "127.0.0.1", withCA: true, accepted: false),
    ])
    func tlsChecked(_ example: TLSCase) throws {
        let servers = try TestMailServers.running()
        let port = servers.port(example.scheme == "smtps" ? "SMTPS_PORT" : "SMTP_PORT")
        let host = example.host ?? servers.tlsHost
        let endpoint = try ServerEndpoint(
            url: "\(example.scheme)://sp9@\(host):\(port)",
            caFile: example.withCA ? servers.caFile : nil, connectAddress: "127.0.0.1")
        let transport = try SMTPTransport(configuration: SMTPConfiguration(
            endpoint: endpoint, password: .secretsFile(path: servers.secretsFile()),
            plaintextOnLoopback: false, connectTimeout: 3, totalTimeout: 10))
        let raw = TestMailServers.message(from: "sp9@schools.example.net",
                                          to: department, subject: "TLS \(example)",
                                          body: "over TLS")

        let result = Result { try transport.send(raw, envelopeFrom: "sp9@schools.example.net",
                                                 recipient: department) }

        switch (example.accepted, result) {
        case (true, .success(.accepted)):
            break
        case let (false, .failure(error as CurlError)):
            #expect(error.code == 60, "\(error)")
            #expect(!error.description.contains(servers.password))
        default:
            let wanted = example.accepted ? "accepted" : "curl error 60"
            Issue.record("expected \(wanted), got \(result)")
        }
    }
}
