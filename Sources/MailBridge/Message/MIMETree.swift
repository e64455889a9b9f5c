import CEtpan
import Foundation

/// Parses a raw message with libetpan's `mailmime_parse` and copies the tree into
/// `MIMEPart` values, so no C type or pointer outlives this file.
///
/// libetpan finds the part boundaries and undoes the transfer encodings; header fields are
/// read by `HeaderBlock` from the bytes of each part, because libetpan leaves RFC 2231
/// parameters NULL and does not decode RFC 2047 inside Content-Disposition.
enum MIMETree {
    /// Deeper nesting than this is not walked (a message bomb must not exhaust the stack).
    static let maximumDepth = 40

    /// The root of the tree for `raw`. `mailmime_parse` accepts anything, so this never fails.
    static func parse(_ raw: Data, depth: Int = 0) -> MIMEPart {
        let raw = withoutMboxLine(raw)
        let count = raw.count
        guard count > 0 else { return emptyPart() }

        // libetpan keeps pointers into the buffer: it lives until `mailmime_free`.
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: count + 1)
        defer { buffer.deallocate() }
        raw.withUnsafeBytes { bytes in
            _ = bytes.copyBytes(to: UnsafeMutableRawBufferPointer(start: buffer, count: count))
        }
        buffer[count] = 0

        var index = 0
        var root: UnsafeMutablePointer<mailmime>?
        let code = mailmime_parse(buffer, count, &index, &root)
        guard code == Int32(MAILIMF_NO_ERROR), let root else { return fallbackPart(raw) }
        defer { mailmime_free(root) }

