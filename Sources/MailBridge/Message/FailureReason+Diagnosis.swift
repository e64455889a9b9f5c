import Foundation

extension FailureReason {
    /// The reason an enhanced status code (RFC 3463) and the diagnostic text give. Specific
    /// codes decide; generic ones (`x.0.0`, `5.5.0`, …) defer to words in the text.
    static func diagnose(status: String?, text: String) -> FailureReason {
        let fromStatus = status.flatMap(fromCode)
        if let fromStatus, fromStatus != .other { return fromStatus }
        return fromText(text) ?? fromStatus ?? .other
    }

    private static func fromCode(_ status: String) -> FailureReason? {
        let parts = status.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        switch (parts[1], parts[2]) {
        case (1, 0), (1, 1), (1, 3), (1, 6), (1, 10), (2, 1): return .userUnknown
        case (1, 2), (4, 4): return .hostUnknown
        case (2, 2): return .mailboxFull
        case (2, 3), (3, 4): return .tooBig
        case (4, 7): return .expired
        case (7, _): return .blocked
        default: return .other
        }
    }

    /// Phrases in English, Polish, German and French bounce texts.
    private static let phrases: [(FailureReason, [String])] = [
        (
            .mailboxFull,
            [
                "mailbox full", "mailbox is full", "over quota", "quota exceeded",
                "exceeded storage",
                "insufficient storage", "skrzynka jest pełna", "przepełnion", "przekroczon",
                "postfach voll", "boîte pleine", "mailbox_full",
            ]
        ),
        (
            .userUnknown,
            [
                "user unknown", "unknown user", "no such user", "does not exist", "doesn't exist",
                "recipient not found", "recipientnotfound", "recipnotfound", "address rejected",
                "invalid recipient", "no mailbox", "mailbox unavailable",
                "not found at the destination",
                "mailbox not found", "unknown recipient", "account has been disabled",
                "nie istnieje", "nieznany użytkownik", "unbekannt", "existiert nicht",
                "introuvable", "n'existe pas", "wasn't found", "was not found",
            ]
        ),
        (
            .hostUnknown,
            [
                "host not found", "domain not found", "host or domain name not found",
                "name service error", "no mx", "unrouteable", "unroutable",
                "domain does not exist",
                "host unknown", "nxdomain",
            ]
        ),
        (
            .tooBig,
            ["too large", "too big", "size exceeds", "message size", "exceeds the maximum"]
        ),
        (
            .expired,
            [
                "expired", "retry timeout", "could not be delivered within", "giving up",
                "too long in the queue", "retry time not reached for any host",
            ]
        ),
        (
            .blocked,
            [
                "spam", "blocked", "blacklist", "blocklist", "policy", "rejected", "denied",
                "suppression list", "not permitted", "please use the smtp server",
            ]
        ),
    ]

    private static func fromText(_ text: String) -> FailureReason? {
        let lower = text.lowercased()
        for (reason, words) in phrases where words.contains(where: lower.contains) {
            return reason
        }
        return nil
    }
}
