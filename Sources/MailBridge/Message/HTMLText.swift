import Foundation

/// A small HTML-to-text step for mail bodies: block elements become line breaks, quoted
/// blocks get `> ` markers, entities are decoded; scripts, styles and heads are dropped.
enum HTMLText {
    private static let blockquoteOpen = "\u{1}BQ+\u{1}"
    private static let blockquoteClose = "\u{1}BQ-\u{1}"

    /// The text a reader would see.
    static func plain(_ html: String) -> String {
        var text = removeElements(html, names: ["script", "style", "head", "title"])
        text = replaceTags(in: text)
        text = decodeEntities(text)
        return markQuotes(text)
    }

    /// The charset named in a `<meta>` tag of HTML bytes, if any.
    static func metaCharset(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    /// The Content-IDs an HTML body refers to with `cid:` (lower case, no brackets).
    static func contentIDReferences(_ html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = Substring(html)
        while let range = rest.range(of: "cid:", options: .caseInsensitive) {
            let tail = rest[range.upperBound...]
            let id = tail.prefix { !"\"' >)\r\n".contains($0) }
            if !id.isEmpty {
                ids.insert(id.lowercased().removingPercentEncoding ?? id.lowercased())
            }
            rest = tail
        }
        return ids
    }

    private static func removeElements(_ html: String, names: [String]) -> String {
        var text = html
        for name in names {
            var output = ""
            var rest = Substring(text)
            while let open = rest.range(of: "<\(name)", options: .caseInsensitive) {
                output += rest[..<open.lowerBound]
                let after = rest[open.upperBound...]
                if let close = after.range(of: "</\(name)>", options: .caseInsensitive) {
                    rest = after[close.upperBound...]
                } else {
                    rest = ""
                }
            }
            output += rest
            text = output
        }
        return text
    }

    private static let breakingTags: Set<String> = [
        "br", "p", "/p", "div", "/div", "tr", "/tr", "li", "/li", "h1", "h2", "h3", "h4",
        "/h1", "/h2", "/h3", "/h4", "table", "/table", "ul", "/ul", "ol", "/ol", "pre", "/pre",
    ]

    /// Tags become nothing, a line break, a separator line (`<hr>`) or a quote marker.
    private static func replaceTags(in html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            guard character == "<" else {
                output.append(character == "\n" || character == "\r" ? " " : character)
                index = html.index(after: index)
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else {
                output += html[index...]
                break
            }
            let tag = html[html.index(after: index)..<close]
            var name = String(tag.prefix { !$0.isWhitespace }).lowercased()
            if name.count > 1, name.hasSuffix("/") { name.removeLast() }
            switch name {
            case "blockquote": output += "\n" + blockquoteOpen + "\n"
            case "/blockquote": output += "\n" + blockquoteClose + "\n"
            case "hr": output += "\n________________________________\n"
            case let name where breakingTags.contains(name): output += "\n"
            default:
                if tag.lowercased().contains("divrplyfwdmsg") {
                    output += "\n________________________________\n"
                }
            }
            index = html.index(after: close)
        }
        return output
    }

    /// Prefixes lines inside blockquotes with `> ` and tidies spaces and blank lines.
    private static func markQuotes(_ text: String) -> String {
        var depth = 0
        var lines: [String] = []
        for raw in text.components(separatedBy: "\n") {
            if raw == blockquoteOpen {
                depth += 1
                continue
            }
            if raw == blockquoteClose {
                depth = max(0, depth - 1)
                continue
            }
            let line = raw.replacingOccurrences(of: "\u{A0}", with: " ")
                .trimmingCharacters(in: .whitespaces)
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line.isEmpty ? "" : String(repeating: "> ", count: depth) + line)
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let namedEntities: [String: String] = [
        "nbsp": "\u{A0}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "oacute": "ó", "Oacute": "Ó", "ndash": "–", "mdash": "—", "hellip": "…",
        "bdquo": "„", "rdquo": "”", "ldquo": "“", "rsquo": "’", "lsquo": "‘",
        "euro": "€",
        "copy": "©", "reg": "®", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä",
        "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é", "egrave": "è", "agrave": "à",
        "ccedil": "ç", "laquo": "«", "raquo": "»", "middot": "·", "bull": "•",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&",
                let semicolon = text[index...].prefix(12).firstIndex(of: ";")
            else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let name = String(text[text.index(after: index)..<semicolon])
            if let value = entityValue(name) {
                output += value
                index = text.index(after: semicolon)
            } else {
                output.append(character)
                index = text.index(after: index)
            }
        }
        return output
    }

    private static func entityValue(_ name: String) -> String? {
        if let value = namedEntities[name] { return value }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let number =
            digits.lowercased().hasPrefix("x")
            ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let number, let scalar = Unicode.Scalar(number) else { return nil }
        return String(Character(scalar))
    }
}
