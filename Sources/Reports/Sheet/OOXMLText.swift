/// The text rules of SpreadsheetML strings: `_xHHHH_` escapes (ECMA-376 part 1, 22.9.2.19
/// ST_Xstring) and the trimming of `<t>` text that lacks `xml:space="preserve"`.
enum OOXMLText {
    /// Drops leading and trailing XML whitespace (space, tab, CR, LF) only.
    static func trimmed(_ text: String) -> String {
        let spaces: [UInt8] = [0x20, 0x09, 0x0D, 0x0A]
        guard let first = text.utf8.first, let last = text.utf8.last,
            spaces.contains(first) || spaces.contains(last)
        else { return text }

        let isSpace: (Unicode.Scalar) -> Bool = { [" ", "\t", "\r", "\n"].contains($0) }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Decodes `_xHHHH_` escapes; `_x005F_` before another escape keeps it literal.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }

        var output = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x",
                scalars[index + 6] == "_",
                let code = UInt32(
                    String(String.UnicodeScalarView(scalars[index + 2...index + 5])),
                    radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                output.append(scalar)
                index += 7
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }
}
