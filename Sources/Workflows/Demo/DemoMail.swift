import Foundation
import MailBridge

/// Builds the schools' answers for the demo as real raw MIME, in the styles of the mail
/// clients schools use, so the bridge meets in the demo what it meets in the city.
///
/// Every message has CRLF line ends only. Replies go to the original's Reply-To (the
/// department plus-address) and carry In-Reply-To and References, except the styles that
/// are fresh messages. Output is deterministic: ids, boundaries and times derive from the
/// inputs, so a demo run can be repeated exactly.
public enum DemoMail {
    /// The client or robot a message imitates.
    public enum Style: String, CaseIterable, Sendable {
        /// Outlook 16 in Polish: `ODP:`, the `Od: … Wysłano: …` block, HTML alternative.
        case outlook
        /// Gmail web: `W dniu … napisał(a):`, `>` quotes, RFC 2047 file name.
        case gmail
        /// Thunderbird: format=flowed 8bit text, `W dniu … pisze:`.
        case thunderbird
        /// iPhone Mail: the file inline between two text parts.
        case appleMail
        /// A Polish webmail (Roundcube) writing ISO-8859-2.
        case polishWebmail
        /// A new message to the plain department address, not a reply: no threading
        /// headers, no token in the address.
        case freshMessage
        /// An out-of-office auto-reply (`Auto-Submitted: auto-replied`).
        case outOfOffice
        /// A Postfix bounce: 5.1.1 user unknown for the school's address.
        case bounce
    }

    /// The department's outgoing message that the demo answers.
    public struct Original: Sendable {
        /// Message-ID without angle brackets.
        public var messageID: String
        /// The subject as the department wrote it, without `Re:`.
        public var subject: String
        /// The department plus-address carrying the delivery's token.
        public var replyTo: MailAddress
        /// The department's own address (From and envelope sender of the original).
        public var department: MailAddress
        /// When the original was sent.
        public var date: Date
        /// The original's text, quoted by the replies.
        public var text: String

        /// The original as the ledger recorded it.
        public init(
            messageID: String, subject: String, replyTo: MailAddress, department: MailAddress,
            date: Date, text: String = Original.defaultText
        ) {
            self.messageID = messageID
            self.subject = subject
            self.replyTo = replyTo
            self.department = department
            self.date = date
            self.text = text
        }

        /// The text quoted when none is given.
        public static let defaultText =
            "Uprzejmie proszę o wypełnienie ankiety i odesłanie jej w odpowiedzi."
    }

    /// The school that answers and the person writing.
    public struct School: Sendable {
        /// The school's address; its display name, when set, is the institution's name.
        public var address: MailAddress
        /// Who signs the answer.
        public var personName: String

        /// The school at `address`, answering through `personName`.
        public init(address: MailAddress, personName: String) {
            self.address = address
            self.personName = personName
        }
    }

    /// A file a school sends back.
    public struct Attachment: Sendable {
        /// The name the school's client gives the file.
        public var filename: String
        /// The file's bytes.
        public var data: Data
        /// The MIME type written in the part's Content-Type.
        public var contentType: String

        /// - Parameter contentType: guessed from the file name when nil.
        public init(filename: String, data: Data, contentType: String? = nil) {
            self.filename = filename
            self.data = data
            self.contentType = contentType ?? MIMEType.forFilename(filename)
        }
    }

    /// The raw message of `style` answering `original`.
    /// - Parameters:
    ///   - text: the writer's own words; a short Polish note when nil. Ignored by the
    ///     bounce and the out-of-office reply.
    ///   - date: when the answer was written; two hours after the original when nil.
    /// - Throws: `HeaderInjectionError` when a name, address, subject or id holds CR, LF
    ///   or NUL.
    public static func reply(
        _ style: Style, to original: Original, from school: School,
        attachment: Attachment? = nil, text: String? = nil, date: Date? = nil
    ) throws -> Data {
        try validate(original, school)
        let context = Context(
            style: style, original: original, school: school, attachment: attachment,
            text: text ?? defaultText(school: school, withFile: attachment != nil),
            date: date ?? original.date.addingTimeInterval(2 * 3600))

        let message: String
        switch style {
        case .outlook: message = outlook(context)
        case .gmail: message = gmail(context)
        case .thunderbird: message = thunderbird(context)
        case .appleMail: message = appleMail(context)
        case .polishWebmail: message = polishWebmail(context)
        case .freshMessage: message = freshMessage(context)
        case .outOfOffice: message = outOfOffice(context)
        case .bounce: message = bounce(context)
        }
        return Data(message.utf8)
    }

    // MARK: - Shared by the styles

    /// Everything a style needs, worked out once.
    struct Context {
        var style: Style
        var original: Original
        var school: School
        var attachment: Attachment?
        var text: String
        var date: Date

        /// A stable number from the inputs, for ids and boundaries.
        var seed: UInt64 {
            DemoMail.stableHash(
                [style.rawValue, original.messageID, school.address.address, text])
        }

        var schoolDomain: String { DemoMail.domain(of: school.address.address) }
        var departmentDomain: String { DemoMail.domain(of: original.department.address) }
        var institutionName: String { school.address.name ?? school.address.address }

        /// The writer's address with the person's name, as clients show it.
        var sender: MailAddress {
            MailAddress(name: school.personName, address: school.address.address)
        }

