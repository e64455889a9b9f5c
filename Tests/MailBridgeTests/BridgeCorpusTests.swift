import Foundation
import Ledger
import MailBridge
import Testing

@Suite("Corpus through the bridge")
struct BridgeCorpusTests {
    @Test("every corpus message is stored raw and either matched or listed for review")
    func ingestCorpus() throws {
        let folder = MessageCorpusTests.corpus
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else {
            print("Corpus through the bridge: ../shared/corpus/mail is absent; skipped.")
            return
        }
        let files = names.filter { $0.hasSuffix(".eml") }.sorted()
        let fixture = try BridgeFixture()

        let pass = try BridgeSetup.ingest(
            paths: files.map { folder.appending(path: $0).path }, into: fixture.ledger,
            log: SilentLog())

        #expect(files.count == 40)
        #expect(pass.stored + pass.forReview + pass.duplicates == files.count)
        let rows = try fixture.ledger.db.query(
            "SELECT raw_sha256, review, delivery_id FROM messages")
        #expect(rows.count == pass.stored + pass.forReview)
        for row in rows {
            let stored = try fixture.ledger.store.data(for: row.text("raw_sha256"))
            #expect(SHA256.hex(stored) == row.text("raw_sha256"))
            #expect(row.string("review") == "pending" || row.int("delivery_id") != nil)
        }
        for name in files {
            let raw = try Data(contentsOf: folder.appending(path: name))
            let id = MessageReader.read(raw).messageID
            let known = try fixture.ledger.db.first(
                "SELECT id FROM messages WHERE raw_sha256 = ? OR header_message_id = ?",
                [SHA256.hex(raw), id ?? "-"])
            #expect(known != nil, "\(name) was lost")
        }
    }
}
