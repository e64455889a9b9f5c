import Foundation

/// How `SMTPTransport` reaches its server.
public struct SMTPConfiguration: Sendable {
    /// `smtp://[user@]host[:port]` (STARTTLS required unless loopback or `localRelay`) or
    /// `smtps://…` (TLS from the first byte).
    public var endpoint: ServerEndpoint
    /// The password for `endpoint.user`; ignored without a user.
    public var password: PasswordSource
    /// A relay on this machine or a trusted network: no TLS needed, and AUTH allowed
    /// without it. Loopback endpoints need no TLS either, but get no AUTH without this.
    public var localRelay: Bool
    /// Whether `smtp://` to a loopback address may stay plaintext; when false, STARTTLS
    /// is required there too (unless `localRelay`).
    public var plaintextOnLoopback: Bool
    /// The name given in EHLO.
    public var heloName: String
    /// Seconds allowed to connect (and finish the TLS handshake).
    public var connectTimeout: Double
    /// Seconds allowed for one whole transaction.
    public var totalTimeout: Double

    /// Creates a configuration; see each property.
    public init(
        endpoint: ServerEndpoint,
        password: PasswordSource = .none,
        localRelay: Bool = false,
        plaintextOnLoopback: Bool = true,
        heloName: String = "localhost",
        connectTimeout: Double = 15,
        totalTimeout: Double = 120
    ) {
        self.endpoint = endpoint
        self.password = password
        self.localRelay = localRelay
        self.plaintextOnLoopback = plaintextOnLoopback
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// The password variable this project reads by convention.
    public static let passwordVariable = "SCHOOLPOST_SMTP_PASSWORD"
}
