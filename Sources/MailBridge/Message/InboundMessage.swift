import Foundation

/// An e-mail address with an optional display name, as read from or written to a header.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The display name, decoded from RFC 2047 where it was encoded.
    public var name: String?
    /// The `local@domain` part, as written (case kept).
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The address in lower case, for comparisons.
    public var normalized: String { address.lowercased() }

    /// The part after the first `+` of the local part, if any (`oswiata+abc@…` → `abc`).
    public var plusSuffix: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at]
        guard let plus = local.firstIndex(of: "+") else { return nil }
        let suffix = local[local.index(after: plus)...]
        return suffix.isEmpty ? nil : String(suffix)
    }

    public var description: String { address }
}

/// What the bridge concludes a message is, before matching it to a delivery.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    case bounce
    case delay
    case complaint
    case readReceipt = "read-receipt"
    case autoReply = "auto-reply"
    case forward
    case reply
    case other

    /// Whether a message of this kind may count as an institution's answer.
    public var canBeAnswer: Bool {
        switch self {
        case .reply, .forward, .other: true
        case .bounce, .delay, .complaint, .readReceipt, .autoReply: false
        }
    }
}

/// Why a recipient of a delivery report failed, in the bridge's own words.
public enum FailureReason: String, Sendable, Codable {
    case userUnknown = "user-unknown"
    case hostUnknown = "host-unknown"
    case mailboxFull = "mailbox-full"
    case blocked
    case tooBig = "too-big"
    case expired
    case other

    /// Only these mark an address dead; the rest are retried or reminded.
    public var marksAddressDead: Bool { self == .userUnknown || self == .hostUnknown }
}

/// One recipient block of a delivery report (RFC 3464) or a plain-text bounce.
public struct ReportedRecipient: Hashable, Sendable {
    /// Original-Recipient when present, else Final-Recipient, without the `rfc822;` type.
    public var address: String
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded` (lower case).
    public var action: String
    /// The enhanced status code such as `5.1.1`, if one was given.
    public var status: String?
    public var reason: FailureReason

    public init(address: String, action: String, status: String?, reason: FailureReason) {
        self.address = address
        self.action = action
        self.status = status
        self.reason = reason
    }
}

/// A file a sender submitted with a message, decoded.
public struct InboundAttachment: Sendable {
    /// The decoded file name (RFC 2231, RFC 2047, raw 8-bit or invented for an attached
    /// message), not yet sanitised for the file system.
    public var filename: String
    /// The MIME type in lower case, such as `application/pdf`.
    public var contentType: String
    /// The bytes after the transfer encoding was undone.
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// One header field as it stood in the message, unfolded but not decoded.
public struct HeaderField: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Everything the bridge reads from one inbound message. Built by `MessageReader`; the same
/// value serves `mail inspect`, ingest and matching.
public struct InboundMessage: Sendable {
    /// All top-level header fields in order.
    public var headers: [HeaderField]
    /// Message-ID without angle brackets.
    public var messageID: String?
    /// In-Reply-To ids first, then References, without angle brackets, no duplicates.
    public var references: [String]
    /// The decoded subject (RFC 2047), empty when absent.
    public var subject: String
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Addresses from Delivered-To and X-Original-To headers.
    public var deliveredTo: [String]
    /// The Return-Path value without angle brackets; empty string for `<>`.
    public var returnPath: String?
    public var date: Date?
    public var kind: MessageKind
    /// Every recipient block of a delivery report or bounce.
    public var reportedRecipients: [ReportedRecipient]
    /// The files the sender submitted, nested attached messages walked.
    public var attachments: [InboundAttachment]
    /// The sender's own text, without quoted history or signature.
    public var text: String
    /// The whole text body, decoded to UTF-8.
    public var fullText: String
    /// Plus-address suffixes found in To, Cc and Delivered-To.
    public var tokens: [String]
    /// Message-IDs of a returned original inside a bounce (used to link the bounce).
    public var returnedMessageIDs: [String]
    /// Recipient addresses of a returned original inside a bounce (its To header).
    public var returnedRecipients: [String]

    /// Recipients whose action is `failed`.
    public var failedRecipients: [ReportedRecipient] {
        reportedRecipients.filter { $0.action == "failed" }
    }

    /// The addresses in the first header named `name` (Reply-To, To …), parsed as the
    /// reader parses From.
    public func addresses(inHeader name: String) -> [MailAddress] {
        header(name).map(AddressList.parse) ?? []
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public init(
        headers: [HeaderField] = [], messageID: String? = nil, references: [String] = [],
        subject: String = "", from: MailAddress? = nil, to: [MailAddress] = [],
        cc: [MailAddress] = [], deliveredTo: [String] = [], returnPath: String? = nil,
        date: Date? = nil, kind: MessageKind = .other,
        reportedRecipients: [ReportedRecipient] = [], attachments: [InboundAttachment] = [],
        text: String = "", fullText: String = "", tokens: [String] = [],
        returnedMessageIDs: [String] = [], returnedRecipients: [String] = []
    ) {
        self.headers = headers
        self.messageID = messageID
        self.references = references
        self.subject = subject
        self.from = from
        self.to = to
        self.cc = cc
        self.deliveredTo = deliveredTo
        self.returnPath = returnPath
        self.date = date
        self.kind = kind
        self.reportedRecipients = reportedRecipients
        self.attachments = attachments
        self.text = text
        self.fullText = fullText
        self.tokens = tokens
        self.returnedMessageIDs = returnedMessageIDs
        self.returnedRecipients = returnedRecipients
    }
}
