import Foundation
import Ledger

/// Decides which delivery an inbound message belongs to and what it does there. Matching
/// tries, in order: the token in To/Cc/Delivered-To, In-Reply-To/References against the
/// Message-IDs we sent, the subject tag `[ID]`, and last the sender's address when exactly
/// one delivery to that sender awaits a reply. What none of them claims goes to review.
public struct ReplyMatcher {
    let ledger: Ledger
    /// Our own mailbox, lower case: mail from it is never an answer.
    let mailbox: String

    /// - Throws: `SQLiteError` reading the ledger's settings.
    public init(ledger: Ledger) throws {
        self.ledger = ledger
        mailbox = try ledger.settings().mailbox.lowercased()
    }

    /// - Throws: `SQLiteError` from the look-ups.
    public func match(_ message: InboundMessage) throws -> InboundMatch {
        let sender = message.from?.normalized ?? ""
        // Our own automatic mail, or mail from our own address, is never an answer and is
        // never answered: it waits for staff, so no loop can start.
        if message.header(AutomaticMail.loopHeader) != nil || sender == mailbox {
            return .review(reason: "our own mail came back (\(AutomaticMail.loopHeader) or "
                           + "our address as sender)")
        }
        let found = try findDelivery(for: message, sender: sender)
        guard let (delivery, method) = found else {
            return .review(reason: unmatchedReason(message))
        }

        switch message.kind {
        case .bounce:
            return .delivery(
                id: delivery.id, method: method,
                effect: .bounce(try bouncedAddresses(message, delivery: delivery)))
        case .delay:
            return .delivery(id: delivery.id, method: method, effect: .delay)
        case .complaint:
            return .delivery(id: delivery.id, method: method, effect: .logged("complaint"))
        case .readReceipt:
            return .delivery(id: delivery.id, method: method, effect: .readReceipt)
        case .autoReply:
            return .delivery(id: delivery.id, method: method, effect: .autoReply)
        case .reply, .forward, .other:
            return try guardAnswer(delivery: delivery, method: method, sender: sender)
        }
    }

    // MARK: - Finding

    private func findDelivery(
        for message: InboundMessage, sender: String
    ) throws -> (Delivery, String)? {
        for candidate in message.tokens {
            if let token = ReplyToken(candidate: candidate),
               let delivery = try ledger.delivery(tokenHash: token.hash)
            {
                return (delivery, "token")
            }
        }
        for reference in message.references + message.returnedMessageIDs {
            if let delivery = try ledger.delivery(sentMessageID: reference) {
                return (delivery, "reference")
            }
        }
        guard message.kind.canBeAnswer || message.kind == .autoReply else { return nil }

        let institutions = try ledger.institutions(withAddress: sender)
        if let tag = Self.subjectTag(in: message.subject) {
            for code in institutions {
                if let delivery = try ledger.delivery(dispatch: tag, recipient: code) {
                    return (delivery, "subject")
                }
            }
            for delivery in try ledger.deliveriesAwaitingReply(personAddress: sender)
            where delivery.dispatchID == tag {
                return (delivery, "subject")
            }
        }
        guard message.kind.canBeAnswer, !sender.isEmpty else { return nil }

        var awaiting: [Delivery] = []
        for code in institutions {
            awaiting += try ledger.deliveriesAwaitingReply(institution: code)
        }
        awaiting += try ledger.deliveriesAwaitingReply(personAddress: sender)
        return awaiting.count == 1 ? (awaiting[0], "sender") : nil
    }

    /// The dispatch id in a subject's `[SP-YYYY-NNN]` tag.
    public static func subjectTag(in subject: String) -> DispatchID? {
        guard let range = subject.range(of: #"\[SP-[0-9]{4}-[0-9]+\]"#, options: .regularExpression)
        else { return nil }
        return String(subject[range].dropFirst().dropLast())
    }

    private func unmatchedReason(_ message: InboundMessage) -> String {
        switch message.kind {
        case .bounce: "a bounce that names no delivery of ours"
        case .delay: "a delay notice that names no delivery of ours"
        case .autoReply: "an auto-reply that names no delivery of ours"
        case .complaint: "a complaint that names no delivery of ours"
        case .readReceipt: "a read receipt that names no delivery of ours"
        case .reply, .forward, .other:
            message.from == nil
                ? "no sender, no token, no reference"
                : "no token, reference or subject tag, and the sender awaits no single reply"
        }
    }

    // MARK: - Guards

    /// A token or reference used from another institution's address is neither's answer;
    /// one from an address in no institution counts, flagged for staff to confirm.
    private func guardAnswer(
        delivery: Delivery, method: String, sender: String
    ) throws -> InboundMatch {
        let own = try ledger.addresses(of: delivery).map { $0.lowercased() }
        if own.contains(sender) {
            return .delivery(id: delivery.id, method: method, effect: .answer(flagged: nil))
        }
        let others = try ledger.institutions(withAddress: sender)
            .filter { $0 != delivery.institutionCode }
        if let other = others.first {
            return .review(
                reason: "the \(method) of \(delivery.recipientKey) came from \(sender), "
                    + "an address of \(other)")
        }
        if method == "subject" {
            return .review(reason: "only the subject tag matches, from unknown \(sender)")
        }
        return .delivery(
            id: delivery.id, method: method,
            effect: .answer(
                flagged: "sender \(sender) is not an address of \(delivery.recipientKey)"))
    }

    private func bouncedAddresses(
        _ message: InboundMessage, delivery: Delivery
    ) throws -> [BouncedAddress] {
        let ours = Set(try ledger.addresses(of: delivery).map { $0.lowercased() })
        var result: [BouncedAddress] = []
        for recipient in message.failedRecipients {
            var address = recipient.address.lowercased()
            if !ours.contains(address) {
                // Rewritten by an alias: the returned original's To tells which we sent.
                guard let sent = message.returnedRecipients.map({ $0.lowercased() })
                    .first(where: ours.contains) else { continue }
                address = sent
            }
            result.append(BouncedAddress(
                address: address, status: recipient.status, reason: recipient.reason.rawValue,
                marksDead: recipient.reason.marksAddressDead))
        }
        return result
    }
}
