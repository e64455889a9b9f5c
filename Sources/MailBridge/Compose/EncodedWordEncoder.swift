import Foundation

/// RFC 2047 encoded words for header text that is not plain ASCII.
///
/// Words never split a character (RFC 2047 section 5 forbids splitting a multi-byte
/// sequence; we keep whole grapheme clusters together where they fit).
package enum EncodedWordEncoder {
    /// The longest word we write. RFC 2047 allows 75; 66 leaves room for a header name
    /// such as `Reply-To: ` on the first line while keeping every line within 78.
    package static let defaultMaxLength = 66

    /// The two encodings RFC 2047 defines.
    package enum Style: Sendable {
        case q
        case b
        /// Whichever gives the shorter text.
        case shorter
    }

    /// Whether `text` must be encoded: anything outside printable ASCII, or a `=?` that a
    /// reader could mistake for the start of an encoded word.
    package static func needsEncoding(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 > 0x7E } || text.contains("=?")
    }

    /// Encodes `text` as encoded words of at most `maxLength` characters each.
    /// - Parameters:
    ///   - encoding: the byte encoding; characters it cannot hold fall back to UTF-8 words.
    ///   - charset: the charset name written into each word.
    package static func encode(
        _ text: String, style: Style = .shorter, encoding: String.Encoding = .utf8,
        charset: String = "utf-8", maxLength: Int = defaultMaxLength
    ) -> [String] {
        switch style {
        case .q, .b:
            return words(text, style: style, encoding: encoding, charset: charset,
                         maxLength: maxLength)
        case .shorter:
            let q = words(text, style: .q, encoding: encoding, charset: charset,
                          maxLength: maxLength)
            let b = words(text, style: .b, encoding: encoding, charset: charset,
                          maxLength: maxLength)
            let qLength = q.reduce(0) { $0 + $1.count }
            let bLength = b.reduce(0) { $0 + $1.count }
            return qLength <= bLength ? q : b
        }
    }

    // MARK: - Building words

    private static func words(
        _ text: String, style: Style, encoding: String.Encoding, charset: String,
        maxLength: Int
    ) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var currentCharset = charset

        func flush() {
            guard !current.isEmpty else { return }
            result.append(word(current, style: style, charset: currentCharset))
            current = []
        }

        for unit in units(text, encoding: encoding, charset: charset) {
            if unit.charset != currentCharset {
                flush()
                currentCharset = unit.charset
            }
            let budget = maxLength - overhead(currentCharset)
            for piece in split(unit.bytes, style: style, budget: budget) {
                if encodedLength(current + piece, style: style) > budget {
                    flush()
                }
                current += piece
            }
        }
        flush()
        return result.isEmpty ? [word([], style: style, charset: charset)] : result
    }

    private struct Unit {
        var bytes: [UInt8]
        var charset: String
    }

    /// One unit per character, in the wanted encoding where it can be represented.
    private static func units(
        _ text: String, encoding: String.Encoding, charset: String
    ) -> [Unit] {
        text.map { character in
            let string = String(character)
            if encoding != .utf8, let data = string.data(using: encoding) {
                return Unit(bytes: Array(data), charset: charset)
            }
            let fallback = encoding == .utf8 ? charset : "utf-8"
            return Unit(bytes: Array(string.utf8), charset: fallback)
        }
    }

    /// A character too long for one word is split at Unicode scalar boundaries.
    private static func split(_ bytes: [UInt8], style: Style, budget: Int) -> [[UInt8]] {
        guard encodedLength(bytes, style: style) > budget else { return [bytes] }
        guard let string = String(bytes: bytes, encoding: .utf8) else {
            return bytes.map { [$0] }
        }
        return string.unicodeScalars.map { Array(String($0).utf8) }
    }

    private static func overhead(_ charset: String) -> Int {
        "=?".count + charset.count + "?Q?".count + "?=".count
    }

    private static func encodedLength(_ bytes: [UInt8], style: Style) -> Int {
        switch style {
        case .b, .shorter:
            return (bytes.count + 2) / 3 * 4
        case .q:
            return bytes.reduce(0) { $0 + (isLiteralQ($1) || $1 == 0x20 ? 1 : 3) }
        }
    }

    private static func word(_ bytes: [UInt8], style: Style, charset: String) -> String {
        switch style {
        case .b, .shorter:
            return "=?\(charset)?B?\(Data(bytes).base64EncodedString())?="
        case .q:
            var text = ""
            for byte in bytes {
                if byte == 0x20 {
                    text.append("_")
                } else if isLiteralQ(byte) {
                    text.append(Character(Unicode.Scalar(byte)))
                } else {
                    text.append(TransferEncoding.hexEscape(byte))
                }
            }
            return "=?\(charset)?Q?\(text)?="
        }
    }

    /// The characters RFC 2047 section 5 (3) allows unencoded even inside a phrase.
    private static func isLiteralQ(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
