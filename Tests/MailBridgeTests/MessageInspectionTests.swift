import Foundation
import MailBridge
import Testing

@Suite("Message inspection output")
struct MessageInspectionTests {
    @Test("a bounce renders as JSON with sorted keys and the first failed status")
    func bounceJSON() throws {
        let raw = MessageReportTests.dsn(
            """
            Final-Recipient: rfc822; sekretariat@sp3.example.org
            Action: delayed
            Status: 4.4.7

            Final-Recipient: rfc822; dyrektor@sp3.example.org
            Action: failed
            Status: 5.1.1
            """)

        let inspection = MessageInspection(MessageReader.read(raw))
        let json = try inspection.json()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

        #expect(object["kind"] as? String == "bounce")
        #expect(object["failedRecipients"] as? [String] == ["dyrektor@sp3.example.org"])
        #expect(object["dsnStatus"] as? String == "5.1.1")
        let recipients = try #require(object["recipients"] as? [[String: Any]])
        #expect(recipients.count == 2)
        #expect(recipients.first?["reason"] as? String == "expired")
        #expect(object["tokens"] as? [String] == ["q1w2"])
        let keys = [
            "attachments", "dsnStatus", "failedRecipients", "kind", "recipients",
            "references", "text", "tokens",
        ]
        let positions = keys.compactMap { json.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
        #expect(inspection.summary.contains("recipient: dyrektor@sp3.example.org failed 5.1.1"))
    }

    @Test("a reply has a null dsnStatus and lists its files and text")
    func replyJSON() throws {
        let raw = MessageFixtures.mail(MessageFixtures.polishAttachments)

        let json = try MessageInspection(MessageReader.read(raw)).json()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

        #expect(object["dsnStatus"] is NSNull)
        let files = try #require(object["attachments"] as? [[String: Any]])
        #expect(files.first?["filename"] as? String == "Ankieta_żółć.xlsx")
        #expect(files.first?["size"] as? Int == 4)
        #expect(object["text"] as? String == "W załączeniu.")
    }
}
