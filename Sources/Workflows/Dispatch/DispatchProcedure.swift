import Foundation
import Ledger
import MailBridge

/// The dispatch's own procedure, the first workflow: created, approved step by step as the
/// ledger's approval mode asks, then queued for the bridge to send.
public struct DispatchProcedure {
    public let ledger: Ledger
    public var texts: MailTexts

    public init(ledger: Ledger, texts: MailTexts = MailTexts()) {
        self.ledger = ledger
        self.texts = texts
    }

    /// Creates a dispatch as `actor` and returns its id.
    /// - Throws: `PermissionError` when the actor is no department person;
    ///   `LedgerError` for bad targets or dates.
    public func create(_ draft: DispatchDraft) throws -> DispatchID {
        let author = try actingPerson(draft.author, action: "create a dispatch", dispatch: nil)
        guard author.role.isDepartment else {
            try refuse(author.login, "create a dispatch", nil, "role \(author.role.rawValue)")
        }
        guard !draft.subject.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError(.usage, "a dispatch needs a subject")
        }
        let chain = ApprovalChain.forDispatches(try ledger.settings().approval)
        let state = DispatchState(
            rawValue: chain.initialState(draftState: DispatchState.draft.rawValue)) ?? .draft
        return try ledger.createDispatch(draft, initialState: state)
    }

    /// Approves the next pending step of dispatch `id` as `login`.
    /// - Returns: the dispatch's new state.
    /// - Throws: `PermissionError` when the person's role does not fit the step, or the
    ///   person wrote the dispatch; `LedgerError` when nothing waits for approval.
    @discardableResult
    public func approve(_ id: DispatchID, as login: String) throws -> DispatchState {
        let person = try actingPerson(login, action: "approve", dispatch: id)
        let dispatch = try ledger.dispatch(id)
        let chain = ApprovalChain.forDispatches(dispatch.approval)
        guard let step = chain.step(waitingIn: dispatch.state.rawValue) else {
            throw LedgerError(
                .badData, "dispatch \(id) waits for no approval (it is \(dispatch.state.rawValue))")
        }
        guard person.role == step.role else {
            try refuse(
                login, "approve \(step.name) step", id,
                "needs role \(step.role.rawValue), has \(person.role.rawValue)")
        }
        guard person.login != dispatch.author else {
            try refuse(login, "approve \(step.name) step", id, "the author cannot approve")
        }

        let next = DispatchState(
            rawValue: chain.state(after: step, approvedState: DispatchState.approved.rawValue))
            ?? .approved
        try ledger.recordApproval(of: id, step: step.name, by: login, next: next)
        return next
    }

    /// Queues dispatch `id`: renders one message per recipient with its own token and
    /// Message-ID, and puts every address in the outbox, in one transaction.
    /// - Returns: the number of deliveries queued.
    /// - Throws: `PermissionError` when approvals are missing or the actor may not send.
    @discardableResult
    public func send(_ id: DispatchID, as login: String) throws -> Int {
        let person = try actingPerson(login, action: "send", dispatch: id)
        guard person.role.isDepartment else {
            try refuse(login, "send", id, "role \(person.role.rawValue)")
        }
        let dispatch = try ledger.dispatch(id)
        switch dispatch.state {
        case .queued:
            throw LedgerError(.badData, "dispatch \(id) was queued already")
        case .awaitingSectionHead, .awaitingDirector:
            try refuse(
                login, "send", id,
                "it still \(dispatch.state.rawValue.replacingOccurrences(of: "-", with: "s "))")
        case .draft where dispatch.approval != .none:
            try refuse(login, "send", id, "it is not approved")
        case .draft, .approved:
            break
        }

        let settings = try ledger.settings()
        let recipients = try ledger.resolveRecipients(dispatch.targets)
        let attachments = try ledger.outgoingAttachments(of: dispatch)
        let prepared = try recipients.map { recipient in
            try prepare(
                dispatch, for: recipient, attachments: attachments, settings: settings)
        }
        try ledger.queue(id, deliveries: prepared, actor: login)
        return prepared.count
    }

    private func prepare(
        _ dispatch: Dispatch, for recipient: Recipient, attachments: [OutgoingAttachment],
        settings: LedgerSettings
    ) throws -> PreparedDelivery {
        let token = ReplyToken.generate()
        let replyAddress = token.address(in: settings.mailbox)
        let messageID = MessageIDs.make(dispatch: dispatch.id, recipient: recipient.key,
                                        mailbox: settings.mailbox)
        let deadline = dispatch.deadlineAt.map { _ in dispatch.deadline ?? "" }
        let message = OutgoingMessage(
            from: MailAddress(name: settings.departmentName, address: settings.mailbox),
            to: recipient.addresses.map { MailAddress(name: recipient.name, address: $0) },
            replyTo: MailAddress(name: settings.departmentName, address: replyAddress),
            subject: "[\(dispatch.id)] \(dispatch.subject)",
            messageID: messageID, date: ledger.now,
            body: dispatch.body + "\n" + texts.footer(for: dispatch, deadline: deadline),
            attachments: attachments,
            extraHeaders: [
                HeaderField(name: "Disposition-Notification-To", value: settings.mailbox),
                HeaderField(name: "X-Schoolpost-Dispatch", value: dispatch.id),
            ])
        let raw = try MessageComposer.render(message)
        let digest = try ledger.store.put(raw)
        return PreparedDelivery(
            recipient: recipient, tokenHash: token.hash, messageID: messageID,
            rawSHA256: digest, envelopeFrom: replyAddress)
    }

    private func actingPerson(
        _ login: String, action: String, dispatch: DispatchID?
    ) throws -> Person {
        guard !login.isEmpty else {
            throw LedgerError(.usage, "say who acts: --as LOGIN or SCHOOLPOST_AS")
        }
        guard let person = try ledger.person(login) else {
            try ledger.recordRefusal(
                actor: login, action: action, dispatch: dispatch, reason: "unknown person")
            throw PermissionError("\(login) is not a known person: cannot \(action)")
        }
        return person
    }

    private func refuse(
        _ login: String, _ action: String, _ dispatch: DispatchID?, _ reason: String
    ) throws -> Never {
        try ledger.recordRefusal(actor: login, action: action, dispatch: dispatch, reason: reason)
        throw PermissionError(
            "\(login) may not \(action)\(dispatch.map { " \($0)" } ?? ""): \(reason)")
    }
}
