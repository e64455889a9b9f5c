import Foundation

/// One node of a parsed MIME tree, in plain Swift values.
///
/// Built by `MIMETree` from libetpan's structure; everything above it reads these values only.
struct MIMEPart: Sendable {
    /// How libetpan split this node.
    enum Shape: Sendable {
        case single
        case multipart
        case message
    }

    var shape: Shape
    /// The header fields of this part (for a `.message` node: of the part that carries it).
    var headers: [HeaderField]
    /// The body bytes as they stand in the message, transfer encoding not yet undone.
    var rawBody: Data
    /// The body bytes with base64 or quoted-printable undone.
    var body: Data
    /// Sub-parts of a multipart, or the one embedded message of a `.message` node.
    var children: [MIMEPart]

    /// The parsed Content-Type of this part, `text/plain` when absent (RFC 2045 §5.2).
    var contentType: ContentField {
        let value = headers.first(named: "Content-Type")
        guard let value else {
            return ContentField(value: "text/plain", parameters: [:])
        }
        let field = ContentField.parse(value)
        return field.value.contains("/") ? field : ContentField(value: "text/plain", parameters: [:])
    }

    /// The parsed Content-Disposition, if any.
    var disposition: ContentField? {
        headers.first(named: "Content-Disposition").map(ContentField.parse)
    }

    /// The lower-case `type/subtype`.
    var mimeType: String { contentType.value }

    /// The Content-ID without angle brackets.
    var contentID: String? {
        guard let raw = headers.first(named: "Content-ID") else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
    }

    /// Every node below this one, depth first, this one included.
    func walk(_ visit: (MIMEPart, _ depth: Int) -> Bool, depth: Int = 0) {
        guard visit(self, depth) else { return }
        for child in children {
            child.walk(visit, depth: depth + 1)
        }
    }
}

extension Array where Element == HeaderField {
    /// The first value of a field by case-insensitive name.
    func first(named name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// All values of a field by case-insensitive name.
    func all(named name: String) -> [String] {
        filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}
