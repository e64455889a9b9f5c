import Foundation
import Testing
import MailBridge

@Suite("Probe") struct MessageProbeTests {
    @Test func dump() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/corpus/mail").standardizedFileURL
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".eml") {
            let message = MessageReader.read(try Data(contentsOf: dir.appendingPathComponent(name)))
            print("== \(name) \(message.kind) subj=\(message.subject.debugDescription) refs=\(message.references.count) tokens=\(message.tokens) rmids=\(message.returnedMessageIDs) rrcpt=\(message.returnedRecipients) date=\(String(describing: message.date))")
            print("   TEXT: \(message.text.prefix(160).debugDescription)")
        }
    }
}
