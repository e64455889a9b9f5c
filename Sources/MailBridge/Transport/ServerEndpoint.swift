import Foundation

/// A mail server named by a URL: `smtp://`, `smtps://`, `imap://` or `imaps://`, with the
/// user name (never a password) and the options that decide how to reach and trust it.
public struct ServerEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The protocol and whether TLS starts at once (`smtps`, `imaps`) or by STARTTLS.
    public enum Scheme: String, Sendable, Hashable {
        case smtp, smtps, imap, imaps

        /// The port used when the URL names none.
        public var defaultPort: UInt16 {
            switch self {
            case .smtp: 25
            case .smtps: 465
            case .imap: 143
            case .imaps: 993
            }
        }

        /// True when the connection is TLS from its first byte.
        public var isImplicitTLS: Bool { self == .smtps || self == .imaps }
    }

    /// Why a URL was not accepted; the description never repeats a password.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed
        case unsupportedScheme(String)
        case missingHost
        case passwordInURL
        case badCharacter(field: String)

        public var description: String {
            switch self {
            case .malformed: "server URL is not a valid URL"
            case let .unsupportedScheme(scheme):
                "server URL scheme '\(scheme)' is not smtp, smtps, imap or imaps"
            case .missingHost: "server URL names no host"
            case .passwordInURL:
                "server URL carries a password; give it by environment or secrets file"
            case let .badCharacter(field): "server URL \(field) holds a control character"
            }
        }
    }

    /// The URL scheme.
    public var scheme: Scheme
    /// The host name as written; certificates are checked against it.
    public var host: String
    /// The port from the URL, or the scheme's default.
    public var port: UInt16
    /// The login name, percent-decoded, or nil for no authentication.
    public var user: String?
    /// A PEM file of trusted CA certificates, used instead of the system trust store.
    public var caFile: String?
    /// An address to dial instead of resolving `host` (certificates are still checked
    /// against `host`), like curl's `--resolve`.
    public var connectAddress: String?

    /// Parses `scheme://[user@]host[:port][/]`.
    /// - Throws: `ServerEndpoint.ParseError`.
    public init(url text: String, caFile: String? = nil, connectAddress: String? = nil) throws {
        guard let components = URLComponents(string: text) else {
            throw ParseError.malformed
        }
        let schemeText = (components.scheme ?? "").lowercased()
        guard let scheme = Scheme(rawValue: schemeText) else {
            throw ParseError.unsupportedScheme(schemeText)
        }
        guard components.password == nil else { throw ParseError.passwordInURL }
        guard let host = components.host, !host.isEmpty else { throw ParseError.missingHost }

        var port = scheme.defaultPort
        if let given = components.port {
            guard let value = UInt16(exactly: given), value > 0 else {
                throw ParseError.malformed
            }
            port = value
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        for (field, value) in [("host", host), ("user", user ?? "")]
        where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ParseError.badCharacter(field: field)
        }

        self.scheme = scheme
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.user = user
        self.caFile = caFile
        self.connectAddress = connectAddress
    }

    /// The address actually dialled.
    public var dialAddress: String { connectAddress ?? host }

    /// True when the dialled address is this machine (127.0.0.0/8, ::1 or localhost).
    public var isLoopback: Bool {
        let address = dialAddress.lowercased()
        return address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }

    /// `scheme://host:port`, without the user.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme.rawValue)://\(shownHost):\(port)"
    }
}
