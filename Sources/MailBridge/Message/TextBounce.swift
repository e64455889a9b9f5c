import Foundation

/// Bounces written as prose instead of RFC 3464: Postfix, Exim, qmail, Gmail, GMX,
/// Exchange and Office 365, in English, Polish, German and French.
struct TextBounce: Sendable {
    var recipients: [ReportedRecipient]
    var returnedMessageIDs: [String]
    var returnedRecipients: [String]

    /// Subjects of bounce and delay notices (lower case, matched anywhere).
    private static let bounceSubjects = [
        "undeliverable", "undelivered mail", "delivery status notification",
        "mail delivery failed", "returned mail", "failure notice", "delivery failure",
        "delivery has failed", "non remis", "non distribuable", "unzustellbar",
        "nicht zustellbar", "niedostarczalne", "nie można dostarczyć", "niedostarczona",
        "nie dostarczono", "zwrot poczty", "mail system error", "delivery notification",
        "warning: message", "delayed mail", "delivery delayed", "returned to sender",
        "could not be delivered", "mail delivery system", "mail delivery problem",
        "impossible de remettre", "消息无法投递", "non recapitabile", "no se puede entregar",
    ]

    /// Lines that start the returned copy of the original message.
    private static let returnedMarkers = [
        "----- original message -----", "------ this is a copy of the message",
        "original message headers", "en-têtes de message d'origine",
        "--- below this line is a copy of the message", "ursprüngliche nachrichtenkopfzeilen",
        "----- the header of the original message", "the original message was received",
        "----- transcript of session follows", "nagłówki oryginalnej wiadomości",
        "------ original message ------", "--- the header of the original message",
        "-----original message-----", "----- message header follows",
    ]

    /// Phrases that say a notice is only a delay.
    private static let delayPhrases = [
        "will retry", "will be retried", "still trying", "has been delayed", "is delayed",
        "not yet been delivered", "delivery delayed", "delayed mail", "(delay)",
        "wird weiterhin versucht", "opóźni", "zostanie ponowion",
    ]

    /// Words that say the sender is a mail system, not a person.
    private static let systemSenders = [
        "mailer-daemon", "postmaster", "mail delivery", "mail-daemon", "maildelivery",
        "mailerdaemon",
    ]

    /// The bounce in a message that has no delivery-status part, if it is one.
    static func read(message: InboundMessage, bodyText: String, isReport: Bool)
        -> TextBounce?
    {
        let subject = message.subject.lowercased()
        let sender = ((message.from?.address ?? "") + " " + (message.from?.name ?? ""))
            .lowercased()
        let failedHeader = message.headers.all(named: "X-Failed-Recipients")
            .flatMap(AddressList.parse).map(\.address)
        let fromSystem =
            systemSenders.contains { sender.contains($0) }
            || message.returnPath == ""
        let bounceSubject = bounceSubjects.contains { subject.contains($0) }
        guard !failedHeader.isEmpty || isReport || (fromSystem && bounceSubject) else {
            return nil
        }

        let (notice, returned) = splitReturned(bodyText)
        let own = Set(
            ([message.from?.address] + message.to.map(\.address)
                + [message.returnPath] + message.deliveredTo.map { Optional($0) })
                .compactMap { $0?.lowercased() })
        var addresses = failedHeader
        if addresses.isEmpty {
            addresses = TextAddresses.find(in: notice).filter { address in
                let lower = address.lowercased()
                return !own.contains(lower) && !systemSenders.contains { lower.hasPrefix($0) }
            }
        }
        addresses = uniqueCaseless(addresses)
        guard !addresses.isEmpty else { return nil }

        let lowerNotice = notice.lowercased()
        let delayed = delayPhrases.contains { lowerNotice.contains($0) || subject.contains($0) }
        let recipients = addresses.map { address in
            let status = status(for: address, in: notice)
            let action =
                status.map { $0.hasPrefix("4") ? "delayed" : "failed" }
                ?? (delayed ? "delayed" : "failed")
            let reason = FailureReason.diagnose(status: status, text: notice)
            return ReportedRecipient(
                address: address, action: action, status: status,
                reason: reason)
        }

        // Only the returned header block: a transcript below it may quote other headers.
        let headers = HeaderBlock.split(Data(returned.utf8)).headers
        return TextBounce(
            recipients: recipients,
            returnedMessageIDs: headers.all(named: "Message-ID").flatMap(AddressList.messageIDs),
            returnedRecipients: headers.all(named: "To").flatMap(AddressList.parse).map(\.address))
    }

    /// The notice text and the returned original after its marker line.
    static func splitReturned(_ text: String) -> (notice: String, returned: String) {
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let lower = line.lowercased().trimmingCharacters(in: .whitespaces)
            guard returnedMarkers.contains(where: { lower.hasPrefix($0) }) else { continue }
            let notice = lines[..<index].joined(separator: "\n")
            let rest = lines[(index + 1)...].drop {
                $0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            return (notice, rest.joined(separator: "\n"))
        }
        // No marker in a language we know: the returned headers start at the first line
        // that only a header block has, so their Message-IDs are not taken for addresses.
        for (index, line) in lines.enumerated() where index > 0 {
            let lower = line.lowercased()
            guard returnedHeaderOpenings.contains(where: lower.hasPrefix) else { continue }
            return (
                lines[..<index].joined(separator: "\n"), lines[index...].joined(separator: "\n")
            )
        }
        return (text, "")
    }

    /// Header fields that open a returned header block.
    private static let returnedHeaderOpenings = [
        "received: from", "return-path:", "message-id:", "dkim-signature:", "x-received:",
    ]

    /// The status code nearest after the first mention of `address`, else the first one.
    private static func status(for address: String, in notice: String) -> String? {
        let lower = notice.lowercased()
        if let range = lower.range(of: address.lowercased()) {
            let after = String(lower[range.upperBound...].prefix(600))
            if let code = StatusCode.find(after) { return code }
        }
        return StatusCode.find(notice)
    }

    private static func uniqueCaseless(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}
