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
