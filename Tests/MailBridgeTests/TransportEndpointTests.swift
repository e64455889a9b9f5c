import Foundation
import Testing
@testable import MailBridge

@Suite("Server URLs, secrets and SMTP input checks")
struct TransportEndpointTests {
    struct URLCase: Sendable, CustomStringConvertible {
        var url: String
        var scheme: ServerEndpoint.Scheme
        var host: String
        var port: UInt16
        var user: String?
        var description: String { url }
    }

    @Test("URLs parse into scheme, host, port and user", arguments: [
        URLCase(url: "smtp://relay.edu.example.org", scheme: .smtp,
                host: "relay.edu.example.org", port: 25, user: nil),
        URLCase(url: "smtps://oswiata@smtp.edu.example.org", scheme: .smtps,
                host: "smtp.edu.example.org", port: 465, user: "oswiata"),
        URLCase(url: "imap://oswiata@127.0.0.1:1143/", scheme: .imap, host: "127.0.0.1",
                port: 1143, user: "oswiata"),
        URLCase(url: "IMAPS://biuro%40edu.example.org@imap.edu.example.org", scheme: .imaps,
                host: "imap.edu.example.org", port: 993, user: "biuro@edu.example.org"),
        URLCase(url: "smtp://[::1]:2525", scheme: .smtp, host: "::1", port: 2525, user: nil),
    ])
    func parses(_ example: URLCase) throws {
        let endpoint = try ServerEndpoint(url: example.url)

        #expect(endpoint.scheme == example.scheme)
        #expect(endpoint.host == example.host)
        #expect(endpoint.port == example.port)
        #expect(endpoint.user == example.user)
    }

    @Test("bad URLs are refused, and a password in the URL is never echoed")
    func refusesBadURLs() {
        #expect(throws: ServerEndpoint.ParseError.unsupportedScheme("http")) {
            try ServerEndpoint(url: "http://example.org")
        }
        #expect(throws: ServerEndpoint.ParseError.missingHost) {
            try ServerEndpoint(url: "imap://")
        }
        let error = #expect(throws: ServerEndpoint.ParseError.self) {
            try ServerEndpoint(url: "imap://oswiata:Sekret-99@imap.edu.example.org")
        }
        #expect(error == .passwordInURL)
        #expect(error.map { String(describing: $0) }?.contains("Sekret-99") == false)
    }

    @Test("loopback is judged by the dialled address")
    func loopback() throws {
        let plain = try ServerEndpoint(url: "smtp://127.0.0.1:2525")
        let named = try ServerEndpoint(url: "imaps://imap.edu.example.org",
                                       connectAddress: "127.0.0.1")
        let remote = try ServerEndpoint(url: "smtp://relay.edu.example.org")

        #expect(plain.isLoopback)
        #expect(named.isLoopback)
        #expect(named.description == "imaps://imap.edu.example.org:993")
        #expect(!remote.isLoopback)
    }

    @Test("SMTP needs TLS off loopback unless the relay is local")
    func tlsPolicy() throws {
        let remote = try ServerEndpoint(url: "smtp://relay.edu.example.org:587")
        let local = try ServerEndpoint(url: "smtp://127.0.0.1:25")
        let implicit = try ServerEndpoint(url: "smtps://127.0.0.1:465")

        #expect(SMTPTransport.usesTLS(SMTPConfiguration(endpoint: remote)))
        #expect(!SMTPTransport.usesTLS(SMTPConfiguration(endpoint: remote, localRelay: true)))
        #expect(!SMTPTransport.usesTLS(SMTPConfiguration(endpoint: local)))
        #expect(SMTPTransport.usesTLS(SMTPConfiguration(endpoint: implicit)))
    }

    struct LineEndCase: Sendable, CustomStringConvertible {
        var text: String
        var offset: Int?
        var description: String { text.debugDescription }
    }

    @Test("bare CR or LF is found at its byte offset", arguments: [
        LineEndCase(text: "a\r\nb\r\n", offset: nil),
        LineEndCase(text: "a\nb", offset: 1),
        LineEndCase(text: "a\r\nb\rc", offset: 4),
        LineEndCase(text: "abc\r", offset: 3),
        LineEndCase(text: "\r\n.\r\n..\r\n", offset: nil),
    ])
    func bareLineEndings(_ example: LineEndCase) {
        #expect(SMTPTransport.firstBareLineEnding(in: Data(example.text.utf8)) == example.offset)
    }

    @Test("a secrets file must be private to its owner")
    func secretsFilePermissions() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sp-secret-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("smtp-password").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("Tajne-1\n".utf8),
                                           attributes: [.posixPermissions: 0o644])

        let open = #expect(throws: PasswordSource.ReadError.self) {
            try PasswordSource.secretsFile(path: path).read()
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let value = try PasswordSource.secretsFile(path: path).read()

        #expect(open == .tooOpen(path: path))
        #expect(open.map { String(describing: $0) }?.contains("Tajne-1") == false)
        #expect(value == "Tajne-1")
    }

    @Test("an unset password variable is named, not guessed")
    func unsetVariable() {
        let name = "SCHOOLPOST_TEST_UNSET_\(UUID().uuidString.prefix(6))"

        #expect(throws: PasswordSource.ReadError.variableUnset(name)) {
            try PasswordSource.environment(name).read()
        }
    }

    @Test("curl and IMAP errors describe themselves in one line")
    func oneLineErrors() {
        let curl = CurlError(code: 67, message: "Login denied\nsecond line",
                             context: "sending to smtp://127.0.0.1:25")
        let imap = IMAPError(.login, code: 28, detail: "[AUTHENTICATIONFAILED]\r\nfailed.")

        #expect(curl.description ==
            "curl error 67: Login denied second line — while sending to smtp://127.0.0.1:25")
        #expect(!imap.description.contains("\n"))
        #expect(imap.description.hasPrefix("imap login failed (libetpan 28"))
    }
}
