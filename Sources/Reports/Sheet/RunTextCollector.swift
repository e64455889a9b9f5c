/// Gathers the text of a shared or inline string: every `<t>`, in plain or rich runs,
/// except those of phonetic `<rPh>` runs; each `<t>` trimmed unless it preserves space.
struct RunTextCollector {
    private var parts: [String] = []
    private var current = ""
    private var inText = false
    private var preserve = false
    private var phoneticDepth = 0
    /// Whether any `<t>` was seen.
    private(set) var sawText = false

    /// The joined text with `_xHHHH_` escapes decoded.
    var value: String { OOXMLText.unescaped(parts.joined()) }

    /// Feeds one node of the string's subtree.
    mutating func take(_ reader: XMLStreamReader) {
        switch reader.kind {
        case .element where reader.nameIs("rPh"):
            if !reader.isEmptyElement { phoneticDepth += 1 }
        case .endElement where reader.nameIs("rPh"):
            phoneticDepth = max(0, phoneticDepth - 1)
        case .element where reader.nameIs("t") && phoneticDepth == 0:
            sawText = true
            guard !reader.isEmptyElement else { return }
            inText = true
            preserve = reader.preservesSpace
            current = ""
        case .endElement where reader.nameIs("t") && inText:
            inText = false
            parts.append(preserve ? current : OOXMLText.trimmed(current))
        case .text where inText:
            current += reader.text
        default:
            break
        }
    }
}
