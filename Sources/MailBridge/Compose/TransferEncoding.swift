import Foundation

/// The content transfer encodings the composer writes: quoted-printable for text and
/// base64 for files (RFC 2045 sections 6.7 and 6.8), both with CRLF line ends.
package enum TransferEncoding {
    /// RFC 2045 limits encoded lines to 76 characters.
    package static let lineLimit = 76

    /// Quoted-printable text with CRLF hard line breaks.
    ///
    /// LF and CRLF in the input are line breaks; a lone CR is data and is written `=0D`, so
    /// no bare CR or LF reaches the wire. A `.` starting a line and `From ` starting a line
    /// are escaped too, which keeps relays that dot-stuff or mangle mbox lines harmless.
    package static func quotedPrintable(_ text: String, encoding: String.Encoding = .utf8)
        -> String
    {
        let bytes = Array(text.data(using: encoding, allowLossyConversion: true) ?? Data())
        return quotedPrintable(bytes: bytes)
    }

    /// Quoted-printable for bytes already in the target charset.
    package static func quotedPrintable(bytes: [UInt8]) -> String {
        logicalLines(bytes).map(encodeLine).joined(separator: "\r\n")
    }

    /// Base64 in lines of 76 characters joined by CRLF, without a final line end.
    package static func base64(_ data: Data) -> String {
        let encoded = Array(data.base64EncodedString().utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLimit, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// Lines of text with any of CRLF, LF or CR turned into CRLF (for 8bit bodies).
    package static func crlfLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// `=XX` with upper-case hex digits, as RFC 2045 requires.
    package static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    // MARK: - Quoted-printable lines

    private static func logicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if byte == 0x0A {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
            index += 1
        }
        lines.append(current)
        return lines
    }

    private static func encodeLine(_ line: [UInt8]) -> String {
        let startsWithFrom = line.starts(with: Array("From ".utf8))
        var physical: [String] = []
        var current = ""

        for (offset, byte) in line.enumerated() {
            let isLast = offset == line.count - 1
            var token = literalOrEscape(byte, isLast: isLast)
            if offset == 0, startsWithFrom {
                token = hexEscape(byte)
            }
            // Room for the soft break "=" at the end of a full line.
            if current.count + token.count > lineLimit - 1 {
                physical.append(current + "=")
                current = ""
            }
            if current.isEmpty, token == "." {
                token = hexEscape(byte)
            }
            current += token
        }
        physical.append(current)
        return physical.joined(separator: "\r\n")
    }

    private static func literalOrEscape(_ byte: UInt8, isLast: Bool) -> String {
        switch byte {
        case 0x21...0x3C, 0x3E...0x7E:
            return String(Character(Unicode.Scalar(byte)))
        case 0x20, 0x09:
            return isLast ? hexEscape(byte) : String(Character(Unicode.Scalar(byte)))
        default:
            return hexEscape(byte)
        }
    }
}
