import Foundation
import MailBridge
import Testing

@Suite("Message reader: hostile input")
struct MessageRobustnessTests {
    /// A small deterministic generator, so a failing input can be reproduced.
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

    static func timed(_ raw: Data) -> (InboundMessage, Duration) {
        let clock = ContinuousClock()
        var message = InboundMessage()
        let elapsed = clock.measure { message = MessageReader.read(raw) }
        return (message, elapsed)
    }

    @Test("empty and tiny inputs give an empty message of kind other")
    func tiny() {
        for text in ["", "\n", "\r\n\r\n", ":", "a", "From:", "Content-Type: multipart/mixed"] {
            let message = MessageReader.read(Data(text.utf8))
            #expect(
                message.kind == .other || message.kind == .autoReply,
                "input \(text.debugDescription)")
            #expect(message.attachments.isEmpty)
        }
    }

    @Test("random bytes and random MIME-looking text never crash")
    func garbage() {
        var generator = SplitMix(state: 2024)
        let pieces =
            "--=?:;<>\"\r\n\t boundary=x Content-Type: multipart/mixed; "
            + "message/rfc822 base64 quoted-printable =?utf-8?B?x?= filename*0*=%"
        let alphabet = Array(pieces.utf8)
        for round in 0..<300 {
            let count = Int.random(in: 0..<4096, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                round.isMultiple(of: 2)
                    ? UInt8.random(in: 0...255, using: &generator)
                    : alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            let message = MessageReader.read(Data(bytes))
            #expect(message.text.utf8.count <= message.fullText.utf8.count + 1)
        }
    }

    @Test("huge headers, many header lines and long folded fields stay quick")
    func hugeHeaders() {
        let longLine = "Subject: " + String(repeating: "=?utf-8?Q?a?= ", count: 100_000) + "\n"
        let manyLines = String(repeating: "X-Filler: value\n", count: 100_000)
        let folded = "To: " + String(repeating: " a@example.org,\n", count: 50_000)
        let local =
            "From: x@example.org\nSubject: Undeliverable\nX-Failed-Recipients: "
            + String(repeating: "a", count: 200_000) + "\n\n"
            + String(repeating: "b", count: 300_000)
        for text in [longLine + "\nbody", manyLines + "\nbody", folded + "\nbody", local] {
            let (message, elapsed) = Self.timed(Data(text.utf8))
            #expect(elapsed < .seconds(20), "took \(elapsed)")
            #expect(message.headers.count >= 1)
        }
    }

    /// `levels` multiparts, each the only part of the one around it.
    static func nestedMultiparts(_ levels: Int) -> String {
        let openings = (0..<levels).reversed().map {
            "Content-Type: multipart/mixed; boundary=\"b\($0)\"\n\n--b\($0)\n"
        }
        let closings = (0..<levels).map { "--b\($0)--\n" }
        return openings.joined() + "Content-Type: text/plain\n\ninnermost\n" + closings.joined()
    }

    @Test(
        "deep nesting of multiparts and attached messages does not exhaust the stack",
        arguments: [300, 3_000, 60_000])
    func deepNesting(levels: Int) {
        let attached =
            String(repeating: "Subject: level\nContent-Type: message/rfc822\n\n", count: levels)
            + "Subject: inner\n\ninnermost\n"
        for text in [Self.nestedMultiparts(levels), attached] {
            let (message, elapsed) = Self.timed(Data(text.utf8))
            #expect(elapsed < .seconds(20), "took \(elapsed)")
            #expect(message.kind == .other)
        }
    }

    @Test("fifty thousand sibling parts are read in reasonable time")
    func manySiblings() {
        let part = "--s\nContent-Type: text/plain\n\nx\n"
        let text =
            "Content-Type: multipart/mixed; boundary=s\n\n"
            + String(repeating: part, count: 50_000) + "--s--\n"

        let (message, elapsed) = Self.timed(Data(text.utf8))

        #expect(elapsed < .seconds(20), "took \(elapsed)")
        #expect(message.fullText.hasPrefix("x\nx\n"))
    }

    @Test("a moderately nested message is still walked to its innermost text")
    func moderateNesting() {
        let message = MessageReader.read(Data(Self.nestedMultiparts(30).utf8))

        #expect(message.fullText == "innermost")
    }

    @Test("binary, NUL bytes and broken encodings in every place")
    func brokenEncodings() {
        let raw = MessageFixtures.mail(
            """
            Subject: =?utf-8?B?@@?= =?x?Q?=ZZ?= =?utf-8?Q?unterminated
            Content-Type: multipart/mixed; boundary="z"

            --z
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: quoted-printable

            abc=
            =ZZ=4
            --z
            Content-Type: application/pdf; name*0*=utf-8''%; name*1*=%Z
            Content-Transfer-Encoding: base64

            @@@@!!!!
            --z
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=''
            Content-Transfer-Encoding: x-uuencode

            begin 644
            @@
            --z
            """, replacing: "@@", with: [0x00, 0xFF, 0x00, 0x80, 0x0D])

        let message = MessageReader.read(raw)

        #expect(message.fullText.hasPrefix("abc"))
        #expect(message.attachments.count == 2)
    }

    @Test("a 20 MB attachment is read in reasonable time")
    func bigAttachment() {
        let line = String(repeating: "QUJD", count: 19) + "\n"
        let body = String(repeating: line, count: 270_000)
        let raw = MessageFixtures.mail(
            """
            Subject: big
            Content-Type: multipart/mixed; boundary="q"

            --q
            Content-Type: application/zip; name="dane.zip"
            Content-Transfer-Encoding: base64

            \(body)
            --q--
            """)

        let (message, elapsed) = Self.timed(raw)

        #expect(message.attachments.first?.data.count == 270_000 * 57)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}
