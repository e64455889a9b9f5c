import Foundation

/// Turns bytes into text: declared charsets, lying declarations and undeclared 8-bit bytes.
enum TextDecoder {
    /// Charsets whose bytes are one character each; valid UTF-8 declared as one of these is
    /// taken for UTF-8 (a client that labelled its text wrongly).
    private static let singleBytePrefixes = [
        "US-ASCII", "ASCII", "ISO-8859", "WINDOWS-125", "CP125", "KOI8", "ISO_8859",
    ]

    /// The text of a header value or parameter given as raw bytes: UTF-8 when valid, else the
    /// Polish fallback.
    static func headerText<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self) { return text }
        return fallback(array)
    }

    /// The text of a body in its declared charset, or guessed when none is declared.
    static func text(_ data: Data, charset: String?) -> String {
        let bytes = [UInt8](data)
        guard bytes.contains(where: { $0 >= 0x80 || $0 == 0x1B }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let charset, !charset.isEmpty else { return headerText(bytes) }

        let name = CharsetConverter.canonicalName(charset)
        let isSingleByte = singleBytePrefixes.contains { name.hasPrefix($0) }
        if name == "UTF-8" || isSingleByte || name == "UNKNOWN-8BIT" || name == "X-UNKNOWN" {
            if let text = String(validating: bytes, as: UTF8.self) { return text }
        }
        if name == "UTF-8" || name == "US-ASCII" || name == "ASCII" { return fallback(bytes) }
        if let text = CharsetConverter.convert(bytes, from: name) { return text }
        return fallback(bytes)
    }

    /// Undeclared or undecodable 8-bit bytes: Windows-1250 when C1 bytes occur (they are
    /// letters there and controls in ISO-8859-2), else ISO-8859-2.
    static func fallback(_ bytes: [UInt8]) -> String {
        let usesC1 = bytes.contains { $0 >= 0x80 && $0 <= 0x9F }
        let charset = usesC1 ? "WINDOWS-1250" : "ISO-8859-2"
        if let text = CharsetConverter.convert(bytes, from: charset) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}
