import Foundation
import MailBridge
import Testing

@Suite("Message reader: charsets")
struct MessageCharsetTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var charset: String?
        var bytes: [UInt8]
    }

    static let cases = [
        Case(
            description: "ISO-8859-2", charset: "iso-8859-2",
            bytes: MessageFixtures.latin2Pangram),
        Case(
            description: "Windows-1250", charset: "windows-1250",
            bytes: MessageFixtures.windows1250Pangram),
        Case(
            description: "cp1250 alias", charset: "cp1250",
            bytes: MessageFixtures.windows1250Pangram),
        Case(
            description: "UTF-8 declared as ISO-8859-2", charset: "iso-8859-2",
            bytes: Array(MessageFixtures.pangram.utf8)),
        Case(
            description: "UTF-8 declared as us-ascii", charset: "us-ascii",
            bytes: Array(MessageFixtures.pangram.utf8)),
        Case(
            description: "undeclared Windows-1250", charset: nil,
            bytes: MessageFixtures.windows1250Pangram),
        Case(
            description: "undeclared ISO-8859-2", charset: nil,
            bytes: MessageFixtures.latin2Pangram),
        Case(
            description: "ISO-8859-2 declared as UTF-8", charset: "utf-8",
            bytes: MessageFixtures.latin2Pangram),
    ]

    @Test("8-bit Polish bodies decode", arguments: cases)
    func polishBodies(_ fixture: Case) {
        let contentType = fixture.charset.map { "text/plain; charset=\"\($0)\"" } ?? "text/plain"
        let raw = MessageFixtures.mail(
            """
            From: a@example.org
            Subject: test
            Content-Type: \(contentType)
            Content-Transfer-Encoding: 8bit

            @@
            """, replacing: "@@", with: fixture.bytes)

        let message = MessageReader.read(raw)

        #expect(message.fullText == MessageFixtures.pangram)
    }

    @Test(
        "other charsets iconv knows",
        arguments: [
            ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4] as [UInt8], "Привет"),
            ("iso-8859-15", [0xA4, 0x20, 0xE9], "€ é"),
            ("windows-1252", [0x93, 0x41, 0x94], "“A”"),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "日本"),
        ])
    func otherCharsets(charset: String, bytes: [UInt8], expected: String) {
        let raw = MessageFixtures.mail(
            """
            Subject: test
            Content-Type: text/plain; charset=\(charset)

            @@
            """, replacing: "@@", with: bytes)

        #expect(MessageReader.read(raw).fullText == expected)
    }

    @Test("undecodable bytes are replaced, the rest of the message still reads")
    func brokenBytes() {
        let raw = MessageFixtures.mail(
            """
            Subject: =?utf-8?B?WmHFvMOzxYLEhw==?= =?bogus-charset?Q?x?=
            Content-Type: text/plain; charset=utf-8

            ok @@ ok
            """, replacing: "@@", with: [0xFF, 0xFE, 0x81])

        let message = MessageReader.read(raw)

        #expect(message.subject.hasPrefix("Zażółć"))
        #expect(message.fullText.hasPrefix("ok "))
        #expect(message.fullText.hasSuffix(" ok"))
    }

    @Test("HTML-only bodies become text, entities decoded, quotes marked")
    func htmlOnly() {
        let raw = MessageFixtures.mail(
            """
            Subject: Re: Ankieta
            Content-Type: text/html; charset=iso-8859-2
            Content-Transfer-Encoding: quoted-printable

            <html><head><style>p {color: red}</style></head><body><p>Dzi=EAkujemy &amp; pozd=
            rawiamy</p><blockquote><p>Pytanie</p></blockquote></body></html>
            """)

        let message = MessageReader.read(raw)

        #expect(message.fullText == "Dziękujemy & pozdrawiamy\n\n> Pytanie")
        #expect(message.text == "Dziękujemy & pozdrawiamy")
    }
}
