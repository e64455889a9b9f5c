import Foundation
import Ledger
import MailBridge

/// Decides which deliveries are owed a reminder now and queues each, rendered with its own
/// token and Message-ID, in the same transaction that records the decision.
public struct ReminderRound {
    public let ledger: Ledger
    public var texts: MailTexts

    public init(ledger: Ledger, texts: MailTexts = MailTexts()) {
        self.ledger = ledger
        self.texts = texts
    }

    /// The policy a ledger uses when a dispatch names none.
    /// - Throws: `ReminderPolicyError` when the stored default does not parse.
    public static func defaultPolicy(of settings: LedgerSettings) throws -> ReminderPolicy {
        try settings.reminders.map { try ReminderPolicy(parsing: $0) } ?? .departmentDefault
    }

    /// Queues every reminder due now.
    /// - Returns: the deliveries reminded.
    /// - Throws: ledger failures; a stored policy that no longer parses.
    @discardableResult
    public func run() throws -> [Int64] {
        let settings = try ledger.settings()
        let fallback = try Self.defaultPolicy(of: settings)
        let now = ledger.now
        var reminded: [Int64] = []
        for candidate in try ledger.reminderCandidates() {
            let policy = try candidate.policy.map { try ReminderPolicy(parsing: $0) } ?? fallback
            guard !policy.isNone else { continue }
            let deadline = try ReminderDeadline(date: candidate.deadline,
                                                calendar: ledger.calendar)
            let schedule = ReminderSchedule(policy: policy, deadline: deadline,
                                            calendar: ledger.calendar)
            guard let due = schedule.next(
                queuedAt: candidate.firstContact, sentCount: candidate.remindersSent,
                lastSentAt: candidate.lastReminderAt, now: now),
                due.due <= now
            else { continue }

            if try queue(candidate, isAfterDeadline: due.isAfterDeadline, settings: settings) {
                reminded.append(candidate.delivery.id)
            }
        }
        return reminded
    }

    private func queue(
        _ candidate: ReminderCandidate, isAfterDeadline: Bool, settings: LedgerSettings
    ) throws -> Bool {
        let delivery = candidate.delivery
        let dispatch = try ledger.dispatch(delivery.dispatchID)
        let token = ReplyToken.generate()
        let replyAddress = token.address(in: settings.mailbox)
        let messageID = MessageIDs.make(
            dispatch: dispatch.id, recipient: delivery.recipientKey, mailbox: settings.mailbox)
        let name = try delivery.institutionCode.flatMap { try ledger.institution($0)?.name }
            ?? delivery.personLogin.flatMap { try ledger.person($0)?.name }
        let wording = ReminderText(language: texts.language)
        let attachments = try ledger.outgoingAttachments(of: dispatch)
        let message = OutgoingMessage(
            from: MailAddress(name: settings.departmentName, address: settings.mailbox),
            to: candidate.addresses.map { MailAddress(name: name, address: $0) },
            replyTo: MailAddress(name: settings.departmentName, address: replyAddress),
            subject: wording.subject(original: dispatch.subject, dispatch: dispatch.id,
                                     count: candidate.remindersSent + 1),
            messageID: messageID, date: ledger.now,
            body: wording.body(
                original: dispatch.subject, dispatch: dispatch.id, deadline: candidate.deadline,
                isAfterDeadline: isAfterDeadline, expectedReply: dispatch.expectedReply,
                signature: settings.departmentName),
            attachments: attachments,
            extraHeaders: AutomaticMail.headers(mailbox: settings.mailbox)
                + [HeaderField(name: "X-Schoolpost-Dispatch", value: dispatch.id)],
            inReplyTo: candidate.originalMessageID)
        let raw = try MessageComposer.render(message, timeZone: ledger.calendar.timeZone)
        let digest = try ledger.store.put(raw)
        return try ledger.recordReminder(
            for: candidate, messageID: messageID, tokenHash: token.hash, rawSHA256: digest,
            envelopeFrom: replyAddress, actor: "bridge")
    }
}
