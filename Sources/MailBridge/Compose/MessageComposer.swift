import Foundation

/// Renders outgoing messages to RFC 5322 bytes: CRLF line ends only, RFC 2047 headers,
/// RFC 2231 file names, base64 attachments.
public enum MessageComposer {
    /// Renders `message` as the bytes to hand to a transport.
    ///
    /// The Date header is written in the machine's time zone. Dot-stuffing is left to the
    /// transport; the output holds no bare CR or LF whatever the body or files contain.
    /// - Throws: `HeaderInjectionError` when a header value or address holds CR, LF or
    ///   NUL; `MessageFormatError` for a malformed address, Message-ID or header name.
    public static func render(_ message: OutgoingMessage) throws -> Data {
        try render(message, timeZone: .current)
    }

    /// Renders `message` with its Date header in `timeZone`.
    /// - Throws: as `render(_:)`.
    public static func render(_ message: OutgoingMessage, timeZone: TimeZone) throws -> Data {
        var head = try headers(message, timeZone: timeZone)
        let body = try bodyPart(message)

        head += "MIME-Version: 1.0\r\n"
        for field in message.extraHeaders {
            head += try extraHeader(field)
        }

        guard !message.attachments.isEmpty else {
            return Data((head + body.headers + "\r\n" + body.content + "\r\n").utf8)
        }
        let parts = [body] + message.attachments.map(attachmentPart)
        let boundary = freshBoundary(notIn: parts)
        head += FoldedHeader.render(
            name: "Content-Type", tokens: ["multipart/mixed;", "boundary=\"\(boundary)\""])

        var text = head + "\r\nThis is a multi-part message in MIME format.\r\n"
        for part in parts {
            text += "\r\n--\(boundary)\r\n" + part.headers + "\r\n" + part.content
        }
        text += "\r\n--\(boundary)--\r\n"
        return Data(text.utf8)
    }

    // MARK: - Top-level headers

    private static func headers(_ message: OutgoingMessage, timeZone: TimeZone) throws
        -> String
    {
        guard !message.to.isEmpty else {
            throw MessageFormatError(field: "To", reason: "no recipient")
        }

        var text = "Date: \(MailDateFormat.format(message.date, timeZone: timeZone))\r\n"
        text += FoldedHeader.render(name: "From", tokens: try addressTokens([message.from],
                                                                          field: "From"))
        text += FoldedHeader.render(name: "To", tokens: try addressTokens(message.to,
                                                                        field: "To"))
        if let replyTo = message.replyTo {
            let tokens = try addressTokens([replyTo], field: "Reply-To")
            text += FoldedHeader.render(name: "Reply-To", tokens: tokens)
        }

        try refuseLineBreaks(message.subject, field: "Subject")
        text += FoldedHeader.render(
            name: "Subject", tokens: FoldedHeader.unstructuredTokens(message.subject))
        text += "Message-ID: <\(try messageID(message.messageID, field: "Message-ID"))>\r\n"

        if let parent = message.inReplyTo {
            let id = try messageID(parent, field: "In-Reply-To")
            text += "In-Reply-To: <\(id)>\r\nReferences: <\(id)>\r\n"
        }
        return text
    }

