/// How `IMAPMailbox` reaches and uses the department mailbox.
public struct IMAPConfiguration: Sendable {
    /// How processed messages leave the inbox.
    public enum MoveStrategy: Sendable, Equatable {
        /// UID MOVE where the server announces MOVE, else copy, flag and expunge.
        case automatic
        /// Always UID COPY, then \Deleted, then UID EXPUNGE (EXPUNGE without UIDPLUS).
        case copyAndExpunge
    }

    /// `imap://user@host[:port]` (plaintext on loopback, STARTTLS required elsewhere) or
    /// `imaps://user@host[:port]` (TLS from the first byte). The user is required.
    public var endpoint: ServerEndpoint
    /// The password for `endpoint.user`.
    public var password: PasswordSource
    /// The folder read for new mail.
    public var mailbox: String
    /// Where `markProcessed` moves messages; created when missing.
    public var processedFolder: String
    /// Seconds any network step may take.
    public var timeout: Double
    /// The most messages one `fetchNew` returns, whatever limit the caller asks.
    public var maxBatch: Int
    /// UID MOVE or copy-and-expunge.
    public var moveStrategy: MoveStrategy
    /// Whether `imap://` to a loopback address may stay plaintext; when false, STARTTLS
    /// is required there too.
    public var plaintextOnLoopback: Bool

    /// Creates a configuration; see each property.
    public init(
        endpoint: ServerEndpoint,
        password: PasswordSource,
        mailbox: String = "INBOX",
        processedFolder: String = "Processed",
        timeout: Double = 30,
        maxBatch: Int = 200,
        moveStrategy: MoveStrategy = .automatic,
        plaintextOnLoopback: Bool = true
    ) {
        self.endpoint = endpoint
        self.password = password
        self.mailbox = mailbox
        self.processedFolder = processedFolder
        self.timeout = timeout
        self.maxBatch = maxBatch
        self.moveStrategy = moveStrategy
        self.plaintextOnLoopback = plaintextOnLoopback
    }

    /// The password variable this project reads by convention.
    public static let passwordVariable = "SCHOOLPOST_IMAP_PASSWORD"
}
