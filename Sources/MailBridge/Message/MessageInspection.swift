import Foundation

/// What `schoolpost mail inspect` shows about one message, as JSON or as short text.
public struct MessageInspection: Sendable, Equatable, Codable {
    /// One recipient block of a delivery report.
    public struct Recipient: Sendable, Equatable, Codable {
        /// The reported address (Original-Recipient preferred).
        public var address: String
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String
        /// The enhanced status code, `null` in JSON when none was given.
        public var status: String?
        /// A `FailureReason` raw value such as `user-unknown`.
        public var reason: String
    }

    /// One submitted file, by decoded name and decoded size in bytes.
    public struct Attachment: Sendable, Equatable, Codable {
        /// The decoded file name.
        public var filename: String
        /// The size after the transfer encoding was undone.
        public var size: Int
    }

    /// A `MessageKind` raw value such as `bounce` or `auto-reply`.
    public var kind: String
    /// The addresses of the recipients whose action is `failed`.
    public var failedRecipients: [String]
    /// The enhanced status of the first failed recipient, if any.
    public var dsnStatus: String?
    /// Every recipient block of a delivery report or bounce.
    public var recipients: [Recipient]
    /// The files the sender submitted.
    public var attachments: [Attachment]
    /// The sender's own text, without quoted history or signature.
    public var text: String
    /// In-Reply-To and References ids, without angle brackets.
    public var references: [String]
    /// Plus-address suffixes found in To, Cc and Delivered-To.
    public var tokens: [String]

    /// The inspection of a message read by `MessageReader`.
    public init(_ message: InboundMessage) {
        kind = message.kind.rawValue
        let failed = message.failedRecipients
        failedRecipients = failed.map(\.address)
        dsnStatus = failed.first?.status
        recipients = message.reportedRecipients.map {
            Recipient(
                address: $0.address, action: $0.action, status: $0.status,
                reason: $0.reason.rawValue)
        }
        attachments = message.attachments.map {
            Attachment(filename: $0.filename, size: $0.data.count)
        }
        text = message.text
        references = message.references
        tokens = message.tokens
    }

    private enum CodingKeys: String, CodingKey {
        case kind, failedRecipients, dsnStatus, recipients, attachments, text, references, tokens
    }

    /// Encodes with `null` for a missing `dsnStatus` and `status`, as the JSON format says.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(failedRecipients, forKey: .failedRecipients)
        try container.encode(dsnStatus, forKey: .dsnStatus)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(text, forKey: .text)
        try container.encode(references, forKey: .references)
        try container.encode(tokens, forKey: .tokens)
    }

    /// The JSON object with sorted keys, one line per field.
    /// - Throws: `EncodingError` only if a value cannot be encoded (not expected for these
    ///   strings and numbers).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A few lines for a person at a terminal.
    public var summary: String {
        var lines = ["kind: \(kind)"]
        for recipient in recipients {
            let status = recipient.status ?? "-"
            lines.append(
                "recipient: \(recipient.address) \(recipient.action) \(status) "
                    + recipient.reason)
        }
        for attachment in attachments {
            lines.append("attachment: \(attachment.filename) (\(attachment.size) bytes)")
        }
        if !references.isEmpty { lines.append("references: " + references.joined(separator: " ")) }
        if !tokens.isEmpty { lines.append("tokens: " + tokens.joined(separator: " ")) }
        let preview = text.split(separator: "\n").prefix(3).joined(separator: " / ")
        if !preview.isEmpty { lines.append("text: " + String(preview.prefix(200))) }
        return lines.joined(separator: "\n")
    }
}

extension MessageInspection.Recipient {
    private enum CodingKeys: String, CodingKey { case address, action, status, reason }

    /// Encodes `status` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(action, forKey: .action)
        try container.encode(status, forKey: .status)
        try container.encode(reason, forKey: .reason)
    }
}