    private static func addressTokens(_ addresses: [MailAddress], field: String) throws
        -> [String]
    {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var mailbox = try mailboxTokens(address, field: field)
            if index < addresses.count - 1, let last = mailbox.popLast() {
                mailbox.append(last + ",")
            }
            tokens += mailbox
        }
        return tokens
    }

    private static func mailboxTokens(_ address: MailAddress, field: String) throws
        -> [String]
    {
        let spec = try addrSpec(address.address, field: field)
        guard let name = address.name, !name.isEmpty else { return [spec] }

        try refuseLineBreaks(name, field: field)
        if EncodedWordEncoder.needsEncoding(name) {
            return EncodedWordEncoder.encode(name) + ["<\(spec)>"]
        }
        let isAtoms = name.unicodeScalars.allSatisfy { atext.contains($0) || $0 == " " }
        if isAtoms, !name.hasPrefix(" "), !name.hasSuffix(" "), !name.contains("  ") {
            return name.split(separator: " ").map(String.init) + ["<\(spec)>"]
        }
        return [quotedString(name), "<\(spec)>"]
    }

    // MARK: - Validation

    private static func refuseLineBreaks(_ value: String, field: String) throws {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw HeaderInjectionError(field: field)
        }
    }

    /// A plain `local@domain` in printable ASCII, without the characters that would end or
    /// split the address in a header.
    private static func addrSpec(_ address: String, field: String) throws -> String {
        try refuseLineBreaks(address, field: field)
        let forbidden = Set("<>()[],;:\"\\ \t".unicodeScalars)
        let isPlain = address.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && !forbidden.contains($0)
        }
        guard isPlain, let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex
        else {
            throw MessageFormatError(field: field, reason: "not a plain local@domain address")
        }
        return address
    }

    private static func messageID(_ id: String, field: String) throws -> String {
        try refuseLineBreaks(id, field: field)
        let isPlain = id.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">"
        }
        guard isPlain, id.contains("@"), id.count <= 250 else {
            throw MessageFormatError(field: field, reason: "not a left@right message id")
        }
        return id
    }

    private static func extraHeader(_ field: HeaderField) throws -> String {
        let isName = !field.name.isEmpty && field.name.count <= 70
            && field.name.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value < 0x7F && $0 != ":"
            }
        guard isName else {
            throw MessageFormatError(field: "extra", reason: "not a valid header name")
        }
        guard !reservedNames.contains(field.name.lowercased()) else {
            throw MessageFormatError(field: field.name, reason: "written by the composer")
        }

        try refuseLineBreaks(field.value, field: field.name)
        return FoldedHeader.render(
            name: field.name, tokens: FoldedHeader.unstructuredTokens(field.value))
    }

    private static let reservedNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id",
        "in-reply-to", "references", "mime-version", "content-type",
        "content-transfer-encoding", "content-disposition", "sender",
    ]

    /// RFC 5322 atext.
    private static let atext = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
            .unicodeScalars)

    private static func quotedString(_ value: String) -> String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    // MARK: - Parts

    private struct Part {
        var headers: String
        var content: String
    }

    private static func bodyPart(_ message: OutgoingMessage) throws -> Part {
        let headers = "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
        return Part(headers: headers, content: TransferEncoding.quotedPrintable(message.body))
    }

    private static func attachmentPart(_ attachment: OutgoingAttachment) -> Part {
        let type = validContentType(attachment.contentType)
        let name = attachment.filename.precomposedStringWithCanonicalMapping
            .filter { !($0.unicodeScalars.first?.properties.generalCategory == .control) }
        let fallback = MIMEParameter.asciiFallback(name.isEmpty ? "plik" : name)

        var typeTokens = ["\(type);"]
        if name == fallback, !name.isEmpty {
            typeTokens.append(MIMEParameter.quoted("name", name))
        } else {
            var words = EncodedWordEncoder.encode(name.isEmpty ? "plik" : name, style: .b)
            words[0] = "name=\"" + words[0]
            words[words.count - 1] += "\""
            typeTokens += words
        }

        var dispositionTokens = ["attachment;", MIMEParameter.quoted("filename", fallback)]
        if !name.isEmpty {
            let extended = MIMEParameter.extended("filename", value: name)
            dispositionTokens[1] += ";"
            dispositionTokens += extended.enumerated().map { index, segment in
                index < extended.count - 1 ? segment + ";" : segment
            }
        }

        let headers = FoldedHeader.render(name: "Content-Type", tokens: typeTokens)
            + "Content-Transfer-Encoding: base64\r\n"
            + FoldedHeader.render(name: "Content-Disposition", tokens: dispositionTokens)
        return Part(headers: headers, content: TransferEncoding.base64(attachment.data))
    }

    /// A `type/subtype` token pair, else `application/octet-stream`: the type comes from
    /// data and must not carry parameters or line breaks into the header.
    private static func validContentType(_ type: String) -> String {
        let tokenChars = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$&-^_.+".unicodeScalars)
        let lowered = type.lowercased()
        let halves = lowered.split(separator: "/", omittingEmptySubsequences: false)
        let isValid = halves.count == 2 && halves.allSatisfy {
            !$0.isEmpty && $0.unicodeScalars.allSatisfy(tokenChars.contains)
        }
        return isValid ? lowered : MIMEType.octetStream
    }

    /// A random boundary; quoted-printable and base64 can never contain `=_`, and each part
    /// is checked anyway.
    private static func freshBoundary(notIn parts: [Part]) -> String {
        while true {
            var generator = SystemRandomNumberGenerator()
            let random = (0..<3).map { _ in
                String(generator.next() as UInt64, radix: 36)
            }.joined()
            let boundary = "=_schoolpost_" + random
            let clashes = parts.contains {
                $0.headers.contains(boundary) || $0.content.contains(boundary)
            }
            if !clashes {
                return boundary
            }
        }
    }
}
