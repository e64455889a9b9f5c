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
    /// The parsed Content-Type, `text/plain` when absent or unusable (RFC 2045 §5.2).
    let contentType: ContentField
    /// The parsed Content-Disposition, if any.
    let disposition: ContentField?

    init(shape: Shape, headers: [HeaderField], rawBody: Data, body: Data, children: [MIMEPart]) {
        self.shape = shape
        self.headers = headers
        self.rawBody = rawBody
        self.body = body
        self.children = children
        let field = headers.first(named: "Content-Type").map(ContentField.parse)
        if let field, field.value.contains("/") {
            contentType = field
        } else {
            contentType = ContentField(value: "text/plain", parameters: [:])
        }
        disposition = headers.first(named: "Content-Disposition").map(ContentField.parse)
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
        first { Self.sameName($0.name, name) }?.value
    }

    /// All values of a field by case-insensitive name.
    func all(named name: String) -> [String] {
        filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// ASCII case-insensitive equality; field names are ASCII (RFC 5322 §2.2).
    private static func sameName(_ left: String, _ right: String) -> Bool {
        let a = left.utf8
        let b = right.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }
}
