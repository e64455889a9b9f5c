import Foundation
import Synchronization
import Testing
@testable import MailBridge

@Suite("Protocol traces keep credentials out")
struct TraceRedactionTests {
    @Test("secret-bearing client lines are replaced", arguments: [
        ("AUTH PLAIN AHNwOQBzZWNyZXQ=", false, "AUTH [credentials hidden]"),
        ("a1 LOGIN sp9 secret", false, "a1 LOGIN [credentials hidden]"),
        ("A2 authenticate PLAIN", false, "A2 AUTHENTICATE [credentials hidden]"),
        ("c2VjcmV0", true, "[credentials hidden]"),
        ("MAIL FROM:<a@example.org>", false, "MAIL FROM:<a@example.org>"),
    ])
    func redaction(line: String, afterChallenge: Bool, shown: String) {
        #expect(ProtocolTrace.redact(line, sent: true, afterChallenge: afterChallenge) == shown)
        #expect(ProtocolTrace.redact(line, sent: false) == line)
    }
}

/// Both protocols traced for real, against the private servers, with AUTH and LOGIN.
@Suite("Protocol traces against the private servers", .serialized,
       .enabled(if: TestMailServers.shouldRun, TestMailServers.skipComment))
struct TransportTraceTests {
    @Test("an SMTP AUTH send and an IMAP LOGIN trace their conversation, never the password")
    func traced() throws {
        let servers = try TestMailServers.running()
        let lines = Mutex<[String]>([])
        ProtocolTrace.setSink { line in lines.withLock { $0.append(line) } }
        defer { ProtocolTrace.setSink(nil) }

        let smtp = try SMTPTransport(configuration: SMTPConfiguration(
            endpoint: try ServerEndpoint(
                url: "smtp://sp8@\(servers.tlsHost):\(servers.port("SMTP_PORT"))",
                caFile: servers.caFile, connectAddress: "127.0.0.1"),
            password: .secretsFile(path: try servers.secretsFile()), plaintextOnLoopback: false))
        let raw = TestMailServers.message(from: "sp8@schools.example.net",
                                          to: "sp8@schools.example.net", subject: "trace",
                                          body: "traced")
        let sent = try smtp.send(raw, envelopeFrom: "sp8@schools.example.net",
                                 recipient: "sp8@schools.example.net")
        let imap = try IMAPMailbox(configuration: IMAPConfiguration(
            endpoint: try ServerEndpoint(url: "imap://sp8@127.0.0.1:\(servers.port("IMAP_PORT"))"),
            password: .secretsFile(path: try servers.secretsFile()), timeout: 5))
        _ = try imap.fetchNew(after: nil, limit: 1)

        let trace = lines.withLock { $0 }
        guard case .accepted = sent else {
            Issue.record("expected the traced send to be accepted, got \(sent)")
            return
        }
        #expect(trace.contains { $0.hasPrefix("smtp > AUTH") })
        #expect(trace.contains { $0.hasPrefix("smtp > MAIL FROM") })
        // libetpan sends the whole LOGIN command as private data: it is dropped.
        #expect(trace.contains { $0.hasPrefix("imap > ") && $0.contains("SELECT INBOX") })
        #expect(!trace.contains {
            $0.hasPrefix("imap > ") && $0.contains("LOGIN") && !$0.contains("[credentials hidden]")
        })
        #expect(trace.contains { $0.hasPrefix("imap < ") })
        let password = servers.password
        #expect(!trace.contains { $0.contains(password) })
        let encoded = Data("\0sp8\0\(password)".utf8).base64EncodedString()
        #expect(!trace.contains { $0.contains(encoded) })
    }
}
