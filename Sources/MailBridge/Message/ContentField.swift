import Foundation

/// A structured MIME field such as Content-Type or Content-Disposition: a lower-case value
/// and its parameters, decoded.
///
/// Parameters are read here rather than from libetpan because libetpan returns NULL for
/// RFC 2231 parameters and leaves RFC 2047 words in Content-Disposition undecoded.
struct ContentField: Sendable, Equatable {
    /// `type/subtype` or the disposition type, lower case.
    var value: String
    /// Parameter names in lower case; RFC 2231 continuations joined and decoded.
    var parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    /// Parses a field value (`text/plain; charset="iso-8859-2"`).
    static func parse(_ text: String) -> ContentField {
        let pieces = splitParameters(text)
        let value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, encoded: Bool, value: String)]] = [:]

        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let rawValue = unquote(piece[piece.index(after: equals)...])
            guard !name.isEmpty else { continue }
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = rawValue }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            let encoded = rest.hasSuffix("*") || rest.isEmpty
            let indexText = rest.hasSuffix("*") ? rest.dropLast() : rest
            let index = indexText.isEmpty ? 0 : (Int(indexText) ?? 0)
            extended[base, default: []].append((index, encoded, rawValue))
        }

        var parameters: [String: String] = [:]
        for (name, raw) in plain {
            parameters[name] = EncodedWord.decode(raw)
        }
        for (name, segments) in extended {
            if let joined = joinExtended(segments) { parameters[name] = joined }
        }
        return ContentField(value: value, parameters: parameters)
    }

    /// Joins RFC 2231 segments (§3, §4): sorted by index, percent-decoded where marked,
    /// converted from the charset named in the first segment.
    private static func joinExtended(
        _ segments: [(index: Int, encoded: Bool, value: String)]
    ) -> String? {
        let sorted = segments.sorted { $0.index < $1.index }
        var charset: String?
        var bytes: [UInt8] = []
        for (position, segment) in sorted.enumerated() {
            var text = Substring(segment.value)
            if position == 0, segment.encoded {
                let parts = text.split(
                    separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3 {
                    charset = parts[0].isEmpty ? nil : String(parts[0])
                    text = parts[2]
                }
            }
            bytes += segment.encoded ? percentDecode(text) : Array(text.utf8)
        }
        guard !bytes.isEmpty else { return nil }

        let decoded = TextDecoder.text(Data(bytes), charset: charset)
        return decoded.contains("=?") ? EncodedWord.decode(decoded) : decoded
    }

    private static func percentDecode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = EncodedWord.hexValue(bytes[index + 1], bytes[index + 2])
            {
                result.append(value)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    /// Splits at semicolons outside quoted strings.
    private static func splitParameters(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    /// A parameter value without surrounding quotes or backslash escapes.
    private static func unquote(_ text: Substring) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\"") else { return trimmed }
        var result = ""
        var escaped = false
        for character in trimmed.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }
}
