import Foundation

/// The readable text of a message: its text/plain parts, else its HTML made plain, and the
/// Content-IDs its HTML references (those images are part of the body, not files).
struct BodyText: Sendable {
    var text: String
    var contentIDs: Set<String>

    /// Reads the body of the message rooted at `root`; attached messages are not entered.
    static func extract(from root: MIMEPart) -> BodyText {
        var pieces: [String] = []
        var ids = Set<String>()
        collectIDs(root, into: &ids)
        visit(root, isRoot: true, into: &pieces)
        let text = pieces.joined(separator: "\n")
        return BodyText(text: text, contentIDs: ids)
    }

    private static func visit(_ part: MIMEPart, isRoot: Bool, into pieces: inout [String]) {
        switch part.shape {
        case .message:
            guard isRoot, let body = part.children.first else { return }
            visit(body, isRoot: false, into: &pieces)
        case .multipart:
            if part.mimeType == "multipart/alternative" {
                if let best = bestAlternative(part.children) {
                    visit(best, isRoot: false, into: &pieces)
                }
                return
            }
            for child in part.children {
                visit(child, isRoot: false, into: &pieces)
            }
        case .single:
            guard !AttachmentCollector.isFile(part), let text = text(of: part) else { return }
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                pieces.append(text)
            }
        }
    }

    /// text/plain over text/html; a nested multipart counts by what it contains.
    private static func bestAlternative(_ children: [MIMEPart]) -> MIMEPart? {
        func score(_ part: MIMEPart) -> Int {
            if part.shape == .multipart { return part.children.map(score).max() ?? 0 }
            guard !part.body.isEmpty else { return 0 }
            switch part.mimeType {
            case "text/plain": return 3
            case "text/html": return 2
            case let type where type.hasPrefix("text/"): return 1
            default: return 0
            }
        }
        let scored = children.map { ($0, score($0)) }.filter { $0.1 > 0 }
        return scored.max { $0.1 < $1.1 }?.0
    }

    /// The decoded text of a text part, HTML made plain; nil for other types.
    static func text(of part: MIMEPart) -> String? {
        let type = part.mimeType
        let charset = part.contentType["charset"]
        switch type {
        case "text/plain", "text/enriched", "text", "text/x-plain":
            let text = normalizeLines(TextDecoder.text(part.body, charset: charset))
            if part.contentType["format"]?.lowercased() == "flowed" {
                let deleteSpace = part.contentType["delsp"]?.lowercased() == "yes"
                return FlowedText.unflow(text, deleteSpace: deleteSpace)
            }
            return text
        case "text/html":
            let html = TextDecoder.text(
                part.body, charset: charset ?? HTMLText.metaCharset(part.body))
            return HTMLText.plain(html)
        default:
            return nil
        }
    }

    /// `\r\n` and lone `\r` become `\n`.
    static func normalizeLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\r", with: "\n")
    }

    private static func collectIDs(_ part: MIMEPart, into ids: inout Set<String>) {
        if part.shape == .single, part.mimeType == "text/html" {
            let html = String(decoding: part.body, as: UTF8.self)
            ids.formUnion(HTMLText.contentIDReferences(html))
        }
        for child in part.children where child.shape != .message {
            collectIDs(child, into: &ids)
        }
    }
}
