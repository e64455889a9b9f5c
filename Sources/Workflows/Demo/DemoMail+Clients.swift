import Foundation
import MailBridge

/// The styles of the mail clients people at schools write with.
extension DemoMail {
    // MARK: - Outlook

    static func outlook(_ c: Context) -> String {
        let original = c.original
        let subject = "ODP: " + original.subject
        let plain = c.text + "\n\n________________________________\n"
            + "Od: \(display(original.department))\n"
            + "Wysłano: \(outlookDate(original.date))\n"
            + "Do: \(c.school.address.address)\n"
            + "Temat: \(original.subject)\n\n" + original.text + "\n"
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            + "charset=utf-8\"></head><body><div>\(htmlEscaped(c.text))</div>"
            + "<hr style=\"display:inline-block;width:98%\"><div id=\"divRplyFwdMsg\">"
            + "<b>Od:</b> \(htmlEscaped(display(original.department)))<br>"
            + "<b>Wysłano:</b> \(outlookDate(original.date))<br>"
            + "<b>Do:</b> \(htmlEscaped(c.school.address.address))<br>"
            + "<b>Temat:</b> \(htmlEscaped(original.subject))</div><br>"
            + "<div>\(htmlEscaped(original.text))</div></body></html>"

        var head = addressHeader("From", [c.sender], style: .b)
        head += addressHeader("To", [original.replyTo], style: .b)
        head += unstructured("Subject", subject, style: .b)
        head += unstructured("Thread-Topic", original.subject, style: .b)
        head += "Thread-Index: \(threadIndex(c))\r\n"
        head += "Date: \(headerDate(c.date))\r\n"
        head += "Message-ID: <\(c.hex("id", count: 32).uppercased())@\(c.schoolDomain)>\r\n"
        head += "References: <\(original.messageID)>\r\n"
        head += "In-Reply-To: <\(original.messageID)>\r\n"
        head += "Accept-Language: pl-PL, en-US\r\nContent-Language: pl-PL\r\n"
        head += "X-MS-Has-Attach: \(c.attachment == nil ? "" : "yes")\r\n"
        head += "X-MS-TNEF-Correlator:\r\nX-Mailer: Microsoft Outlook 16.0\r\n"

        let alternativeBoundary = "_000_\(c.hex("alt", count: 24).uppercased())_"
        let alternative = multipart(boundary: alternativeBoundary, parts: [
            qpTextPart(plain, subtype: "plain", charsetParameter: "\"utf-8\""),
            qpTextPart(html, subtype: "html", charsetParameter: "\"utf-8\""),
        ])
        let alternativeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: ["multipart/alternative;", "boundary=\"\(alternativeBoundary)\""])

