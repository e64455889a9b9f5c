import Foundation
import MailBridge
import Testing

/// Bounded, deterministic mutation of every corpus mail and fixture: byte flips,
/// truncations, insertions of MIME-looking pieces, deletions and repeated slices. The
/// reader must come back from each case (no trap, no endless loop) with an answer that
/// holds together; the libFuzzer target in fuzz/ explores the same ground without bounds.
@Suite("Message reader: corpus mutations")
struct MutationCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus/mail").standardizedFileURL

    /// Mutations per seed: 45 seeds with the corpus make 2,160 cases.
    static let perSeed = 48

    /// Pieces a hostile or broken sender might splice into a message.
    static let pieces: [String] = [
        "\r\n", "\r\n\r\n", "\n", "\r", "--", "--b\r\n", "--=_NextPart_", ":", ";", "\"", "=",
        "=?utf-8?B?", "=?windows-1250?Q?=96", "?=", "=?iso-8859-2?B?x", "=\r\n", "=XX",
        "Content-Type: multipart/mixed; boundary=\"", "Content-Type: message/rfc822\r\n\r\n",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n",
        "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable",
        "filename*0*=utf-8''%C5%BC", "filename*1*=%", "filename*=", "name=\"a.xlsx\"",
        "begin 644 a.txt\n", "\nend\n", "Final-Recipient: rfc822; ", "Status: 5.1.1\r\n",
        "Action: failed\r\n", "Auto-Submitted: auto-replied\r\n", "<", ">", "[SP-2026-",
        "Re: Fwd: ODP: ", "\u{0}", "\u{FEFF}", "ż", "\t", " ",
    ]

    static func seeds() -> [(name: String, raw: Data)] {
        var seeds: [(String, Data)] = [
            ("outlook", MessageFixtures.mail(MessageFixtures.outlookPolishReply, crlf: true)),
            ("gmail", MessageFixtures.mail(MessageFixtures.gmailPolishReply, crlf: true)),
            ("thunderbird", MessageFixtures.mail(MessageFixtures.thunderbirdPolishReply)),
            ("out-of-office", MessageFixtures.mail(MessageFixtures.polishOutOfOffice)),
            ("attachments", MessageFixtures.mail(MessageFixtures.polishAttachments, crlf: true)),
        ]
        let files = (try? FileManager.default.contentsOfDirectory(
            at: corpus, includingPropertiesForKeys: nil)) ?? []
        for file in files.filter({ $0.pathExtension == "eml" })
            .sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        {
            guard let raw = try? Data(contentsOf: file) else { continue }
            seeds.append((file.lastPathComponent, raw))
        }
        return seeds
    }

    /// One mutation of `raw`, chosen and placed by `random`.
    static func mutate(_ raw: Data, using random: inout MessageRobustnessTests.SplitMix)
        -> Data
    {
        var bytes = [UInt8](raw)
        let rounds = Int.random(in: 1...4, using: &random)
        for _ in 0..<rounds {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0:  // flip a few bits
                for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                    let place = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[place] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
            case 1:  // cut the message short
                bytes.removeSubrange(at..<bytes.count)
            case 2:  // splice in a piece
                let piece = pieces[Int.random(in: 0..<pieces.count, using: &random)]
                bytes.insert(contentsOf: Array(piece.utf8), at: at)
            case 3:  // drop a slice
                let end = min(bytes.count, at + Int.random(in: 1...256, using: &random))
                bytes.removeSubrange(at..<end)
            case 4:  // repeat a slice many times (nesting, long lines, many parts)
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                let slice = Array(bytes[at..<end])
                let times = Int.random(in: 2...100, using: &random)
                bytes.insert(contentsOf: Array(repeating: slice, count: times).joined(), at: at)
            default:  // a random byte anywhere
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            }
        }
        return Data(bytes)
    }

    @Test("48 mutations of every corpus mail and fixture: the reader always comes back whole")
    func mutations() throws {
        let seeds = Self.seeds()
        if seeds.count <= 5 {
            print("Corpus mutations: ../shared/corpus/mail is absent; fixtures only.")
        }
        var random = MessageRobustnessTests.SplitMix(state: 0x5C40_1F057)
        var cases = 0
        var slowest: (Duration, String) = (.zero, "")
        let clock = ContinuousClock()

        for (name, raw) in seeds {
            for round in 0..<Self.perSeed {
                let input = Self.mutate(raw, using: &random)
                var message = InboundMessage()
                let elapsed = clock.measure { message = MessageReader.read(input) }
                cases += 1
                if elapsed > slowest.0 { slowest = (elapsed, "\(name) #\(round)") }

                let inspection = MessageInspection(message)
                #expect(throws: Never.self, "\(name) #\(round)") { try inspection.json() }
                let decoded = message.attachments.reduce(0) { $0 + $1.data.count }
                // Transfer encodings only shrink, but an attached message is listed beside
                // the files inside it, once per level of nesting (at most 40 levels).
                #expect(decoded <= input.count * 41,
                        "\(name) #\(round): \(decoded) bytes decoded")
                _ = SubjectLine.stripPrefixes(message.subject)
                _ = ReplyMatcher.subjectTag(in: message.subject)
                if round.isMultiple(of: 8) {
                    let again = MessageReader.read(input)
                    #expect(again.kind == message.kind && again.subject == message.subject
                            && again.attachments.map(\.data) == message.attachments.map(\.data),
                            "\(name) #\(round): a second reading differs")
                }
            }
        }

        #expect(cases == seeds.count * Self.perSeed)
        print("Corpus mutations: \(cases) cases from \(seeds.count) seeds; "
              + "slowest \(slowest.0) (\(slowest.1))")
    }
}
