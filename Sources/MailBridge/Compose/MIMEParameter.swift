import Foundation

/// MIME header parameters: quoted values, RFC 2231 extended values with continuations,
/// and the plain-ASCII fallback name for clients that read neither.
package enum MIMEParameter {
    /// The longest percent-encoded segment per continuation line.
    package static let segmentLength = 54

    /// `attribute="value"` with `"` and `\` escaped (RFC 2045 / RFC 5322 quoted-string).
    package static func quoted(_ attribute: String, _ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == "\"" || character == "\\" {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return "\(attribute)=\"\(escaped)\""
    }

    /// RFC 2231 extended parameter: `attr*=charset''%XX…`, or `attr*0*=…; attr*1*=…` when
    /// the encoded value is long. Segments never split a `%XX` escape.
    package static func extended(
        _ attribute: String, value: String, encoding: String.Encoding = .utf8,
        charset: String = "utf-8"
    ) -> [String] {
        let data = value.data(using: encoding) ?? Data(value.utf8)
        let usedCharset = value.data(using: encoding) == nil ? "utf-8" : charset
        let escapes = data.map(percentEscape)

        var segments: [String] = []
        var current = ""
        for escape in escapes {
            if current.count + escape.count > segmentLength {
                segments.append(current)
                current = ""
            }
            current += escape
        }
        segments.append(current)

        guard segments.count > 1 else {
            return ["\(attribute)*=\(usedCharset)''\(segments[0])"]
        }
        return segments.enumerated().map { index, segment in
            let prefix = index == 0 ? "\(usedCharset)''" : ""
            return "\(attribute)*\(index)*=\(prefix)\(segment)"
        }
    }

    /// A plain-ASCII stand-in for `filename`: Polish letters lose their marks, other
    /// non-ASCII and unsafe characters become `_`, and long names are shortened keeping
    /// the extension.
    package static func asciiFallback(_ filename: String, maxLength: Int = 60) -> String {
        var result = ""
        for scalar in filename.precomposedStringWithCanonicalMapping.unicodeScalars {
            if let plain = polishLetters[scalar] {
                result += plain
                continue
            }
            let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                .first ?? scalar
            let isSafe = base.isASCII && base.value >= 0x20 && base.value < 0x7F
                && !"\"\\/:*?<>|".unicodeScalars.contains(base)
            result.unicodeScalars.append(isSafe ? base : "_")
        }
        guard result.count > maxLength else { return result }

        let dot = result.lastIndex(of: ".")
        let ext = dot.map { String(result[$0...]) } ?? ""
        let keepExtension = ext.count < maxLength / 2
        let stemLength = maxLength - (keepExtension ? ext.count : 0)
        return String(result.prefix(stemLength)) + (keepExtension ? ext : "")
    }

    // MARK: - Private

    /// RFC 2231 attribute-char, as narrowed by RFC 5987 (attr-char).
    private static func percentEscape(_ byte: UInt8) -> String {
        let isAttrChar: Bool
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            isAttrChar = true
        default:
            isAttrChar = "!#$&+-.^_`|~".utf8.contains(byte)
        }
        if isAttrChar {
            return String(Character(Unicode.Scalar(byte)))
        }
        return "%" + TransferEncoding.hexEscape(byte).dropFirst()
    }

    private static let polishLetters: [Unicode.Scalar: String] = [
        "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z",
        "ż": "z", "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S",
        "Ź": "Z", "Ż": "Z",
    ]
}
