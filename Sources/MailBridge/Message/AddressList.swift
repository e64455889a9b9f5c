import Foundation

/// Reads address headers (RFC 5322 §3.4): lists, display names, groups, comments.
enum AddressList {
    /// Every mailbox in a header value such as `"Nowak, Anna" <anna@example.org>, b@example.net`.
    static func parse(_ text: String) -> [MailAddress] {
        splitTopLevel(text).compactMap(parseOne)
    }

    /// A single address with angle brackets stripped (Message-ID style `<x@y>` or `x@y`).
    static func bare(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = trimmed.firstIndex(of: "<"),
            let close = trimmed[open...].firstIndex(of: ">")
        {
            return String(trimmed[trimmed.index(after: open)..<close])
                .trimmingCharacters(in: .whitespaces)
        }
        return trimmed
    }

    /// The ids of a Message-ID, In-Reply-To or References value, without angle brackets.
    static func messageIDs(_ text: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            ids = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                .map(String.init).filter { $0.contains("@") }
        }
        return ids
    }

    private static func parseOne(_ piece: Substring) -> MailAddress? {
        var text = piece.trimmingCharacters(in: .whitespacesAndNewlines)
        // A group ("Team: a@x, b@y;") keeps its members; the splitter already cut them.
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("<"),
            !text[..<colon].contains("\"")
        {
            text = String(text[text.index(after: colon)...])
        }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ;\t"))
        guard !text.isEmpty else { return nil }

        if let open = text.lastIndex(of: "<") {
            let close = text[open...].firstIndex(of: ">") ?? text.endIndex
            let address = text[text.index(after: open)..<close]
                .trimmingCharacters(in: .whitespaces)
            let name = displayName(String(text[..<open]))
            guard !address.isEmpty else { return nil }
            return MailAddress(name: name, address: address)
        }

        var name: String?
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            name = displayName(String(text[text.index(after: open)..<close]))
            text = String(text[..<open]) + String(text[text.index(after: close)...])
        }
        let address = text.trimmingCharacters(in: .whitespaces)
        guard address.contains("@") || !address.contains(" ") else { return nil }
        return MailAddress(name: name, address: address)
    }

    private static func displayName(_ raw: String) -> String? {
        var name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
            name = String(name.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"")
                .replacingOccurrences(of: "\\\\", with: "\\")
        }
        name = EncodedWord.decode(name).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// Splits at commas and group ends outside quotes, angle brackets and comments.
    private static func splitTopLevel(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var escaped = false
        var angle = 0
        var comment = 0
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"" where comment == 0: quoted.toggle()
            case "<" where !quoted && comment == 0: angle += 1
            case ">" where !quoted && comment == 0: angle = max(0, angle - 1)
            case "(" where !quoted: comment += 1
            case ")" where !quoted: comment = max(0, comment - 1)
            case ",", ";":
                if !quoted && angle == 0 && comment == 0 {
                    pieces.append(text[start..<index])
                    start = text.index(after: index)
                }
            default: break
            }
        }
        pieces.append(text[start...])
        return pieces
    }
}
