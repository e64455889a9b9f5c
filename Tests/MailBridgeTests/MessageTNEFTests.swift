import Foundation
import MailBridge
import Testing

@Suite("Message reader: winmail.dat")
struct MessageTNEFTests {
    /// A minimal TNEF stream (MS-OXTNEF §2.1.3): one attachment with a short title, its
    /// bytes and, when given, a long file name in its MAPI properties.
    static func tnef(title: String, longName: String?, content: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00]
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> ($0 * 8) & 0xFF) } }
        func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func attribute(level: UInt8, id: UInt32, _ data: [UInt8]) {
            let sum = data.reduce(0) { ($0 + UInt32($1)) & 0xFFFF }
            stream += [level] + le32(id) + le32(UInt32(data.count)) + data + le16(UInt16(sum))
        }

        attribute(level: 1, id: 0x0008_9006, [0x00, 0x00, 0x01, 0x00])
        attribute(level: 2, id: 0x0006_9002, le16(1) + le32(0xFFFF_FFFF) + [0, 0, 0, 0] + le32(0))
        attribute(level: 2, id: 0x0001_8010, Array(title.utf8) + [0])
        attribute(level: 2, id: 0x0006_800F, content)
        if let longName {
            var name: [UInt8] = longName.utf16.flatMap { (unit: UInt16) -> [UInt8] in le16(unit) }
            name += [0, 0]
            let length = UInt32(name.count)
            while name.count % 4 != 0 { name.append(0) }
            var properties: [UInt8] = le32(1) + le16(0x001F) + le16(0x3707)
            properties += le32(1) + le32(length) + name
            attribute(level: 2, id: 0x0006_9005, properties)
        }
        return stream
    }

    static func message(with archive: [UInt8]) -> Data {
        let encoded = Data(archive).base64EncodedString(options: .lineLength76Characters)
        return MessageFixtures.mail(
            """
            From: Anna Nowak <sekretariat@sp5.example.org>
            Subject: Ankieta
            Content-Type: multipart/mixed; boundary="w"

            --w
            Content-Type: text/plain; charset=utf-8

            W załączeniu.
            --w
            Content-Type: application/ms-tnef; name="winmail.dat"
            Content-Disposition: attachment; filename="winmail.dat"
            Content-Transfer-Encoding: base64

            \(encoded)
            --w--
            """)
    }

    @Test("the files inside winmail.dat are listed, the long name preferred")
    func longName() {
        let content: [UInt8] = Array("PK\u{3}\u{4}dane".utf8)
        let raw = Self.message(
            with: Self.tnef(
                title: "ANKIET~1.XLS", longName: "Ankieta_żółć.xlsx", content: content))

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["Ankieta_żółć.xlsx"])
        #expect(files.first?.data == Data(content))
    }

    @Test("without a long name the title is used")
    func titleOnly() {
        let raw = Self.message(
            with: Self.tnef(title: "PLAN.DOC", longName: nil, content: [1, 2, 3]))

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["PLAN.DOC"])
        #expect(files.first?.data.count == 3)
    }

    @Test("a broken winmail.dat stays listed as itself")
    func broken() {
        let raw = Self.message(with: [0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00, 0x02, 0xFF, 0xFF])

        let files = MessageReader.read(raw).attachments

        #expect(files.map(\.filename) == ["winmail.dat"])
    }
}
