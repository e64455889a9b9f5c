import Foundation

/// What an inbound message does to the delivery it matched.
public enum InboundEffect: Sendable {
    /// The institution's answer: files are filed, the delivery becomes `replied`.
    case answer(flagged: String?)
    /// An auto-reply: logged on the delivery, never counted as its answer.
    case autoReply
    /// Addresses that could not take the message.
    case bounce([BouncedAddress])
    /// A delay notice: logged, nothing changes.
    case delay
    /// The recipient opened the message (RFC 8098).
    case readReceipt
    /// Logged only (a complaint, or mail of no effect).
    case logged(String)
}

/// One failed address from a bounce.
public struct BouncedAddress: Sendable {
    public var address: String
    public var status: String?
    /// `user-unknown`, `host-unknown`, `mailbox-full`, `blocked`, `too-big`, `expired`,
    /// `other`.
    public var reason: String
    /// Only user-unknown and host-unknown mark an address dead.
    public var marksDead: Bool

    public init(address: String, status: String?, reason: String, marksDead: Bool) {
        self.address = address
        self.status = status
        self.reason = reason
        self.marksDead = marksDead
    }
}

/// Where an inbound message goes.
public enum InboundMatch: Sendable {
    /// It belongs to a delivery, found by `method` (token, reference, subject, sender).
    case delivery(id: Int64, method: String, effect: InboundEffect)
    /// Nobody could tell whose it is: the review list, with the reason.
    case review(reason: String)
}

/// A file of an inbound message, before it is filed.
public struct InboundFile: Sendable {
    public var originalName: String
    public var contentType: String
    public var data: Data

    public init(originalName: String, contentType: String, data: Data) {
        self.originalName = originalName
        self.contentType = contentType
        self.data = data
    }
}

/// Everything the ledger keeps of one inbound message.
public struct InboundRecord: Sendable {
    public var raw: Data
    public var headerMessageID: String?
    public var sender: String?
    public var subject: String
    public var sentAt: Date?
    public var kind: String
    /// The top-level headers as `Name: value` lines.
    public var headers: String
    public var text: String
    /// Where it came from: `imap:VALIDITY:UID`, `maildir:NAME`, `file:NAME`.
    public var source: String
    public var match: InboundMatch
    public var files: [InboundFile]
    /// Files not filed, with why (over a size limit): each becomes an event; the bytes stay
    /// in the raw message.
    public var refusedFiles: [String]

    public init(
        raw: Data, headerMessageID: String?, sender: String?, subject: String, sentAt: Date?,
        kind: String, headers: String, text: String, source: String, match: InboundMatch,
        files: [InboundFile], refusedFiles: [String] = []
    ) {
        self.refusedFiles = refusedFiles
        self.raw = raw
        self.headerMessageID = headerMessageID
        self.sender = sender
        self.subject = subject
        self.sentAt = sentAt
        self.kind = kind
        self.headers = headers
        self.text = text
        self.source = source
        self.match = match
        self.files = files
    }
}

/// What the ledger did with an inbound message.
public enum InboundOutcome: Sendable, Equatable {
    /// Stored under this message number.
    case stored(Int64)
    /// The same bytes or the same Message-ID were stored before, as this message.
    case duplicate(Int64)
}

/// What naming a filed attachment needs to know.
public struct FilingContext: Sendable {
    /// The institution's code or the person's login.
    public var recipientKey: String
    /// The institution's short name, or the person's name.
    public var recipientShortName: String
    public var dispatchShortTitle: String
    /// The running number of the file within its delivery, from 1.
    public var index: Int
    public var originalName: String
}

/// Names a filed attachment.
public typealias FileNamer = @Sendable (FilingContext) -> String