        let base = UnsafeRawPointer(buffer)
        let region = Region(base: base, count: count)
        return convert(root, region: region, depth: depth)
    }

    /// `raw` without a leading mbox `From ` line, which would hide the header block.
    private static func withoutMboxLine(_ raw: Data) -> Data {
        guard raw.starts(with: Array("From ".utf8)),
            let newline = raw.firstIndex(of: 0x0A)
        else { return raw }
        return raw.suffix(from: raw.index(after: newline))
    }

    /// The message buffer libetpan points into, and header blocks already read from it
    /// (a message and its body part start at the same byte). Lives for one `parse` call.
    private final class Region {
        let base: UnsafeRawPointer
        let count: Int
        private var splits: [Int: (headers: [HeaderField], body: Data)] = [:]

        init(base: UnsafeRawPointer, count: Int) {
            self.base = base
            self.count = count
        }

        /// The header block and body of the part starting at `start`.
        func split(from start: UnsafePointer<CChar>?, length: Int) -> (
            headers: [HeaderField], body: Data
        ) {
            let key = offset(of: start) ?? -1
            if let cached = splits[key], key >= 0 { return cached }
            let result = HeaderBlock.split(data(from: start, length: length))
            splits[key] = result
            return result
        }

        /// The bytes between two pointers, clamped to the buffer.
        func data(from start: UnsafePointer<CChar>?, length: Int) -> Data {
            guard let start, length > 0 else { return Data() }
            let offset = UnsafeRawPointer(start) - base
            guard offset >= 0, offset <= count else { return Data() }
            let end = min(count, offset + length)
            return Data(bytes: base + offset, count: end - offset)
        }

        func offset(of pointer: UnsafePointer<CChar>?) -> Int? {
            guard let pointer else { return nil }
            let offset = UnsafeRawPointer(pointer) - base
            return (offset >= 0 && offset <= count) ? offset : nil
        }
    }

    private static func convert(
        _ node: UnsafeMutablePointer<mailmime>, region: Region, depth: Int
    ) -> MIMEPart {
        let mime = node.pointee

        switch Int(mime.mm_type) {
        case MAILMIME_MULTIPLE:
            let split = region.split(from: mime.mm_mime_start, length: mime.mm_length)
            var children: [MIMEPart] = []
            var item =
                depth < maximumDepth
                ? mime.mm_data.mm_multipart.mm_mp_list?.pointee.first
                : nil
            while let cell = item {
                if let child = cell.pointee.data?.assumingMemoryBound(to: mailmime.self) {
                    children.append(convert(child, region: region, depth: depth + 1))
                }
                item = cell.pointee.next
            }
            return MIMEPart(
                shape: .multipart, headers: split.headers, rawBody: split.body,
                body: Data(), children: children)

        case MAILMIME_MESSAGE:
            let split = region.split(from: mime.mm_mime_start, length: mime.mm_length)
            var children: [MIMEPart] = []
            if depth < maximumDepth, let inner = mime.mm_data.mm_message.mm_msg_mime {
                if mime.mm_parent == nil {
                    // The message itself: its body shares the start of the header block.
                    children = [convert(inner, region: region, depth: depth + 1)]
                } else {
                    // An attached message: parsed again on its own, so its header block is
                    // its own and an mbox `From ` line in front of it does no harm.
                    let content = undoEncoding(split.body, headers: split.headers)
                    return attachedMessage(headers: split.headers, content: content, depth: depth)
                }
            }
            return MIMEPart(
                shape: .message, headers: split.headers, rawBody: split.body,
                body: Data(), children: children)

        default:
            guard let body = mime.mm_data.mm_single,
                body.pointee.dt_type == Int32(MAILMIME_DATA_TEXT)
            else {
                let split = region.split(from: mime.mm_mime_start, length: mime.mm_length)
                return MIMEPart(
                    shape: .single, headers: split.headers,
                    rawBody: Data(), body: Data(), children: [])
            }
            let text = body.pointee.dt_data.dt_text
            let bodyStart = region.offset(of: text.dt_data) ?? 0
            let partStart = region.offset(of: mime.mm_mime_start) ?? bodyStart
            let headers = region.split(
                from: mime.mm_mime_start,
                length: max(0, bodyStart - partStart)
            ).headers
            let rawBody = region.data(from: text.dt_data, length: text.dt_length)
            let decoded = decode(
                text.dt_data, length: text.dt_length,
                encoding: body.pointee.dt_encoding, raw: rawBody)
            let type = headers.first(named: "Content-Type").map(ContentField.parse)?.value
            if type == "message/rfc822" || type == "message/global", depth < maximumDepth {
                // An attached message libetpan did not enter (a base64 one, say).
                return attachedMessage(headers: headers, content: decoded, depth: depth)
            }
            return MIMEPart(
                shape: .single, headers: headers,
                rawBody: rawBody, body: decoded, children: [])
        }
    }

    /// A node for an attached message whose bytes (transfer encoding undone) are `content`.
    private static func attachedMessage(headers: [HeaderField], content: Data, depth: Int)
        -> MIMEPart
    {
        MIMEPart(
            shape: .message, headers: headers, rawBody: content, body: Data(),
            children: [parse(content, depth: depth + 1)])
    }

    /// The body with a base64 or quoted-printable Content-Transfer-Encoding undone.
    private static func undoEncoding(_ body: Data, headers: [HeaderField]) -> Data {
        let encoding = headers.first(named: "Content-Transfer-Encoding")?
            .trimmingCharacters(in: .whitespaces).lowercased()
        switch encoding {
        case "base64": return Data(Base64Text.decode(String(decoding: body, as: UTF8.self)))
        case "quoted-printable": return QuotedPrintable.decode(body)
        default: return body
        }
    }

    /// Undoes base64 with `mailmime_part_parse` and quoted-printable with
    /// `QuotedPrintable` (libetpan turns every hard line break into CR LF, which changes
    /// the size of a file sent with LF line ends); other encodings stay as they are.
    private static func decode(
        _ start: UnsafePointer<CChar>?, length: Int, encoding: Int32, raw: Data
    ) -> Data {
        let mechanism = Int(encoding)
        if mechanism == MAILMIME_MECHANISM_QUOTED_PRINTABLE { return QuotedPrintable.decode(raw) }
        guard let start, length > 0, mechanism == MAILMIME_MECHANISM_BASE64 else { return raw }

        var index = 0
        var result: UnsafeMutablePointer<CChar>?
        var resultLength = 0
        // Argument order as in the prototype (message, length, index, encoding, result,
        // length); the comment above it in mailmime_content.h has them wrong.
        let code = mailmime_part_parse(start, length, &index, encoding, &result, &resultLength)
        guard code == Int32(MAILIMF_NO_ERROR), let result else { return raw }
        defer { mailmime_decoded_part_free(result) }
        return Data(bytes: result, count: resultLength)
    }

    private static func emptyPart() -> MIMEPart {
        MIMEPart(shape: .message, headers: [], rawBody: Data(), body: Data(), children: [])
    }

    private static func fallbackPart(_ raw: Data) -> MIMEPart {
        let split = HeaderBlock.split(raw)
        return MIMEPart(
            shape: .single, headers: split.headers, rawBody: split.body, body: split.body,
            children: [])
    }
}
