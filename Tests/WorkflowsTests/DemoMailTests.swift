import Foundation
import MailBridge
import Testing
import Workflows

@Suite("Demo mail")
struct DemoMailTests {
    private let original = DemoMail.Original(
        messageID: "dispatch.42.k7q2@example.org",
        subject: "Ankieta dotycząca liczby uczniów i oddziałów w roku szkolnym 2026/2027",
        replyTo: MailAddress(name: "Wydział Edukacji", address: "oswiata+k7q2@example.org"),
        department: MailAddress(name: "Wydział Edukacji", address: "oswiata@example.org"),
        date: Date(timeIntervalSince1970: 1_796_391_680))
    private let school = DemoMail.School(
        address: MailAddress(name: "Szkoła Podstawowa nr 12", address: "sp12@example.net"),
        personName: "Małgorzata Żółkiewska")
    private let file = DemoMail.Attachment(filename: "Ankieta_żółć_2026.xlsx",
                                           data: Data((0..<700).map { UInt8($0 % 251) }))

    private func render(_ style: DemoMail.Style, attachment: Bool = true) throws -> String {
        let data = try DemoMail.reply(style, to: original, from: school,
                                      attachment: attachment ? file : nil)
        #expect(isCRLFOnly(data), "\(style) has a bare CR or LF")
        return String(decoding: data, as: UTF8.self)
    }

