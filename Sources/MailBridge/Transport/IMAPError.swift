import CEtpan

/// A failure talking IMAP, captured at once from libetpan or from our own checks.
/// Descriptions are one line and never contain the password or message text.
public struct IMAPError: Error, Equatable, CustomStringConvertible {
    /// The step that failed.
    public enum Step: String, Sendable {
        case configuration, connect, startTLS = "STARTTLS", certificate, login
        case capability, select, fetch, create, move, copy, store, expunge
        case uidValidity = "UIDVALIDITY check"
        case idle = "IDLE"
    }

    /// What we were doing.
    public var step: Step
    /// libetpan's return code (`MAILIMAP_ERROR_…`), when the failure came from it.
    public var code: Int?
    /// The server's words or our reason, one line.
    public var detail: String

    /// Creates an error; `detail` is flattened to one line.
    public init(_ step: Step, code: Int? = nil, detail: String) {
        self.step = step
        self.code = code
        self.detail = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A lost or garbled connection: worth one reconnect.
    public var isConnectionLoss: Bool {
        guard let code else { return false }
        return code == MAILIMAP_ERROR_STREAM || code == MAILIMAP_ERROR_PARSE
    }

    public var description: String {
        var text = "imap \(step.rawValue) failed"
        if let code { text += " (libetpan \(code)\(Self.name(of: code)))" }
        return detail.isEmpty ? text : "\(text): \(detail)"
    }

    private static func name(of code: Int) -> String {
        switch code {
        case MAILIMAP_ERROR_STREAM: ": stream"
        case MAILIMAP_ERROR_PARSE: ": parse"
        case MAILIMAP_ERROR_CONNECTION_REFUSED: ": connection refused"
        case MAILIMAP_ERROR_SSL: ": tls"
        case MAILIMAP_ERROR_LOGIN: ": login refused"
        case MAILIMAP_ERROR_BAD_STATE: ": bad state"
        default: ""
        }
    }
}
