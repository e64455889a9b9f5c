import Foundation
import MailBridge
import Testing

@Suite("Message reader: attachments")
struct MessageAttachmentTests {
    @Test("RFC 2231 names (UTF-8, ISO-8859-2 continuations) and RFC 2047 in Content-Disposition")
    func polishNames() {
        let raw = MessageFixtures.mail(MessageFixtures.polishAttachments, crlf: true)

        let files = MessageReader.read(raw).attachments

        #expect(
            files.map(\.filename) == [
                "Ankieta_żółć.xlsx", "Sprawozdanie_żółć.pdf",
                "Notatka_dyrektora_łódź.txt",
            ])
        #expect(files.map(\.data.count) == [4, 5, 3])
        #expect(
            files.first?.contentType
                == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    @Test("a raw 8-bit Windows-1250 file name falls back to the Polish code page")
    func raw8bitName() {
        let raw = MessageFixtures.mail(
            """
            Subject: plik
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: application/pdf; name="@@.pdf"
            Content-Disposition: attachment; filename="@@.pdf"

            %PDF
            --x--
            """, replacing: "@@", with: [0x9C, 0x6C, 0xB9, 0x73, 0x6B, 0x69])

        #expect(MessageReader.read(raw).attachments.map(\.filename) == ["śląski.pdf"])
    }

    @Test("cid-referenced images are body; named inline parts and unreferenced images are files")
    func inlineParts() {
        let raw = MessageFixtures.mail(
            """
            Subject: logo
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>Treść</p><img src="cid:logo@sp5.example.org">
            --rel
            Content-Type: image/png
            Content-ID: <logo@sp5.example.org>
            Content-Disposition: inline; filename="logo.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --rel
            Content-Type: image/jpeg; name="zdjecie.jpg"
            Content-ID: <photo@sp5.example.org>
            Content-Disposition: inline; filename="zdjecie.jpg"
            Content-Transfer-Encoding: base64

            /9j/4AAQ
            --rel--
            """)

        let message = MessageReader.read(raw)

        #expect(message.attachments.map(\.filename) == ["zdjecie.jpg"])
        #expect(message.fullText == "Treść")
    }

    @Test("attached messages are named after their Subject, files inside them listed too")
    func attachedMessages() {
        let inner = """
            From: a@example.org
            Subject: Protokół
            Content-Type: multipart/mixed; boundary="in"

            --in
            Content-Type: text/plain

            wewnątrz
            --in
            Content-Type: application/pdf; name="protokol.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQ=
            --in--
            """
        let raw = MessageFixtures.mail(
            """
            Subject: Fwd: dwa
            Content-Type: multipart/mixed; boundary="out"

            --out
            Content-Type: text/plain

            Przekazuję.
            --out
            Content-Type: message/rfc822

            \(inner)
            --out
            Content-Type: message/rfc822

            From: b@example.org

            bez tematu
            --out--
            """)

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["Protokół.eml", "protokol.pdf", "message.eml"])
        #expect(files.first?.data == Data(inner.utf8))
        #expect(files[1].data == Data("%PDF-1.4".utf8))
    }

    @Test("a uuencoded body is decoded")
    func uuencoded() {
        let raw = MessageFixtures.mail(
            """
            Subject: uu
            Content-Type: multipart/mixed; boundary="u"

            --u
            Content-Type: application/octet-stream; name="dane.txt"
            Content-Transfer-Encoding: x-uuencode

            begin 644 dane.txt
            '6F%Z9F]L8P``
            `
            end
            --u--
            """)

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["dane.txt"])
        #expect(files.first?.data == Data("Zazfolc".utf8))
    }

    @Test("a base64-encoded attached message is decoded, named and entered")
    func base64AttachedMessage() {
        let inner =
            "Subject: Plan lekcji\nContent-Type: application/pdf; name=\"plan.pdf\"\n"
            + "Content-Transfer-Encoding: base64\n\nJVBERg==\n"
        let encoded = Data(inner.utf8).base64EncodedString(options: .lineLength76Characters)
        let raw = MessageFixtures.mail(
            """
            Subject: zalacznik
            Content-Type: multipart/mixed; boundary="e"

            --e
            Content-Type: message/rfc822
            Content-Transfer-Encoding: base64

            \(encoded)
            --e--
            """)

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["Plan lekcji.eml", "plan.pdf"])
        #expect(files.first?.data == Data(inner.utf8))
        #expect(files.last?.data == Data("%PDF".utf8))
    }
}