        guard let file = c.attachment else {
            return head + alternativeHeader + "MIME-Version: 1.0\r\n\r\n" + alternative
        }
        let mixedBoundary = "_004_\(c.hex("mixed", count: 24).uppercased())_"
        let typeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: parameterTokens(file.contentType, [encodedParameter("name", file.filename)]))
        let description = unstructured("Content-Description", file.filename, style: .b)
        let disposition = FoldedHeader.render(
            name: "Content-Disposition",
            tokens: parameterTokens("attachment", [
                MIMEParameter.extended("filename", value: file.filename)
                    .joinedAsContinuations(),
                ["size=\(file.data.count)"],
                ["creation-date=\"\(headerDate(c.date))\""],
            ]))
        let body = multipart(boundary: mixedBoundary, parts: [
            alternativeHeader + "\r\n" + alternative,
            base64Part(headers: typeHeader + description + disposition, data: file.data),
        ])
        let mixedHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: ["multipart/mixed;", "boundary=\"\(mixedBoundary)\""])
        return head + mixedHeader + "MIME-Version: 1.0\r\n\r\n" + body
    }

    /// Outlook's Thread-Index: base64 of 22 bytes, a time stamp then a GUID.
    private static func threadIndex(_ c: Context) -> String {
        var bytes: [UInt8] = []
        var value = stableHash([c.original.messageID, "thread"])
        for _ in 0..<22 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value = value >> 8 | (value & 0xFF) << 56
            if bytes.count % 8 == 0 {
                value = stableHash([String(value)])
            }
        }
        return Data(bytes).base64EncodedString()
    }

    // MARK: - Gmail

    static func gmail(_ c: Context) -> String {
        let original = c.original
        let attribution = "W dniu \(gmailDate(original.date)) "
            + "\(display(original.department)) napisał(a):"
        let plain = c.text + "\n\n" + attribution + "\n\n" + quoted(original.text) + "\n"
        let html = "<div dir=\"ltr\">\(htmlEscaped(c.text))</div><br><div class=\"gmail_quote\">"
            + "<div dir=\"ltr\" class=\"gmail_attr\">\(htmlEscaped(attribution))<br></div>"
            + "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;"
            + "border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
            + htmlEscaped(original.text) + "</blockquote></div>"

        var head = "MIME-Version: 1.0\r\n"
        head += "References: <\(original.messageID)>\r\n"
        head += "In-Reply-To: <\(original.messageID)>\r\n"
        head += addressHeader("From", [c.sender], charset: "UTF-8", style: .q)
        head += "Date: \(headerDate(c.date))\r\n"
        head += "Message-ID: <CA+\(c.hex("id", count: 40))@\(c.schoolDomain)>\r\n"
        head += unstructured("Subject", "Re: " + original.subject, charset: "UTF-8", style: .q)
        head += addressHeader("To", [original.replyTo], charset: "UTF-8", style: .q)

        let alternativeBoundary = "000000000000" + c.hex("alt", count: 12)
        let alternative = multipart(boundary: alternativeBoundary, parts: [
            qpTextPart(plain, subtype: "plain", charsetParameter: "\"UTF-8\""),
            qpTextPart(html, subtype: "html", charsetParameter: "\"UTF-8\""),
        ])
        let alternativeHeader = "Content-Type: multipart/alternative; "
            + "boundary=\"\(alternativeBoundary)\"\r\n"

        guard let file = c.attachment else {
            return head + alternativeHeader + "\r\n" + alternative
        }
        let mixedBoundary = "000000000000" + c.hex("mixed", count: 12)
        let attachmentID = "f_" + c.hex("file", count: 9)
        let typeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: parameterTokens(file.contentType, [
                encodedParameter("name", file.filename, charset: "UTF-8"),
            ]))
        let disposition = FoldedHeader.render(
            name: "Content-Disposition",
            tokens: parameterTokens("attachment", [
                encodedParameter("filename", file.filename, charset: "UTF-8"),
            ]))
        let ids = "Content-ID: <\(attachmentID)>\r\nX-Attachment-Id: \(attachmentID)\r\n"
        let body = multipart(boundary: mixedBoundary, parts: [
            alternativeHeader + "\r\n" + alternative,
            base64Part(headers: typeHeader + disposition + ids, data: file.data),
        ])
        return head + "Content-Type: multipart/mixed; boundary=\"\(mixedBoundary)\"\r\n\r\n"
            + body
    }

    // MARK: - Thunderbird

    static func thunderbird(_ c: Context) -> String {
        let original = c.original
        let (day, time) = numericDate(original.date)
        let attribution = "W dniu \(day) o \(time), \(original.department.name ?? "") pisze:"
        let text = c.text + "\n\n" + attribution + "\n" + quoted(original.text) + "\n"
        let flowed = TransferEncoding.crlfLines(flowedText(text))

        var head = "Message-ID: <\(uuid(c.hex("id", count: 32)).lowercased())"
            + "@\(c.schoolDomain)>\r\n"
        head += "Date: \(headerDate(c.date))\r\n"
        head += "MIME-Version: 1.0\r\nUser-Agent: Mozilla Thunderbird\r\n"
        head += unstructured("Subject", "Re: " + original.subject, charset: "UTF-8", style: .q)
        head += "Content-Language: pl\r\n"
        head += addressHeader("To", [original.replyTo], charset: "UTF-8", style: .q)
        head += "References: <\(original.messageID)>\r\n"
        head += addressHeader("From", [c.sender], charset: "UTF-8", style: .q)
        head += "In-Reply-To: <\(original.messageID)>\r\n"

        let textHeaders = "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
        guard let file = c.attachment else {
            return head + textHeaders + "\r\n" + flowed + "\r\n"
        }
        let boundary = "------------" + c.hex("mixed", count: 24)
        let typeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: parameterTokens(file.contentType, [
                encodedParameter("name", file.filename, charset: "UTF-8"),
            ]))
        let disposition = FoldedHeader.render(
            name: "Content-Disposition",
            tokens: parameterTokens("attachment", [
                MIMEParameter.extended("filename", value: file.filename, charset: "UTF-8")
                    .joinedAsContinuations(),
            ]))
        let body = multipart(boundary: boundary, parts: [
            textHeaders + "\r\n" + flowed + "\r\n",
            base64Part(headers: typeHeader + disposition, data: file.data),
        ], preamble: "This is a multi-part message in MIME format.")
        return head + "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n" + body
    }

    /// Text in format=flowed (RFC 3676): long lines broken after a space, which stays at the
    /// line end as the soft-break mark; quoted lines keep their `>` prefix; lines starting
    /// with a space or `From ` are space-stuffed.
    static func flowedText(_ text: String, width: Int = 72) -> String {
        var output: [String] = []
        for line in text.components(separatedBy: "\n") {
            let quoteDepth = line.prefix { $0 == ">" }.count
            let prefix = quoteDepth > 0 ? String(repeating: ">", count: quoteDepth) + " " : ""
            var content = quoteDepth > 0 ? String(line.dropFirst(quoteDepth)) : line
            if quoteDepth > 0, content.hasPrefix(" ") {
                content.removeFirst()
            }
            if line == "-- " {
                output.append(line)
                continue
            }
            var pieces = wrap(content, width: width - prefix.count)
            if quoteDepth == 0 {
                pieces = pieces.map { $0.hasPrefix(" ") || $0.hasPrefix("From ") ? " " + $0 : $0 }
            }
            output += pieces.map { prefix + $0 }
        }
        return output.joined(separator: "\n")
    }

    private static func wrap(_ line: String, width: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + word.count > width {
                pieces.append(current)
                current = ""
            }
            current += word + " "
        }
        current.removeLast()
        pieces.append(current)
        return pieces
    }

    // MARK: - Apple Mail on an iPhone

    static func appleMail(_ c: Context) -> String {
        let original = c.original
        let (day, time) = numericDate(original.date)
        let signature = "Wysłane z iPhone'a"
        let attribution = "Wiadomość napisana przez \(display(original.department)) "
            + "w dniu \(day), o godz. \(time):"
        let tail = "\n\n\(signature)\n\n> \(attribution)\n>\n" + quoted(original.text) + "\n"

        let boundary = "Apple-Mail-" + uuid(c.hex("mixed", count: 32))
        var head = FoldedHeader.render(
            name: "Content-Type", tokens: ["multipart/mixed;", "boundary=\(boundary)"])
        head += "Content-Transfer-Encoding: 7bit\r\n"
        head += addressHeader("From", [c.sender], style: .q)
        head += "Mime-Version: 1.0 (1.0)\r\n"
        head += "Date: \(headerDate(c.date))\r\n"
        head += unstructured("Subject", "Re: " + original.subject, style: .q)
        head += "Message-Id: <\(uuid(c.hex("id", count: 32)))@\(c.schoolDomain)>\r\n"
        head += "References: <\(original.messageID)>\r\n"
        head += "In-Reply-To: <\(original.messageID)>\r\n"
        head += addressHeader("To", [original.replyTo], style: .q)
        head += "X-Mailer: iPhone Mail (21G93)\r\n"

        var parts = [qpTextPart(c.text, subtype: "plain", charsetParameter: "utf-8")]
        if let file = c.attachment {
            let typeHeader = FoldedHeader.render(
                name: "Content-Type",
                tokens: parameterTokens(file.contentType, [
                    ["x-unix-mode=0644"], encodedParameter("name", file.filename, style: .q),
                ]))
            let disposition = FoldedHeader.render(
                name: "Content-Disposition",
                tokens: parameterTokens("inline", [
                    MIMEParameter.extended("filename", value: file.filename)
                        .joinedAsContinuations(),
                ]))
            parts.append(base64Part(headers: typeHeader + disposition, data: file.data))
        }
        parts.append(qpTextPart(tail, subtype: "plain", charsetParameter: "utf-8"))
        return head + "\r\n" + multipart(boundary: boundary, parts: parts)
    }

    // MARK: - Polish webmail in ISO-8859-2

    static func polishWebmail(_ c: Context) -> String {
        let original = c.original
        let attribution = "Dnia \(isoDate(original.date)), "
            + "\(original.department.name ?? original.department.address) napisał(a):"
        let text = c.text + "\n\n" + attribution + "\n" + quoted(original.text) + "\n"
        let latin2 = String.Encoding.isoLatin2

        var head = "MIME-Version: 1.0\r\nDate: \(headerDate(c.date))\r\n"
        head += addressHeader("From", [c.sender], encoding: latin2, charset: "ISO-8859-2",
                              style: .q)
        head += addressHeader("To", [original.replyTo], encoding: latin2,
                              charset: "ISO-8859-2", style: .q)
        head += unstructured("Subject", "Re: " + original.subject, encoding: latin2,
                             charset: "ISO-8859-2", style: .q)
        head += "In-Reply-To: <\(original.messageID)>\r\n"
        head += "References: <\(original.messageID)>\r\n"
        head += "Message-ID: <\(c.hex("id", count: 32))@\(c.schoolDomain)>\r\n"
        head += "X-Sender: \(c.school.address.address)\r\n"
        head += "User-Agent: Roundcube Webmail/1.6.5\r\n"

        let textPart = "Content-Type: text/plain; charset=ISO-8859-2; format=flowed\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + TransferEncoding.quotedPrintable(flowedText(text), encoding: latin2) + "\r\n"
        guard let file = c.attachment else {
            return head + textPart
        }
        let boundary = "=_" + c.hex("mixed", count: 32)
        let typeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: parameterTokens(file.contentType, [
                encodedParameter("name", file.filename, encoding: latin2,
                                 charset: "ISO-8859-2", style: .q),
            ]))
        let disposition = FoldedHeader.render(
            name: "Content-Disposition",
            tokens: parameterTokens("attachment", [
                MIMEParameter.extended("filename", value: file.filename, encoding: latin2,
                                       charset: "ISO-8859-2").joinedAsContinuations(),
                ["size=\(file.data.count)"],
            ]))
        let body = multipart(boundary: boundary, parts: [
            textPart, base64Part(headers: typeHeader + disposition, data: file.data),
        ])
        return head + "Content-Type: multipart/mixed;\r\n boundary=\"\(boundary)\"\r\n\r\n"
            + body
    }

    // MARK: - A fresh message

    static func freshMessage(_ c: Context) -> String {
        let original = c.original
        let subject = original.subject + " – " + c.institutionName
        let department = MailAddress(name: original.department.name,
                                     address: original.department.address)

        var head = addressHeader("From", [c.sender], style: .b)
        head += addressHeader("To", [department], style: .b)
        head += unstructured("Subject", subject, style: .b)
        head += "Date: \(headerDate(c.date))\r\n"
        head += "Message-ID: <\(c.hex("id", count: 20).uppercased())@\(c.schoolDomain)>\r\n"
        head += "MIME-Version: 1.0\r\n"
        head += "X-Mailer: Microsoft Windows Live Mail 16.4.3528.331\r\n"

        let textPart = qpTextPart(c.text + "\n", subtype: "plain",
                                  charsetParameter: "\"utf-8\"")
        guard let file = c.attachment else {
            return head + textPart
        }
        let boundary = "----=_NextPart_000_" + c.hex("mixed", count: 16).uppercased()
        let typeHeader = FoldedHeader.render(
            name: "Content-Type",
            tokens: parameterTokens(file.contentType, [encodedParameter("name", file.filename)]))
        let disposition = FoldedHeader.render(
            name: "Content-Disposition",
            tokens: parameterTokens("attachment", [
                encodedParameter("filename", file.filename),
            ]))
        let body = multipart(boundary: boundary, parts: [
            textPart, base64Part(headers: typeHeader + disposition, data: file.data),
        ], preamble: "This is a multi-part message in MIME format.")
        return head + FoldedHeader.render(
            name: "Content-Type", tokens: ["multipart/mixed;", "boundary=\"\(boundary)\""])
            + "\r\n" + body
    }

    // MARK: - Pieces

    /// A text part in quoted-printable.
    static func qpTextPart(_ text: String, subtype: String, charsetParameter: String)
        -> String
    {
        "Content-Type: text/\(subtype); charset=\(charsetParameter)\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + TransferEncoding.quotedPrintable(text) + "\r\n"
    }

    /// `Name <address>` as a client prints it in a quote header.
    static func display(_ address: MailAddress) -> String {
        guard let name = address.name, !name.isEmpty else { return address.address }
        return "\(name) <\(address.address)>"
    }

    /// 32 hex digits as an upper-case UUID: `8-4-4-4-12`.
    static func uuid(_ hex: String) -> String {
        let digits = Array(hex.uppercased().leftPadded(to: 32).prefix(32))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(digits[$0]) }.joined(separator: "-")
    }
}

extension Array where Element == String {
    /// RFC 2231 segments with the `;` between continuations.
    func joinedAsContinuations() -> [String] {
        enumerated().map { index, segment in index < count - 1 ? segment + ";" : segment }
    }
}