        /// Lowercase hex of the seed mixed with `salt`, `count` digits long.
        func hex(_ salt: String, count: Int) -> String {
            var digits = ""
            var round: UInt64 = 0
            while digits.count < count {
                let value = DemoMail.stableHash([String(seed), salt, String(round)])
                digits += String(value, radix: 16).leftPadded(to: 16)
                round += 1
            }
            return String(digits.prefix(count))
        }
    }

    private static func validate(_ original: Original, _ school: School) throws {
        let fields: [(String, String?)] = [
            ("Message-ID", original.messageID), ("Subject", original.subject),
            ("Reply-To", original.replyTo.address), ("Reply-To", original.replyTo.name),
            ("From", original.department.address), ("From", original.department.name),
            ("To", school.address.address), ("To", school.address.name),
            ("From", school.personName),
        ]
        for (field, value) in fields {
            let bad = value?.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
            if bad == true {
                throw HeaderInjectionError(field: field)
            }
        }
    }

    private static func defaultText(school: School, withFile: Bool) -> String {
        let first = withFile
            ? "w załączeniu przesyłam wypełnioną ankietę."
            : "uprzejmie informuję, że dane zostaną przesłane do końca tygodnia."
        let name = school.address.name.map { "\n\($0)" } ?? ""
        return "Dzień dobry,\n\n\(first)\n\nZ poważaniem\n\(school.personName)\(name)"
    }

    /// FNV-1a over the parts, separated so that ("ab", "c") and ("a", "bc") differ.
    static func stableHash(_ parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return hash
    }

    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return "example.org" }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? "example.org" : String(domain)
    }

    /// A header line with an unstructured value, RFC 2047 encoded where needed.
    static func unstructured(
        _ name: String, _ value: String, encoding: String.Encoding = .utf8,
        charset: String = "utf-8", style: EncodedWordEncoder.Style = .shorter
    ) -> String {
        guard EncodedWordEncoder.needsEncoding(value) else {
            return FoldedHeader.render(name: name, tokens: FoldedHeader.unstructuredTokens(value))
        }
        let words = EncodedWordEncoder.encode(value, style: style, encoding: encoding,
                                       charset: charset)
        return FoldedHeader.render(name: name, tokens: words)
    }

    /// An address header: `Name <addr>` with the name encoded when not plain ASCII.
    static func addressHeader(
        _ name: String, _ addresses: [MailAddress], encoding: String.Encoding = .utf8,
        charset: String = "utf-8", style: EncodedWordEncoder.Style = .shorter
    ) -> String {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var mailbox: [String]
            if let display = address.name, !display.isEmpty {
                let words = EncodedWordEncoder.needsEncoding(display)
                    ? EncodedWordEncoder.encode(display, style: style, encoding: encoding,
                                         charset: charset)
                    : ["\"" + display.replacingOccurrences(of: "\"", with: "'") + "\""]
                mailbox = words + ["<\(address.address)>"]
            } else {
                mailbox = [address.address]
            }
            if index < addresses.count - 1 {
                mailbox[mailbox.count - 1] += ","
            }
            tokens += mailbox
        }
        return FoldedHeader.render(name: name, tokens: tokens)
    }

    /// `name="=?…?= =?…?="`: RFC 2047 words inside a quoted parameter, as Outlook, Gmail
    /// and Thunderbird write them for old readers.
    static func encodedParameter(
        _ attribute: String, _ value: String, encoding: String.Encoding = .utf8,
        charset: String = "utf-8", style: EncodedWordEncoder.Style = .b
    ) -> [String] {
        guard EncodedWordEncoder.needsEncoding(value) else {
            return [MIMEParameter.quoted(attribute, value)]
        }
        var words = EncodedWordEncoder.encode(value, style: style, encoding: encoding,
                                       charset: charset, maxLength: 60)
        words[0] = "\(attribute)=\"" + words[0]
        words[words.count - 1] += "\""
        return words
    }

    /// Parameters joined with `;` for folding.
    static func parameterTokens(_ first: String, _ groups: [[String]]) -> [String] {
        var tokens = [first]
        for group in groups {
            tokens[tokens.count - 1] += ";"
            tokens += group
        }
        return tokens
    }

    /// A multipart body: optional preamble, the parts, the closing delimiter.
    static func multipart(boundary: String, parts: [String], preamble: String? = nil)
        -> String
    {
        var text = preamble.map { $0 + "\r\n" } ?? ""
        for part in parts {
            text += "\r\n--\(boundary)\r\n" + part
        }
        return text + "\r\n--\(boundary)--\r\n"
    }

    /// A base64 attachment part with the given header lines before the encoding.
    static func base64Part(headers: String, data: Data) -> String {
        headers + "Content-Transfer-Encoding: base64\r\n\r\n" + TransferEncoding.base64(data)
    }

    /// `> ` before every line of `text` (the quoting of Gmail, Thunderbird, Apple Mail).
    static func quoted(_ text: String) -> String {
        text.components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> " + $0 }
            .joined(separator: "\n")
    }

    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "\n", with: "<br>\n")
    }

    /// The time zone schools' clients write in.
    static let warsaw = TimeZone(identifier: "Europe/Warsaw") ?? .current
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
