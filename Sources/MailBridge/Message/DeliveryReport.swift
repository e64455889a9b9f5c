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
