import Foundation

/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in header text.
enum EncodedWord {
    private static let pattern: NSRegularExpression? = try? NSRegularExpression(
        pattern: "=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*?)\\?=")

    /// `text` with every encoded word decoded. Whitespace between adjacent encoded words is
    /// dropped (RFC 2047 §6.2), and adjacent words in one charset are joined before
    /// conversion so a character split across two words survives.
    static func decode(_ text: String) -> String {
        guard text.contains("=?"), let pattern else { return text }
        let source = text as NSString
        let matches = pattern.matches(
            in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }

        var output = ""
        var cursor = 0
        var pendingBytes: [UInt8] = []
        var pendingCharset: String?

        func flush() {
            guard let charset = pendingCharset else { return }
            output += convert(pendingBytes, charset: charset)
            pendingBytes = []
            pendingCharset = nil
        }

        for match in matches {
            let gap = source.substring(
                with: NSRange(location: cursor, length: match.range.location - cursor))
            let charset = charsetName(source.substring(with: match.range(at: 1)))
            let isQ = source.substring(with: match.range(at: 2)).lowercased() == "q"
            let payload = source.substring(with: match.range(at: 3))
            let bytes = isQ ? qDecode(payload) : Base64Text.decode(payload)

            let adjacent =
                pendingCharset != nil
                && gap.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            if !adjacent {
                flush()
                output += gap
            }
            if pendingCharset != nil, pendingCharset != charset { flush() }
            pendingCharset = charset
            pendingBytes += bytes
            cursor = match.range.location + match.range.length
        }
        flush()
        output += source.substring(from: cursor)
        return output
    }

    /// The charset without an RFC 2231 language suffix (`utf-8*pl`).
    private static func charsetName(_ raw: String) -> String {
        String(raw.split(separator: "*", maxSplits: 1).first ?? Substring(raw)).lowercased()
    }

    private static func convert(_ bytes: [UInt8], charset: String) -> String {
        TextDecoder.text(Data(bytes), charset: charset)
    }

    /// The "Q" encoding: `_` is a space, `=XX` a byte.
    static func qDecode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                result.append(0x20)
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                let value = hexValue(bytes[index + 1], bytes[index + 2])
            {
                result.append(value)
                index += 2
            } else {
                result.append(byte)
            }
            index += 1
        }
        return result
    }

    /// The byte two hex digits stand for.
    static func hexValue(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = hexDigit(high), let low = hexDigit(low) else { return nil }
        return high << 4 | low
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
