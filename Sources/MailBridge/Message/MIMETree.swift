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
        guard isSafeToSplit(raw) else { return fallbackPart(raw) }

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

    /// Most boundary declarations (or `rfc822` types) a message may carry before it is read
    /// as one text part.
    static let maximumBoundaries = 1_000
    /// Most bytes libetpan may scan in total: it searches each part's body for its
    /// boundary, so the work grows with nesting depth times size.
    static let maximumScan = 2_000_000_000

    /// Whether libetpan may split `raw`: its parser recurses once per nesting level and
    /// rescans the body per level, so a message bomb of many thousand nested parts would
    /// exhaust the stack or take minutes. Each nested multipart needs its own `boundary=`
    /// and each nested message its own `rfc822` type, so their counts bound the depth.
    private static func isSafeToSplit(_ raw: Data) -> Bool {
        let boundaries = occurrences(of: "boundary", in: raw)
        let messages = occurrences(of: "rfc822", in: raw)
        let nesting = boundaries + messages
        return boundaries <= maximumBoundaries && messages <= maximumBoundaries
            && nesting * raw.count <= maximumScan
    }

    /// How often the lower-case ASCII `word` occurs in `raw`, ignoring ASCII case.
    private static func occurrences(of word: String, in raw: Data) -> Int {
        let needle = Array(word.utf8)
        var found = 0
        raw.withUnsafeBytes { buffer in
            guard let first = needle.first, buffer.count >= needle.count else { return }
            let last = buffer.count - needle.count
            var index = 0
            while index <= last {
                if buffer[index] | 0x20 == first {
                    var matched = 1
                    while matched < needle.count,
                        buffer[index + matched] | 0x20 == needle[matched] | 0x20
                    {
                        matched += 1
                    }
                    if matched == needle.count { found += 1 }
                }
                index += 1
            }
        }
        return found
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
        private var headerCache: [Int: (headers: [HeaderField], bodyStart: Int)] = [:]

        init(base: UnsafeRawPointer, count: Int) {
            self.base = base
            self.count = count
        }

        /// The header fields of the part starting at `start` and where its body begins.
        /// Only the header bytes are copied: a deep tree must not copy its body per level.
        func split(from start: UnsafePointer<CChar>?, length: Int) -> (
            headers: [HeaderField], bodyStart: Int, end: Int
        ) {
            guard let offset = offset(of: start) else { return ([], 0, 0) }
            let end = min(count, offset + max(0, length))
            let bodyStart = headerEnd(from: offset, to: end)
            if let cached = headerCache[offset], cached.bodyStart == bodyStart {
                return (cached.headers, bodyStart, end)
            }
            let headerBytes = Data(bytes: base + offset, count: bodyStart - offset)
            let headers = HeaderBlock.split(headerBytes).headers
            headerCache[offset] = (headers, bodyStart)
            return (headers, bodyStart, end)
        }

        /// The bytes from `start` to `end`.
        func bytes(_ start: Int, _ end: Int) -> Data {
            guard start >= 0, start < end, end <= count else { return Data() }
            return Data(bytes: base + start, count: end - start)
        }

        /// The offset just after the empty line that ends the header block at `start`.
        private func headerEnd(from start: Int, to end: Int) -> Int {
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            var index = start
            while index < end {
                if bytes[index] == 0x0A, index == start { return index + 1 }
                if bytes[index] == 0x0D, index == start, index + 1 < end, bytes[index + 1] == 0x0A
                {
                    return index + 2
                }
                if bytes[index] == 0x0A {
                    var next = index + 1
                    if next < end, bytes[next] == 0x0D { next += 1 }
                    if next < end, bytes[next] == 0x0A { return next + 1 }
                }
                index += 1
            }
            return end
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
            // The multipart's own body is only its children: not copied.
            return MIMEPart(
                shape: .multipart, headers: split.headers, rawBody: Data(),
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
                    let raw = region.bytes(split.bodyStart, split.end)
                    let content = undoEncoding(raw, headers: split.headers)
                    return attachedMessage(headers: split.headers, content: content, depth: depth)
                }
            }
            return MIMEPart(
                shape: .message, headers: split.headers,
                rawBody: region.bytes(split.bodyStart, split.end), body: Data(),
                children: children)

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
