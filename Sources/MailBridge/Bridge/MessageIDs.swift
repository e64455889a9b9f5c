import Foundation

/// Message-IDs of the mail we send: they name the dispatch and recipient, so a reference
/// in a reply or a bounce identifies the delivery even to a person reading the headers.
public enum MessageIDs {
    /// `sp.SP-2026-001.SP12.<random>@domain`, without angle brackets.
    public static func make(dispatch: String, recipient: String, mailbox: String) -> String {
        let domain = mailbox.split(separator: "@").last.map(String.init) ?? "localhost"
        let safe = recipient.filter {
            $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0))
        }
        var generator = SystemRandomNumberGenerator()
        let random = String(UInt64.random(in: .min ... .max, using: &generator), radix: 36)
        return "sp.\(dispatch).\(safe).\(random)@\(domain)"
    }
}
