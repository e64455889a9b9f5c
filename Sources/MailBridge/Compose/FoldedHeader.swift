/// Writes one header field folded at the spaces between tokens, so that no line passes
/// 78 characters where the tokens allow it (RFC 5322 section 2.2.3).
package enum FoldedHeader {
    /// The line length RFC 5322 section 2.1.1 asks writers to keep to.
    package static let lineLimit = 78

    /// `Name: token token` with CRLF folds, ending in CRLF. Tokens are joined by one space;
    /// an empty token is never placed at the start of a continuation line.
    package static func render(name: String, tokens: [String]) -> String {
        var text = "\(name):"
        var lineLength = text.count
        var tokensOnLine = 0

        for token in tokens {
            let fits = lineLength + 1 + token.count <= lineLimit
            if !fits, tokensOnLine > 0, !token.isEmpty {
                text += "\r\n"
                lineLength = 0
                tokensOnLine = 0
            }
            text += " " + token
            lineLength += 1 + token.count
            tokensOnLine += 1
        }
        return text + "\r\n"
    }

    /// Tokens for an unstructured value (Subject and the like): the words as they are when
    /// the value is short printable ASCII, else RFC 2047 encoded words.
    package static func unstructuredTokens(_ value: String) -> [String] {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        let longest = words.map(\.count).max() ?? 0
        if !EncodedWordEncoder.needsEncoding(value), longest <= lineLimit - 2 {
            return words.map(String.init)
        }
        return EncodedWordEncoder.encode(value)
    }
}