    /// Unfolded top-level header fields, by lower-case name.
    private func headers(_ raw: String) -> [String: String] {
        guard let end = raw.range(of: "\r\n\r\n") else { return [:] }
        let unfolded = raw[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: " ")
        var fields: [String: String] = [:]
        for line in unfolded.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name] ?? value
        }
        return fields
    }

    private func isCRLFOnly(_ data: Data) -> Bool {
        let bytes = Array(data)
        return bytes.indices.allSatisfy { index in
            switch bytes[index] {
            case 0x0A: return index > 0 && bytes[index - 1] == 0x0D
            case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A
            default: return true
            }
        }
    }

    struct Expectation: Sendable, CustomTestStringConvertible {
        var style: DemoMail.Style
        /// Header name → a text its value must contain.
        var headers: [String: String]
        /// Texts the raw message must contain.
        var contains: [String]
        var threaded = true
        var toReplyTo = true
        var testDescription: String { style.rawValue }
    }

    static let expectations: [Expectation] = [
        Expectation(style: .outlook, headers: [
            "x-mailer": "Microsoft Outlook 16.0", "thread-index": "", "content-language": "pl-PL",
            "content-type": "multipart/mixed",
        ], contains: [
            "multipart/alternative", "text/html", "Od: Wydzia=C5=82 Edukacji",
            "Wys=C5=82ano: pi=C4=85tek, 4 grudnia 2026 14:41", "Temat: Ankieta",
            "filename*=utf-8''Ankieta_%C5%BC%C3%B3%C5%82%C4%87_2026.xlsx",
            "name=\"=?utf-8?B?",
        ]),
        Expectation(style: .gmail, headers: ["content-type": "multipart/mixed"], contains: [
            "multipart/alternative", "W dniu pt., 4 gru 2026 o 14:41",
            "napisa=C5=82(a):", "> Uprzejmie", "filename=\"=?UTF-8?B?", "X-Attachment-Id: f_",
        ]),
        Expectation(style: .thunderbird, headers: [
            "user-agent": "Mozilla Thunderbird", "content-type": "multipart/mixed",
        ], contains: [
            "text/plain; charset=UTF-8; format=flowed", "Content-Transfer-Encoding: 8bit",
            "W dniu 04.12.2026 o 14:41, Wydział Edukacji pisze:", "> Uprzejmie",
            "filename*=UTF-8''Ankieta_%C5%BC",
        ]),
        Expectation(style: .appleMail, headers: [
            "x-mailer": "iPhone Mail", "mime-version": "1.0 (1.0)",
            "content-type": "boundary=Apple-Mail-",
        ], contains: [
            "Content-Disposition: inline;\r\n filename*=utf-8''Ankieta_%C5%BC",
            "Wys=C5=82ane z iPhone'a",
        ]),
        Expectation(style: .polishWebmail, headers: [
            "user-agent": "Roundcube Webmail", "subject": "=?ISO-8859-2?Q?Re=3A_Ankieta",
        ], contains: [
            "charset=ISO-8859-2", "Dzie=F1 dobry", "filename*=ISO-8859-2''Ankieta_%BF%F3%B3%E6",
        ]),
        Expectation(style: .freshMessage, headers: [
            "to": "<oswiata@example.org>", "x-mailer": "Windows Live Mail",
        ], contains: ["filename=\"=?utf-8?"], threaded: false, toReplyTo: false),
        Expectation(style: .outOfOffice, headers: [
            "auto-submitted": "auto-replied", "x-autoreply": "yes", "return-path": "<>",
            "x-auto-response-suppress": "All",
        ], contains: ["urlopie"]),
        Expectation(style: .bounce, headers: [
            "return-path": "<>", "from": "MAILER-DAEMON@mail.example.org",
            "to": "oswiata@example.org",
            "content-type": "multipart/report; report-type=delivery-status",
            "subject": "Undelivered Mail Returned to Sender",
            "auto-submitted": "auto-replied",
        ], contains: [
            "Content-Type: message/delivery-status", "Final-Recipient: rfc822; sp12@example.net",
            "Action: failed", "Status: 5.1.1", "Content-Type: text/rfc822-headers",
            "Message-ID: <dispatch.42.k7q2@example.org>", "User unknown",
        ], threaded: false, toReplyTo: false),
    ]

    @Test("each style is CRLF only and has its client's headers", arguments: expectations)
    func style(_ expected: Expectation) throws {
        let raw = try render(expected.style)
        let fields = headers(raw)

        for (name, text) in expected.headers {
            let value = try #require(fields[name], "\(name) missing")
            #expect(text.isEmpty || value.contains(text), "\(name): \(value)")
        }
        for text in expected.contains {
            #expect(raw.contains(text), "missing \(text)")
        }
        #expect(fields["date"] != nil)
        #expect(fields["message-id"]?.hasPrefix("<") == true)
        #expect(fields["from"] != nil)
        let head = raw[..<(raw.range(of: "\r\n\r\n")?.lowerBound ?? raw.endIndex)]
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test("replies go to the Reply-To and thread to the original", arguments: expectations)
    func threading(_ expected: Expectation) throws {
        let fields = headers(try render(expected.style, attachment: false))

        let threaded = fields["in-reply-to"] == "<dispatch.42.k7q2@example.org>"
            && fields["references"] == "<dispatch.42.k7q2@example.org>"
        #expect(threaded == expected.threaded)
        let to = try #require(fields["to"])
        #expect(to.contains("oswiata+k7q2@example.org") == expected.toReplyTo)
    }

    @Test("the attached file comes back whole from its base64 part")
    func attachmentBytes() throws {
        for style in [DemoMail.Style.outlook, .gmail, .thunderbird, .appleMail, .polishWebmail] {
            let raw = try render(style)
            let start = try #require(raw.range(of: "Content-Transfer-Encoding: base64\r\n\r\n"))
            let rest = raw[start.upperBound...]
            let end = try #require(rest.range(of: "\r\n--"))
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")

            #expect(lines.allSatisfy { $0.count <= 76 })
            #expect(Data(base64Encoded: lines.joined()) == file.data, "\(style)")
        }
    }

    @Test("the same inputs give the same bytes")
    func deterministic() throws {
        #expect(try render(.gmail) == render(.gmail))
        #expect(try render(.gmail) != render(.thunderbird))
    }

    @Test("a line break in a name is refused")
    func injection() {
        var bad = school
        bad.personName = "Jan\r\nBcc: x@example.com"

        #expect(throws: HeaderInjectionError.self) {
            try DemoMail.reply(.gmail, to: original, from: bad)
        }
    }

    @Test("the survey workbook is an .xlsx with the Ankieta sheet")
    func survey() throws {
        let data = try DemoMail.surveyWorkbook(for: "Szkoła Podstawowa nr 12")

        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("survey-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") else {
            Issue.record("unzip is not installed; only the zip signature was checked")
            return
        }
        let workbook = try unzip(["-p", url.path, "xl/workbook.xml"])
        let strings = try unzip(["-p", url.path, "xl/sharedStrings.xml"])
        #expect(workbook.contains("name=\"Ankieta\""))
        #expect(strings.contains("Liczba uczniów"))
        #expect(strings.contains("Liczba oddziałów"))
        #expect(strings.contains("Uwagi"))
    }

    private func unzip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
