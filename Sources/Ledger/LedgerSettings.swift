/// How dispatches must be approved before they may be queued.
public enum ApprovalMode: String, Sendable, CaseIterable {
    case none
    case sectionHead = "section-head"
    case sectionHeadAndDirector = "section-head+director"
}

/// What a ledger is set to at `init`.
public struct LedgerSettings: Sendable, Equatable {
    /// The department mailbox, `oswiata@…`: the sender, and the base of reply addresses.
    public var mailbox: String
    /// `maildir:DIR`, or nil when SMTP and IMAP are configured.
    public var transport: String?
    public var smtpURL: String?
    public var imapURL: String?
    public var approval: ApprovalMode
    /// The store folder; nil means `<ledger>.store`.
    public var storePath: String?
    public var timeZone: String
    /// The IMAP folder processed mail is moved to.
    public var processedFolder: String
    /// The department's name as it signs mail.
    public var departmentName: String
    /// The ledger-wide reminder policy in its written form; nil for the built-in default.
    public var reminders: String?
    /// Days a deferred address is retried before it counts as refused.
    public var retryDays: Int

    public init(
        mailbox: String, transport: String? = nil, smtpURL: String? = nil,
        imapURL: String? = nil, approval: ApprovalMode = .none, storePath: String? = nil,
        timeZone: String = "Europe/Warsaw", processedFolder: String = "Processed",
        departmentName: String = "Wydział Edukacji", reminders: String? = nil,
        retryDays: Int = 5
    ) {
        self.reminders = reminders
        self.retryDays = retryDays
        self.mailbox = mailbox
        self.transport = transport
        self.smtpURL = smtpURL
        self.imapURL = imapURL
        self.approval = approval
        self.storePath = storePath
        self.timeZone = timeZone
        self.processedFolder = processedFolder
        self.departmentName = departmentName
    }

    init(pairs: [String: String]) throws {
        guard let mailbox = pairs["mailbox"] else {
            throw LedgerError(.internal, "the ledger has no mailbox setting")
        }
        guard let approval = ApprovalMode(rawValue: pairs["approval"] ?? "none") else {
            throw LedgerError(.internal, "the ledger's approval setting is unknown")
        }
        self.init(
            mailbox: mailbox, transport: pairs["transport"], smtpURL: pairs["smtp"],
            imapURL: pairs["imap"], approval: approval, storePath: pairs["store"],
            timeZone: pairs["time-zone"] ?? "Europe/Warsaw",
            processedFolder: pairs["processed-folder"] ?? "Processed",
            departmentName: pairs["department-name"] ?? "Wydział Edukacji",
            reminders: pairs["reminders"],
            retryDays: pairs["retry-days"].flatMap { Int($0) } ?? 5)
    }

    var pairs: [(String, String)] {
        var result: [(String, String)] = [
            ("mailbox", mailbox), ("approval", approval.rawValue), ("time-zone", timeZone),
            ("processed-folder", processedFolder), ("department-name", departmentName),
            ("retry-days", String(retryDays)),
        ]
        if let transport { result.append(("transport", transport)) }
        if let smtpURL { result.append(("smtp", smtpURL)) }
        if let imapURL { result.append(("imap", imapURL)) }
        if let storePath { result.append(("store", storePath)) }
        if let reminders { result.append(("reminders", reminders)) }
        return result
    }
}
