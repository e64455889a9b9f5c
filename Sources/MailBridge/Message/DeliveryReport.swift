import Foundation

/// What the reports inside a message say: delivery status (RFC 3464 or a plain-text
/// bounce), feedback (RFC 5965) or disposition (RFC 8098), and the returned original.
struct DeliveryReport: Sendable {
    /// Which kind of report the message carries.
    enum Form: Sendable {
        case none
        case deliveryStatus
        case textBounce
        case feedback
        case disposition
    }

    var form: Form = .none
    var recipients: [ReportedRecipient] = []
    var returnedMessageIDs: [String] = []
    var returnedRecipients: [String] = []
    /// Paths (child indexes from the root) of the parts that are returned originals or
    /// report bodies, which are not files the sender submitted.
    var returnedParts: Set<[Int]> = []

    /// Reads the reports of the message rooted at `root`.
    static func read(root: MIMEPart, message: InboundMessage, bodyText: String) -> DeliveryReport {
        var report = DeliveryReport()
        let top = reportParts(root)

        if let status = top.first(where: { isType($0.part, ["delivery-status"]) }) {
            report.form = .deliveryStatus
            report.recipients = DeliveryStatusBlock.recipients(
                in: TextDecoder.text(status.part.body, charset: "utf-8"))
        } else if top.contains(where: { isType($0.part, ["feedback-report"]) })
            || reportType(root) == "feedback-report"
        {
            report.form = .feedback
        } else if top.contains(where: { isType($0.part, ["disposition-notification"]) })
            || reportType(root) == "disposition-notification"
        {
            report.form = .disposition
        } else if let bounce = TextBounce.read(
            message: message, bodyText: bodyText,
            isReport: reportType(root) == "delivery-status")
        {
            report.form = .textBounce
            report.recipients = bounce.recipients
            report.returnedMessageIDs = bounce.returnedMessageIDs
            report.returnedRecipients = bounce.returnedRecipients
        }
        guard report.form != .none else { return report }

        for item in top where item.part.shape == .message || isReturnedHeaders(item.part) {
            report.returnedParts.insert(item.path)
            let headers =
                item.part.shape == .message
                ? (item.part.children.first?.headers ?? [])
                : HeaderBlock.parse(item.part.body)
            report.returnedMessageIDs += headers.all(named: "Message-ID")
                .flatMap(AddressList.messageIDs)
            report.returnedRecipients += headers.all(named: "To")
                .flatMap(AddressList.parse).map(\.address)
        }
        for item in top
        where isType(
            item.part,
            [
                "delivery-status", "feedback-report", "disposition-notification",
            ])
        {
            report.returnedParts.insert(item.path)
        }
        report.returnedMessageIDs = MessageReader.unique(report.returnedMessageIDs)
        report.returnedRecipients = MessageReader.unique(report.returnedRecipients)
        return report
    }

    /// The `report-type` parameter of the top-level multipart/report, lower case.
    private static func reportType(_ root: MIMEPart) -> String? {
        let body = root.children.first ?? root
        guard body.mimeType == "multipart/report" || root.mimeType == "multipart/report"
        else { return nil }
        return (body.contentType["report-type"] ?? root.contentType["report-type"])?
            .lowercased()
    }

    /// The parts of the message's own body, not inside an attached message, with paths.
    private static func reportParts(_ root: MIMEPart) -> [(part: MIMEPart, path: [Int])] {
        var found: [(MIMEPart, [Int])] = []
        func visit(_ part: MIMEPart, _ path: [Int]) {
            for (index, child) in part.children.enumerated() {
                let childPath = path + [index]
                found.append((child, childPath))
                if child.shape != .message { visit(child, childPath) }
            }
        }
        visit(root, [])
        return found
    }

    /// Whether a part is `message/<name>` or `message/global-<name>` for one of `names`.
    private static func isType(_ part: MIMEPart, _ names: [String]) -> Bool {
        let type = part.mimeType
        return names.contains { type == "message/\($0)" || type == "message/global-\($0)" }
    }

    private static func isReturnedHeaders(_ part: MIMEPart) -> Bool {
        let type = part.mimeType
        return type == "text/rfc822-headers" || type == "message/global-headers"
            || (type == "message/rfc822" && part.shape != .message)
    }
}

/// The per-recipient blocks of a `message/delivery-status` body (RFC 3464 §2.3).
enum DeliveryStatusBlock {
    static func recipients(in text: String) -> [ReportedRecipient] {
        var blocks: [[HeaderField]] = []
        var current: [String] = []
        let lines = BodyText.normalizeLines(text)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let trimmed = String(line)
            if trimmed.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { blocks.append(fields(current)) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { blocks.append(fields(current)) }

        return blocks.compactMap(recipient)
    }

    private static func fields(_ lines: [String]) -> [HeaderField] {
        HeaderBlock.parse(Data(lines.joined(separator: "\n").utf8))
    }

    private static func recipient(_ block: [HeaderField]) -> ReportedRecipient? {
        let original = block.first(named: "Original-Recipient").flatMap(address)
        let final = block.first(named: "Final-Recipient").flatMap(address)
        guard let address = original ?? final else { return nil }

        let action =
            (block.first(named: "Action") ?? "")
            .split(separator: " ").first.map { $0.lowercased() } ?? ""
        let status = block.first(named: "Status").flatMap(StatusCode.find)
        let diagnostic = block.first(named: "Diagnostic-Code") ?? ""
        let reason = FailureReason.diagnose(status: status, text: diagnostic)
        return ReportedRecipient(
            address: address, action: action.isEmpty ? inferredAction(status) : action,
            status: status, reason: reason)
    }

    /// `rfc822; a@b` → `a@b`; nil when no address is left.
    private static func address(_ value: String) -> String? {
        var text = Substring(value)
        if let semicolon = text.firstIndex(of: ";") {
            text = text[text.index(after: semicolon)...]
        }
        let bare = AddressList.bare(String(text))
        return bare.contains("@") ? bare : nil
    }

    private static func inferredAction(_ status: String?) -> String {
        guard let status else { return "failed" }
        if status.hasPrefix("4") { return "delayed" }
        if status.hasPrefix("2") { return "delivered" }
        return "failed"
    }
}

/// Enhanced status codes (RFC 3463) in text.
enum StatusCode {
    private static let pattern = try? NSRegularExpression(
        pattern: "(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9]|\\.[0-9])")

    /// The first code in `text`, such as `5.1.1`.
    static func find(_ text: String) -> String? {
        all(text).first
    }

    /// Every code in `text`, in order.
    static func all(_ text: String) -> [String] {
        guard let pattern else { return [] }
        let source = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: source.length))
            .map { source.substring(with: $0.range) }
    }
}
