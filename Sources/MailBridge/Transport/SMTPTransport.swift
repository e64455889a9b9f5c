import CCurlShim
import Foundation

/// Sends each message to one address per SMTP transaction (MAIL FROM, one RCPT, DATA)
/// over libcurl, and turns the server's reply into a `SendOutcome`.
///
/// Line ends: the message must use CRLF only. A bare LF or CR is refused with
/// `SMTPTransport.InputError`, never repaired: curl would send it as is, and a bare
/// "\n.\n" ends DATA early (see C-LIBRARIES.md). With CRLF input curl dot-stuffs lines
/// that start with ".", so such lines arrive whole.
///
/// Not Sendable: one instance per thread or serial queue. Calls block until the
/// transaction ends or a timeout fires.
public final class SMTPTransport: OutgoingTransport {
    /// A local fault in what the caller handed over.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case badAddress(role: String)
        case bareLineEnding(offset: Int)
        case emptyMessage
        case insecureAuthentication

        public var description: String {
            switch self {
            case let .badAddress(role):
                "the \(role) address is empty or holds a control character or angle bracket"
            case let .bareLineEnding(offset):
                "the message has a bare CR or LF at byte \(offset); CRLF line ends only"
            case .emptyMessage: "the message is empty"
            case .insecureAuthentication:
                "authentication without TLS is refused unless the relay is marked local"
            }
        }
    }

    /// The settings this transport was made with.
    public let configuration: SMTPConfiguration
    private let password: String?

    /// Reads the password now (once) and checks the configuration.
    /// - Throws: `PasswordSource.ReadError`, or `InputError.insecureAuthentication` when a
    ///   user is given for a plaintext connection that is not a local relay.
    public init(configuration: SMTPConfiguration) throws {
        let user = configuration.endpoint.user
        self.password = user == nil ? nil : try configuration.password.read()
        self.configuration = configuration
        if user != nil, !Self.usesTLS(configuration), !configuration.localRelay {
            throw InputError.insecureAuthentication
        }
        CurlGlobal.ensureInitialized()
        // NOSIGNAL stops curl from ignoring SIGPIPE itself.
        SignalSetup.ignoreBrokenPipes()
    }

    /// Sends `raw` from `envelopeFrom` to `recipient` in one transaction.
    /// - Throws: `InputError` for a bad address or line end; `CurlError` for local or
    ///   security faults (login refused, certificate not trusted, no STARTTLS).
    public func send(_ raw: Data, envelopeFrom: String, recipient: String) throws
        -> SendOutcome {
        try Self.checkAddress(envelopeFrom, role: "sender", allowEmpty: true)
        try Self.checkAddress(recipient, role: "recipient", allowEmpty: false)
        guard !raw.isEmpty else { throw InputError.emptyMessage }
        if let offset = Self.firstBareLineEnding(in: raw) {
            throw InputError.bareLineEnding(offset: offset)
        }

        let transfer = SMTPTransfer(payload: raw)
        return try transfer.run(
            configuration: configuration, password: password,
            requireTLS: Self.usesTLS(configuration), from: envelopeFrom, to: recipient)
    }

    // MARK: - Checks

    static func usesTLS(_ configuration: SMTPConfiguration) -> Bool {
        let endpoint = configuration.endpoint
        if endpoint.scheme == .smtps { return true }
        if configuration.localRelay { return false }
        return !(endpoint.isLoopback && configuration.plaintextOnLoopback)
    }

    static func checkAddress(_ address: String, role: String, allowEmpty: Bool) throws {
        if address.isEmpty && allowEmpty { return }
        let forbidden = address.unicodeScalars.contains {
            $0.value < 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">"
        }
        guard !address.isEmpty, !forbidden else { throw InputError.badAddress(role: role) }
    }

    /// The offset of the first CR not followed by LF, or LF not preceded by CR.
    static func firstBareLineEnding(in raw: Data) -> Int? {
        var previous: UInt8 = 0
        for (offset, byte) in raw.enumerated() {
            if byte == 0x0A, previous != 0x0D { return offset }
            if previous == 0x0D, byte != 0x0A { return offset - 1 }
            previous = byte
        }
        return previous == 0x0D ? raw.count - 1 : nil
    }
}
