import Foundation

/// A dispatch's id, such as `SP-2026-007`: printed by `dispatch create`, carried in the
/// subject tag `[SP-2026-007]`.
public typealias DispatchID = String

/// What kind of answer a dispatch asks for.
public enum ExpectedReply: String, Sendable, CaseIterable {
    case attachment
    case text
    case none
}

/// Where a dispatch stands in its procedure.
public enum DispatchState: String, Sendable {
    case draft
    case awaitingSectionHead = "awaiting-section-head"
    case awaitingDirector = "awaiting-director"
    case approved
    case queued
}

/// A file sent with a dispatch, held in the store.
public struct DispatchAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
}

/// What staff write before a dispatch exists.
public struct DispatchDraft: Sendable {
    public var subject: String
    public var shortTitle: String
    public var body: String
    public var attachments: [(filename: String, contentType: String, data: Data)]
    public var targets: [String]
    public var expectedReply: ExpectedReply
    /// `YYYY-MM-DD` in the department's zone: the end of that day.
    public var deadline: String?
    public var author: String
    /// The reminder policy in its written form; nil for the ledger's default.
    public var reminders: String?
    /// The definition of a form to fill in, as written; nil when the dispatch has none.
    public var form: String?

    public init(
        subject: String, shortTitle: String, body: String,
        attachments: [(filename: String, contentType: String, data: Data)],
        targets: [String], expectedReply: ExpectedReply, deadline: String?, author: String,
        reminders: String? = nil, form: String? = nil
    ) {
        self.reminders = reminders
        self.form = form
        self.subject = subject
        self.shortTitle = shortTitle
        self.body = body
        self.attachments = attachments
        self.targets = targets
        self.expectedReply = expectedReply
        self.deadline = deadline
        self.author = author
    }
}

/// A dispatch as the ledger holds it.
public struct Dispatch: Sendable {
    public var id: DispatchID
    public var subject: String
    public var shortTitle: String
    public var body: String
    public var expectedReply: ExpectedReply
    public var deadline: String?
    public var deadlineAt: Date?
    public var author: String
    public var state: DispatchState
    public var approval: ApprovalMode
    public var createdAt: Date
    public var queuedAt: Date?
    public var targets: [String]
    public var attachments: [DispatchAttachment]
    /// The dispatch's own reminder policy; nil for the ledger's default.
    public var reminders: String?
    /// The form definition the schools fill in, if any.
    public var form: String?
}

/// Who a delivery goes to.
public enum RecipientKind: String, Sendable {
    case institution
    case person
}

/// A recipient resolved from a dispatch's targets.
public struct Recipient: Sendable, Equatable {
    public var kind: RecipientKind
    /// The institution code, or the person's login.
    public var key: String
    public var name: String
    public var addresses: [String]
}

/// One delivery's state (`late` is derived, never stored).
public enum DeliveryState: String, Sendable {
    case queued
    case sent
    case failed
    case replied
}

/// One dispatch × recipient.
public struct Delivery: Sendable {
    public var id: Int64
    public var dispatchID: DispatchID
    public var kind: RecipientKind
    public var institutionCode: InstitutionCode?
    public var personLogin: String?
    public var state: DeliveryState
    public var sentAt: Date?
    public var repliedAt: Date?
    public var readAt: Date?
    public var failure: String?

    /// The code or login that names the recipient.
    public var recipientKey: String { institutionCode ?? personLogin ?? "" }

    /// Reads a delivery from a row of the `deliveries` table (extra columns are ignored).
    public init(row: SQLRow) {
        id = Int64(row.int("id") ?? 0)
        dispatchID = row.text("dispatch_id")
        kind = RecipientKind(rawValue: row.text("recipient_kind")) ?? .institution
        institutionCode = row.string("institution_code")
        personLogin = row.string("person_login")
        state = DeliveryState(rawValue: row.text("state")) ?? .queued
        sentAt = row.string("sent_at").flatMap(Timestamp.parse)
        repliedAt = row.string("replied_at").flatMap(Timestamp.parse)
        readAt = row.string("read_at").flatMap(Timestamp.parse)
        failure = row.string("failure")
    }
}

/// A message ready to queue for one recipient: rendered, its token hashed.
public struct PreparedDelivery: Sendable {
    public var recipient: Recipient
    public var tokenHash: String
    public var messageID: String
    public var rawSHA256: String
    public var envelopeFrom: String

    public init(
        recipient: Recipient, tokenHash: String, messageID: String, rawSHA256: String,
        envelopeFrom: String
    ) {
        self.recipient = recipient
        self.tokenHash = tokenHash
        self.messageID = messageID
        self.rawSHA256 = rawSHA256
        self.envelopeFrom = envelopeFrom
    }
}
