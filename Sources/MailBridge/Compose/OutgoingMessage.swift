import Foundation

/// A file to attach to an outgoing message.
public struct OutgoingAttachment: Sendable {
    /// The name shown to the recipient; Polish letters are written with RFC 2231.
    public var filename: String
    /// The MIME type; `application/octet-stream` when unknown.
    public var contentType: String
    /// The file's bytes, written base64.
    public var data: Data

    /// A file named `filename` of type `contentType`.
    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// An outgoing message before it is rendered to bytes.
public struct OutgoingMessage: Sendable {
    /// The department's address.
    public var from: MailAddress
    /// The recipients; at least one.
    public var to: [MailAddress]
    /// Where answers go: the department plus-address carrying the delivery's token.
    public var replyTo: MailAddress?
    /// The subject; RFC 2047 encoded when not plain ASCII.
    public var subject: String
    /// Message-ID without angle brackets.
    public var messageID: String
    /// The Date header's time.
    public var date: Date
    /// Plain-text body with `\n` line ends; rendered as UTF-8 quoted-printable.
    public var body: String
    /// Files sent as multipart/mixed parts.
    public var attachments: [OutgoingAttachment]
    /// Further header fields (name, value), such as Auto-Submitted or
    /// Disposition-Notification-To. Values are checked for CR, LF and NUL.
    public var extraHeaders: [HeaderField]
    /// In-Reply-To / References for a message that answers another, without brackets.
    public var inReplyTo: String?

    /// A message ready for `MessageComposer.render(_:)`.
    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String,
        messageID: String, date: Date, body: String, attachments: [OutgoingAttachment] = [],
        extraHeaders: [HeaderField] = [], inReplyTo: String? = nil
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.body = body
        self.attachments = attachments
        self.extraHeaders = extraHeaders
        self.inReplyTo = inReplyTo
    }
}

/// A header value or address built from data held CR, LF or NUL, which would let the data
/// write headers of its own.
public struct HeaderInjectionError: Error, CustomStringConvertible {
    /// The header concerned; the value itself is kept out (it may be personal data).
    public var field: String

    /// For writers of raw mail elsewhere in the package (the demo's client styles).
    package init(field: String) {
        self.field = field
    }

    public var description: String { "refusing a line break or NUL in the \(field) header" }
}

/// An outgoing message that cannot be written as valid mail: a malformed address or
/// Message-ID, no recipient, or an extra header that clashes with one the composer writes.
public struct MessageFormatError: Error, CustomStringConvertible {
    /// The header the problem was found in.
    public var field: String
    /// What is wrong, without the offending value (it may be personal data).
    public var reason: String
    public var description: String { "cannot write the \(field) header: \(reason)" }
}
