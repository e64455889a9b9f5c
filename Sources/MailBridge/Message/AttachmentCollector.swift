import Foundation

/// Finds the files a sender submitted: named or attachment-disposition parts, attached
/// messages (as `.eml`) and the files inside them, uuencoded bodies, the contents of
/// Outlook's winmail.dat.
enum AttachmentCollector {
    /// Collects every file under `root`, leaving out the parts at `skipping` (returned
    /// originals and report bodies) and images the HTML shows by `cid:`.
    static func collect(
        from root: MIMEPart, skipping: Set<[Int]>, htmlReferences: Set<String>
    ) -> [InboundAttachment] {
        var files: [InboundAttachment] = []
        var references = htmlReferences
        visit(
            root, path: [], isRoot: true, skipping: skipping, references: &references,
            into: &files)
        return files
    }

    private static func visit(
        _ part: MIMEPart, path: [Int], isRoot: Bool, skipping: Set<[Int]>,
        references: inout Set<String>, into files: inout [InboundAttachment]
    ) {
        guard !skipping.contains(path) else { return }
        switch part.shape {
        case .message where !isRoot:
            files.append(attachedMessage(part))
            // Files inside an attached message count too; its HTML's images do not.
            guard let inner = part.children.first else { return }
            references.formUnion(BodyText.extract(from: inner).contentIDs)
            visit(
                inner, path: path + [0], isRoot: true, skipping: [], references: &references,
                into: &files)
        case .message, .multipart:
            for (index, child) in part.children.enumerated() {
                visit(
                    child, path: path + [index], isRoot: false, skipping: skipping,
                    references: &references, into: &files)
            }
        case .single:
            if let uuencoded = Uudecode.files(in: part) {
                files += uuencoded
                return
            }
            guard isFile(part) else { return }
            // Images the HTML shows (signature logos) are body, whatever their disposition.
            if let id = part.contentID?.lowercased(), references.contains(id),
                part.mimeType.hasPrefix("image/")
            {
                return
            }
            let name = filename(of: part) ?? invented(for: part)
            if TNEFArchive.isTNEF(part, filename: name),
                let inner = TNEFArchive.files(part.body), !inner.isEmpty
            {
                files += inner
                return
            }
            files.append(
                InboundAttachment(
                    filename: name, contentType: part.mimeType,
                    data: part.body))
        }
    }

    /// Whether a single part is a file rather than body text.
    static func isFile(_ part: MIMEPart) -> Bool {
        if part.disposition?.value == "attachment" { return true }
        if filename(of: part) != nil { return true }
        let type = part.mimeType
        if type.hasPrefix("text/") || type.hasPrefix("multipart/") { return false }
        if reportTypes.contains(type) { return false }
        // Unnamed inline images and other binaries: files, unless the HTML shows them.
        return !part.body.isEmpty && (part.contentID != nil || type.hasPrefix("application/"))
    }

    private static let reportTypes: Set<String> = [
        "message/delivery-status", "message/global-delivery-status", "message/feedback-report",
        "message/disposition-notification", "message/global-disposition-notification",
        "text/rfc822-headers", "message/global-headers", "application/pgp-signature",
        "application/pkcs7-signature", "application/x-pkcs7-signature",
    ]

    /// The decoded file name: RFC 2231 `filename*`, then `filename`, then Content-Type
    /// `name` (both RFC 2047 decoded by `ContentField`).
    static func filename(of part: MIMEPart) -> String? {
        let candidates = [part.disposition?["filename"], part.contentType["name"]]
        for candidate in candidates {
            guard let value = candidate?.trimmingCharacters(in: .whitespaces), !value.isEmpty
            else { continue }
            return value
        }
        return nil
    }

    /// An attached message: named by its file name, else its Subject plus `.eml`.
    private static func attachedMessage(_ part: MIMEPart) -> InboundAttachment {
        var name = filename(of: part)
        if name == nil {
            let subject =
                part.children.first?.headers.first(named: "Subject")
                .map(EncodedWord.decode)?.trimmingCharacters(in: .whitespaces) ?? ""
            name = subject.isEmpty ? "message.eml" : safeName(subject) + ".eml"
        }
        return InboundAttachment(
            filename: name ?? "message.eml", contentType: part.mimeType,
            data: part.rawBody)
    }

    /// A subject as a file name: path separators and control characters replaced.
    private static func safeName(_ subject: String) -> String {
        String(subject.map { "/\\\0".contains($0) || $0.isNewline ? "_" : $0 })
    }

    private static func invented(for part: MIMEPart) -> String {
        let subtype = part.mimeType.split(separator: "/").last.map(String.init) ?? "bin"
        let known = [
            "pdf": "pdf", "png": "png", "jpeg": "jpg", "gif": "gif", "plain": "txt",
            "html": "html", "msword": "doc", "zip": "zip",
        ]
        return "attachment." + (known[subtype] ?? "bin")
    }
}
