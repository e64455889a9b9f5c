import Ledger

// How the executable reports the bridge's errors (exit codes in one place, the executable).

extension MaildirError: CategorizedError {
    /// A Maildir that cannot be written is the disk's fault: try again later.
    public var category: FailureCategory { .temporary }
}

extension HeaderInjectionError: CategorizedError {
    public var category: FailureCategory { .badData }
}

extension MessageFormatError: CategorizedError {
    public var category: FailureCategory { .badData }
}

extension CurlError: CategorizedError {
    /// SMTP answers are outcomes, not errors: what is thrown is a local or connection fault.
    public var category: FailureCategory { .unavailable }
}

extension IMAPError: CategorizedError {
    public var category: FailureCategory {
        switch step {
        case .configuration: .usage
        case .certificate: .unavailable
        case .login: .notPermitted
        default: isConnectionLoss ? .temporary : .unavailable
        }
    }
}

extension ServerEndpoint.ParseError: CategorizedError {
    public var category: FailureCategory { .usage }
}

extension PasswordSource.ReadError: CategorizedError {
    public var category: FailureCategory { .usage }
}
