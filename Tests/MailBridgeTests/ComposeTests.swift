import Foundation
import Testing
@testable import MailBridge

@Suite("Message composer")
struct ComposeTests {
    private let department = MailAddress(name: "Wydział Edukacji", address: "oswiata@example.org")
    private let school = MailAddress(name: "Szkoła Podstawowa nr 12", address: "sp12@example.net")

    private func message(
        subject: String = "Ankieta", body: String = "Dzień dobry.",
        attachments: [OutgoingAttachment] = [], extra: [HeaderField] = []
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: department, to: [school],
            replyTo: MailAddress(name: "Wydział Edukacji", address: "oswiata+k7q2@example.org"),
            subject: subject, messageID: "abc.123@example.org",
            date: Date(timeIntervalSince1970: 1_796_391_680), body: body,
            attachments: attachments, extraHeaders: extra, inReplyTo: nil)
    }

    private func text(_ message: OutgoingMessage) throws -> String {
        let data = try MessageComposer.render(message, timeZone: TimeZone(identifier: "UTC")!)
        #expect(ComposeFixtures.isCRLFOnly(data))
        return String(decoding: data, as: UTF8.self)
    }

    @Test("headers are present and display names are RFC 2047 encoded")
    func headers() throws {
        let raw = try text(message())
        let (fields, _) = ComposeFixtures.split(raw)

        let from = try #require(ComposeFixtures.header("From", in: fields))
        let to = try #require(ComposeFixtures.header("To", in: fields))
        let replyTo = try #require(ComposeFixtures.header("Reply-To", in: fields))

        #expect(ComposeFixtures.header("Date", in: fields) == "Fri, 04 Dec 2026 13:41:20 +0000")
        #expect(from.hasSuffix("<oswiata@example.org>"))
        let fromName = String(from.dropLast("<oswiata@example.org>".count))
        #expect(ComposeFixtures.decodeWords(fromName) == "Wydział Edukacji")
        #expect(to.hasSuffix("<sp12@example.net>"))
        #expect(replyTo.hasSuffix("<oswiata+k7q2@example.org>"))
        #expect(ComposeFixtures.header("Message-ID", in: fields) == "<abc.123@example.org>")
        #expect(ComposeFixtures.header("MIME-Version", in: fields) == "1.0")
        #expect(ComposeFixtures.header("In-Reply-To", in: fields) == nil)
        #expect(ComposeFixtures.header("Content-Type", in: fields) == "text/plain; charset=utf-8")
    }

    @Test("In-Reply-To, References and extra headers are written")
    func threading() throws {
        var reply = message(extra: [HeaderField(name: "Auto-Submitted", value: "auto-generated")])
        reply.inReplyTo = "parent.1@example.net"

        let (fields, _) = ComposeFixtures.split(try text(reply))

        #expect(ComposeFixtures.header("In-Reply-To", in: fields) == "<parent.1@example.net>")
        #expect(ComposeFixtures.header("References", in: fields) == "<parent.1@example.net>")
        #expect(ComposeFixtures.header("Auto-Submitted", in: fields) == "auto-generated")
    }

    @Test("a long Polish subject is folded into valid encoded words")
    func longSubject() throws {
        let subject = "Prośba o uzupełnienie ankiety dotyczącej liczby uczniów i oddziałów "
            + "w roku szkolnym 2026/2027 — termin: piątek, źródło: Wydział Edukacji"
        let raw = try text(message(subject: subject))
        let head = String(raw[..<raw.range(of: "\r\n\r\n")!.lowerBound])

        let lines = head.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 78 })
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject:") })
        let subjectLines = [lines[start]] + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        let words = subjectLines.joined(separator: " ").dropFirst("Subject:".count)
            .split(separator: " ")
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?") })

        let (fields, _) = ComposeFixtures.split(raw)
        let value = try #require(ComposeFixtures.header("Subject", in: fields))
        #expect(ComposeFixtures.decodeWords(value) == subject)
    }

    @Test("a short ASCII subject stays readable")
    func asciiSubject() throws {
        let (fields, _) = ComposeFixtures.split(try text(message(subject: "Survey 2026")))

        #expect(ComposeFixtures.header("Subject", in: fields) == "Survey 2026")
    }

    @Test("a body with a lone dot line, bare LF and a lone CR survives as CRLF")
    func bodyLineEnds() throws {
        let body = "Pierwsza linia\n.\nDruga\rtrzecia\r\nczwarta "
            + String(repeating: "ż", count: 60)
        let raw = try text(message(body: body))
        let (_, encoded) = ComposeFixtures.split(raw)

        let lines = encoded.components(separatedBy: "\r\n")
        #expect(!lines.contains("."))
        #expect(lines.allSatisfy { $0.count <= 76 })
        let decoded = try #require(ComposeFixtures.qpDecode(encoded))
        let expected = "Pierwsza linia\r\n.\r\nDruga\rtrzecia\r\nczwarta "
            + String(repeating: "ż", count: 60) + "\r\n"
        #expect(String(decoding: decoded, as: UTF8.self) == expected)
    }

    @Test("random bodies of CR, LF, dots, spaces and Polish letters round-trip")
    func randomBodies() throws {
        let alphabet: [String] = ["\r", "\n", "\r\n", ".", " ", "\t", "a", "ż", "=", "F", "rom ",
                                  "\u{0}", "😀"]
        var generator = SeededGenerator(seed: 20_261_204)

        for _ in 0..<200 {
            let length = Int.random(in: 0..<300, using: &generator)
            let body = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "" }
                .joined()
            let raw = try text(message(body: body))
            let (_, encoded) = ComposeFixtures.split(raw)
            let decoded = try #require(ComposeFixtures.qpDecode(encoded))

            #expect(encoded.components(separatedBy: "\r\n").allSatisfy {
                $0.count <= 76 && !$0.hasPrefix(".")
            })
            let expected = body.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
            #expect(Array(decoded) == Array(expected.utf8))
        }
    }

    @Test("the Date header follows the given time zone")
    func dateInWarsaw() throws {
        let warsaw = try #require(TimeZone(identifier: "Europe/Warsaw"))
        let data = try MessageComposer.render(message(), timeZone: warsaw)

        let (fields, _) = ComposeFixtures.split(String(decoding: data, as: UTF8.self))
        #expect(ComposeFixtures.header("Date", in: fields) == "Fri, 04 Dec 2026 14:41:20 +0100")
    }

    @Test("an attachment is base64 at 76 columns with RFC 2231 and fallback names")
    func attachment() throws {
        let bytes = Data((0..<3000).map { UInt8($0 % 256) }) + Data("\n.\r\r\n".utf8)
        let file = OutgoingAttachment(
            filename: "Ankieta_żółć_2026.xlsx",
            contentType: MIMEType.forFilename("Ankieta_żółć_2026.xlsx"), data: bytes)
        let raw = try text(message(attachments: [file]))
        let (fields, _) = ComposeFixtures.split(raw)

        let type = try #require(ComposeFixtures.header("Content-Type", in: fields))
        let boundary = try #require(type.components(separatedBy: "boundary=\"").last?
            .dropLast())
        let parts = raw.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)
        #expect(parts.last?.hasPrefix("--") == true)

        let partText = String(decoding: parts[2].utf8.dropFirst(2), as: UTF8.self)
        let (partFields, partBody) = ComposeFixtures.split(partText)
        let disposition = try #require(ComposeFixtures.header("Content-Disposition",
                                                              in: partFields))
        #expect(ComposeFixtures.rfc2231("filename", in: disposition)
            == "Ankieta_żółć_2026.xlsx")
        #expect(disposition.contains("filename=\"Ankieta_zolc_2026.xlsx\""))
        #expect(disposition.contains(
            "filename*=utf-8''Ankieta_%C5%BC%C3%B3%C5%82%C4%87_2026.xlsx"))
        let partType = try #require(ComposeFixtures.header("Content-Type", in: partFields))
        #expect(partType.hasPrefix("application/vnd.openxmlformats-officedocument"
            + ".spreadsheetml.sheet; name=\"=?utf-8?B?"))
        let nameWords = partType.components(separatedBy: "name=\"").last?.dropLast() ?? ""
        #expect(ComposeFixtures.decodeWords(String(nameWords)) == "Ankieta_żółć_2026.xlsx")

        let base64Lines = partBody.trimmingCharacters(in: .whitespacesAndNewlines)
            .components(separatedBy: "\r\n")
        #expect(base64Lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: base64Lines.joined()) == bytes)
    }

    @Test("a long file name is split into RFC 2231 continuations")
    func longFilename() throws {
        let name = "Sprawozdanie_" + String(repeating: "źdźbło_", count: 12) + "końcowe.docx"
        let file = OutgoingAttachment(filename: name, contentType: "application/msword",
                                      data: Data("x".utf8))
        let raw = try text(message(attachments: [file]))

        let head = raw.components(separatedBy: "\r\n")
        #expect(head.allSatisfy { $0.count <= 78 })
        #expect(raw.contains("filename*0*=utf-8''"))
        #expect(raw.contains("filename*1*="))
        let dispositionLine = raw.components(separatedBy: "Content-Disposition:").last ?? ""
        let disposition = ComposeFixtures.split("X:" + dispositionLine).headers.first?.1 ?? ""
        #expect(ComposeFixtures.rfc2231("filename", in: disposition) == name)
    }

    struct Injection: Sendable, CustomTestStringConvertible {
        var label: String
        var apply: @Sendable (inout OutgoingMessage) -> Void
        var testDescription: String { label }
    }

    @Test("CR, LF and NUL in header data are refused", arguments: [
        Injection(label: "subject LF") { $0.subject = "Ankieta\nBcc: victim@example.com" },
        Injection(label: "subject CR") { $0.subject = "Ankieta\rX: y" },
        Injection(label: "display name") { $0.to[0].name = "Szkoła\r\nBcc: x@example.com" },
        Injection(label: "address NUL") { $0.to[0].address = "sp12@example.net\0" },
        Injection(label: "reply-to LF") { $0.replyTo?.address = "a@example.org\nX: y" },
        Injection(label: "message-id") { $0.messageID = "id@example.org\r\nX: y" },
        Injection(label: "in-reply-to") { $0.inReplyTo = "p@example.org\nX: y" },
        Injection(label: "extra value") {
            $0.extraHeaders = [HeaderField(name: "X-Note", value: "a\r\nBcc: b@example.com")]
        },
    ])
    func injection(_ case: Injection) {
        var bad = message()
        `case`.apply(&bad)

        #expect(throws: HeaderInjectionError.self) {
            try MessageComposer.render(bad)
        }
    }

    @Test("malformed addresses and clashing header names are refused")
    func malformed() {
        var noAt = message()
        noAt.to = [MailAddress(address: "sp12.example.net")]
        var spoof = message(extra: [HeaderField(name: "From", value: "boss@example.com")])
        spoof.extraHeaders.append(HeaderField(name: "X-OK", value: "1"))
        var nobody = message()
        nobody.to = []

        #expect(throws: MessageFormatError.self) { try MessageComposer.render(noAt) }
        #expect(throws: MessageFormatError.self) { try MessageComposer.render(spoof) }
        #expect(throws: MessageFormatError.self) { try MessageComposer.render(nobody) }
    }

    @Test("MIME types are guessed from the extension", arguments: [
        ("a.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("b.xls", "application/vnd.ms-excel"),
        ("c.pdf", "application/pdf"),
        ("d.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("e.csv", "text/csv"),
        ("f.JPG", "image/jpeg"),
        ("g.png", "image/png"),
        ("h.zip", "application/zip"),
        ("noext", "application/octet-stream"),
        (".xlsx", "application/octet-stream"),
        ("x.exe", "application/octet-stream"),
    ])
    func mimeTypes(_ filename: String, _ expected: String) {
        #expect(MIMEType.forFilename(filename) == expected)
    }
}

/// A small deterministic generator (SplitMix64) so random cases repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
