import Foundation
import MailBridge
import Testing

/// Runs the reader over the shared mail corpus and compares with its manifest.
@Suite("Message corpus")
struct MessageCorpusTests {
    /// One manifest row.
    struct Row {
        var file: String
        var columns: [String: String]
    }

    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus/mail").standardizedFileURL

    static let compared = ["kind", "failed_recipients", "dsn_status", "attachments"]

    static func rows() -> [Row]? {
        let manifest = corpus.appendingPathComponent("manifest.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map {
            $0.split(
                separator: "\t",
                omittingEmptySubsequences: false
            ).map(String.init)
        }
        guard let header = lines.first else { return nil }
        return lines.dropFirst().filter { $0.count == header.count }.map { fields in
            Row(file: fields[0], columns: Dictionary(uniqueKeysWithValues: zip(header, fields)))
        }
    }

    /// The four compared columns as the reader sees the message, in manifest notation.
    static func observed(_ message: InboundMessage) -> [String: String] {
        let failed = message.failedRecipients.map(\.address)
        let files = message.attachments.map { "\($0.filename):\($0.data.count)" }
        return [
            "kind": message.kind.rawValue,
            "failed_recipients": failed.isEmpty ? "-" : failed.sorted().joined(separator: ","),
            "dsn_status": message.failedRecipients.first?.status ?? "-",
            "attachments": files.isEmpty ? "-" : files.joined(separator: ";"),
        ]
    }

    static func normalized(_ column: String, _ value: String) -> String {
        guard column == "failed_recipients", value != "-" else { return value }
        return value.split(separator: ",").map { $0.lowercased() }.sorted().joined(separator: ",")
    }

    @Test("every manifest row matches, apart from the listed known misses")
    func corpusMatchesManifest() throws {
        guard let rows = Self.rows() else {
            print("Message corpus: ../shared/corpus/mail/manifest.tsv is absent; skipped.")
            return
        }
        var misses: Set<String> = []
        var right = Dictionary(uniqueKeysWithValues: Self.compared.map { ($0, 0) })

        for row in rows {
            let raw = try Data(contentsOf: Self.corpus.appendingPathComponent(row.file))
            let seen = Self.observed(MessageReader.read(raw))
            for column in Self.compared {
                let expected = Self.normalized(column, row.columns[column] ?? "-")
                let got = Self.normalized(column, seen[column] ?? "-")
                if expected == got {
                    right[column, default: 0] += 1
                } else {
                    misses.insert("\(row.file)\t\(column)")
                    print("miss \(row.file) \(column): expected \(expected) got \(got)")
                }
            }
        }
        let shares = Self.compared.map { "\($0) \(right[$0] ?? 0)/\(rows.count)" }
        print("Message corpus: " + shares.joined(separator: ", "))

        let known = Set(MessageCorpusKnownMisses.entries.map { "\($0.file)\t\($0.column)" })
        #expect(rows.count == 40)
        #expect(misses.subtracting(known).isEmpty, "unlisted misses: \(misses.subtracting(known))")
        #expect(
            known.subtracting(misses).isEmpty, "listed but now right: \(known.subtracting(misses))"
        )
    }
}

extension MessageCorpusTests {
    @Test(
        "the replies' own text is only their new line",
        arguments: [
            "36-outlook-reply-from-sent-block.eml", "37-yahoo-reply-original-message-block.eml",
            "38-hotmail-reply-quoted-header-lines.eml",
        ])
    func replyText(file: String) throws {
        let url = Self.corpus.appendingPathComponent(file)
        guard let raw = try? Data(contentsOf: url) else {
            print("Message corpus: \(file) is absent; skipped.")
            return
        }

        let message = MessageReader.read(raw)

        #expect(message.text == "Hello")
        #expect(message.fullText.count > message.text.count)
    }

    @Test("bounces link back to what was sent")
    func returnedOriginals() throws {
        let cases = [
            ("40-postfix-dsn-returned-ticket-mail.eml", "not_existing@example.net"),
            ("17-gmail-dsn-plain-text.eml", "userunknown@example.jp"),
            ("15-office365-ndr-windows-1252.eml", "kijitora@example.com"),
        ]
        for (file, recipient) in cases {
            guard let raw = try? Data(contentsOf: Self.corpus.appendingPathComponent(file)) else {
                print("Message corpus: \(file) is absent; skipped.")
                continue
            }

            let message = MessageReader.read(raw)

            #expect(!message.returnedMessageIDs.isEmpty, "\(file)")
            #expect(message.returnedRecipients.contains(recipient), "\(file)")
        }
    }
}
