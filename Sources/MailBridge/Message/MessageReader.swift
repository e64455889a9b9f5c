import Foundation

/// Reads one raw message into an `InboundMessage`. Never fails: a message it cannot make
/// sense of comes back with kind `other` and whatever could be read.
public enum MessageReader {
    /// Parses `raw` (the message as stored, CRLF or LF line ends).
    ///
    /// Synchronous and CPU-bound (libetpan and iconv underneath): callers that read many
    /// messages run it on their own queue or thread, not on the cooperative pool.
    public static func read(_ raw: Data) -> InboundMessage {
        let root = MIMETree.parse(raw)
        var message = readHeaders(root.headers)

        let body = BodyText.extract(from: root)
        message.fullText = body.text
        let report = DeliveryReport.read(root: root, message: message, bodyText: body.text)
        message.reportedRecipients = report.recipients
        message.returnedMessageIDs = report.returnedMessageIDs
        message.returnedRecipients = report.returnedRecipients

        message.kind = MessageClassifier.classify(message, report: report, body: body)
        message.attachments = AttachmentCollector.collect(
            from: root, skipping: report.returnedParts, htmlReferences: body.contentIDs)
        message.text = ReplyText.ownText(of: body.text)
        return message
    }

    /// The fields every message carries, read from the top-level header block.
    static func readHeaders(_ headers: [HeaderField]) -> InboundMessage {
        var message = InboundMessage(headers: headers)
        message.messageID = headers.first(named: "Message-ID")
            .flatMap { AddressList.messageIDs($0).first }
        message.references = uniqueIDs(
            headers.all(named: "In-Reply-To") + headers.all(named: "References"))
        message.subject = headers.first(named: "Subject").map(EncodedWord.decode) ?? ""
        message.from = headers.first(named: "From").flatMap { AddressList.parse($0).first }
        message.to = headers.all(named: "To").flatMap(AddressList.parse)
        message.cc = headers.all(named: "Cc").flatMap(AddressList.parse)

        let delivered = headers.all(named: "Delivered-To") + headers.all(named: "X-Original-To")
        message.deliveredTo = unique(delivered.map(AddressList.bare).filter { !$0.isEmpty })
        message.returnPath = headers.first(named: "Return-Path").map(AddressList.bare)
        message.date = headers.first(named: "Date").flatMap(MailDate.parse)

        let addresses =
            message.to + message.cc
            + message.deliveredTo.map { MailAddress(address: $0) }
        message.tokens = unique(addresses.compactMap(\.plusSuffix))
        return message
    }

    private static func uniqueIDs(_ values: [String]) -> [String] {
        unique(values.flatMap(AddressList.messageIDs))
    }

    /// `values` in order with later repeats dropped.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
