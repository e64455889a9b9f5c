import Foundation

/// Bodies sent with `Content-Transfer-Encoding: x-uuencode` (never standardised, still
/// written by old Mac and Unix mailers).
enum Uudecode {
    private static let encodings: Set<String> = ["x-uuencode", "uuencode", "x-uue", "uue"]

    /// The file of a uuencoded part, or nil when the part is not uuencoded.
    static func files(in part: MIMEPart) -> [InboundAttachment]? {
        let encoding =
            part.headers.first(named: "Content-Transfer-Encoding")?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard encodings.contains(encoding) else { return nil }

        let decoded = decode(part.rawBody)
        let name = AttachmentCollector.filename(of: part) ?? decoded.name ?? "attachment.bin"
        return [InboundAttachment(filename: name, contentType: part.mimeType, data: decoded.data)]
    }

    /// Decodes the `begin … end` block of `data`; an empty body gives no bytes.
    static func decode(_ data: Data) -> (name: String?, data: Data) {
        var name: String?
        var output = Data()
        var inside = false
        for line in HeaderBlock.lines(data) {
            if !inside {
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("begin ") {
                    let fields = text.split(separator: " ", maxSplits: 2)
                    if fields.count == 3 { name = TextDecoder.headerText(Array(fields[2].utf8)) }
                    inside = true
                }
                continue
            }
            if line.starts(with: Array("end".utf8)) && line.count <= 4 { break }
            guard let first = line.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            if count == 0 { continue }
            output.append(contentsOf: decodeLine(Array(line.dropFirst()), count: count))
        }
        return (name, output)
    }

    private static func decodeLine(_ bytes: [UInt8], count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index + 3 < bytes.count + 3, result.count < count {
            func value(_ offset: Int) -> UInt8 {
                index + offset < bytes.count ? (bytes[index + offset] &- 0x20) & 0x3F : 0
            }
            let a = value(0)
            let b = value(1)
            let c = value(2)
            let d = value(3)
            result.append(a << 2 | b >> 4)
            if result.count < count { result.append(b << 4 | c >> 2) }
            if result.count < count { result.append(c << 6 | d) }
            index += 4
            if index >= bytes.count { break }
        }
        return result
    }
}
