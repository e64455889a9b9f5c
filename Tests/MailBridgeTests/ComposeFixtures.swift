import Foundation

/// Small decoders for reading the composer's output back in tests; deliberately simple and
/// independent of the composer's own encoders.
enum ComposeFixtures {
    /// Splits raw text at the first blank line into unfolded header fields and the body.
    static func split(_ text: String) -> (headers: [(String, String)], body: String) {
        guard let blank = text.range(of: "\r\n\r\n") else { return ([], text) }
        let head = String(text[..<blank.lowerBound])
        let body = String(text[blank.upperBound...])
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: "\t")
        let fields = unfolded.components(separatedBy: "\r\n").compactMap { line in
            line.firstIndex(of: ":").map { colon in
                (String(line[..<colon]),
                 String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        return (fields, body)
    }

    static func header(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Decodes a run of UTF-8 RFC 2047 words separated by white space.
    static func decodeWords(_ value: String) -> String? {
        var bytes: [UInt8] = []
        for word in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let pieces = word.split(separator: "?", omittingEmptySubsequences: false)
            guard pieces.count == 5, pieces[0] == "=", pieces[4] == "=" else { return nil }
            guard pieces[1].lowercased() == "utf-8" else { return nil }
            let text = String(pieces[3])
            if pieces[2].uppercased() == "B" {
                guard let data = Data(base64Encoded: text) else { return nil }
                bytes += data
            } else {
                guard let decoded = qDecode(text) else { return nil }
                bytes += decoded
            }
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    static func qDecode(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let byte = chars.popFirst() {
            if byte == UInt8(ascii: "_") {
                result.append(0x20)
            } else if byte == UInt8(ascii: "=") {
                guard chars.count >= 2,
                      let value = UInt8(String(decoding: chars.prefix(2), as: UTF8.self),
                                        radix: 16)
                else { return nil }
                result.append(value)
                chars = chars.dropFirst(2)
            } else {
                result.append(byte)
            }
        }
        return result
    }

    /// Decodes quoted-printable: soft breaks removed, CRLF kept as line ends.
    static func qpDecode(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "=") else {
                result.append(byte)
                continue
            }
            let pair = Array(bytes.prefix(2))
            bytes = bytes.dropFirst(2)
            if pair == [0x0D, 0x0A] {
                continue
            }
            guard pair.count == 2,
                  let value = UInt8(String(decoding: pair, as: UTF8.self), radix: 16)
            else { return nil }
            result.append(value)
        }
        return result
    }

    /// Joins `name*0*`, `name*1*`… (or a single `name*`) and percent-decodes UTF-8.
    static func rfc2231(_ attribute: String, in value: String) -> String? {
        var segments: [Int: String] = [:]
        for raw in value.split(separator: ";") {
            let param = raw.trimmingCharacters(in: .whitespaces)
            guard let eq = param.firstIndex(of: "=") else { continue }
            let key = String(param[..<eq]).lowercased()
            let val = String(param[param.index(after: eq)...])
            if key == attribute + "*" {
                segments[0] = val
            } else if key.hasPrefix(attribute + "*"), key.hasSuffix("*"),
                      let number = Int(key.dropFirst(attribute.count + 1).dropLast()) {
                segments[number] = val
            }
        }
        guard !segments.isEmpty else { return nil }
        var joined = (0..<segments.count).compactMap { segments[$0] }.joined()
        guard let quotes = joined.range(of: "''") else { return nil }
        guard joined[..<quotes.lowerBound].lowercased() == "utf-8" else { return nil }
        joined = String(joined[quotes.upperBound...])
        return joined.removingPercentEncoding
    }

    /// Whether every LF is preceded by CR and every CR followed by LF.
    static func isCRLFOnly(_ data: Data) -> Bool {
        let bytes = Array(data)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return false }
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { return false }
        }
        return true
    }
}
