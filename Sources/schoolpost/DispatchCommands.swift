import Foundation
import Ledger
import MailBridge
import Reports
import Workflows

enum DispatchCommands {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("dispatch create, approve or send")
        switch verb {
        case "create": try create(&arguments, context)
        case "approve":
            let id = try arguments.next("the dispatch id")
            try arguments.finish()
            let state = try DispatchProcedure(ledger: try context.openLedger())
                .approve(id, as: context.actor)
            say("\(id): \(state.rawValue)\n")
        case "send":
            let id = try arguments.next("the dispatch id")
            try arguments.finish()
            let count = try DispatchProcedure(ledger: try context.openLedger())
                .send(id, as: context.actor)
            say("\(id): \(count) deliveries queued; the bridge sends them\n")
        default:
            throw UsageError("dispatch takes create, approve or send")
        }
    }

    private static func create(_ arguments: inout Arguments, _ context: Context) throws {
        let subject = try arguments.required("subject")
        let bodyText = arguments.value("body")
        let bodyFile = arguments.value("body-file")
        let body: String
        switch (bodyText, bodyFile) {
        case let (.some(text), nil): body = text
        case let (nil, .some(file)):
            guard let text = String(data: try readInput(file), encoding: .utf8) else {
                throw LedgerError(.badData, "\(file) is not UTF-8 text")
            }
            body = text
        default: throw UsageError("give --body TEXT or --body-file FILE")
        }
        var attachments = try arguments.values("attach").map { path in
            let name = URL(fileURLWithPath: path).lastPathComponent
            return (filename: name, contentType: MIMEType.forFilename(name),
                    data: try readInput(path))
        }
        let replyText = arguments.value("reply") ?? "attachment"
        guard let reply = ExpectedReply(rawValue: replyText) else {
            throw UsageError("--reply takes attachment, text or none")
        }
        let targets = arguments.values("to")
        let shortTitle = arguments.value("short-title")
            ?? FiledName.shortTitle(fromSubject: subject)
        let deadline = arguments.value("deadline")
        let reminders = try arguments.value("reminders").map {
            try ReminderPolicy(parsing: $0).description
        }
        let formFile = arguments.value("form")
        try arguments.finish()

        var fullBody = body
        var formText: String?
        if let formFile {
            guard let text = String(data: try readInput(formFile), encoding: .utf8) else {
                throw LedgerError(.badData, "\(formFile) is not UTF-8 text")
            }
            let form = try FormDefinition.parse(text, title: subject)
            fullBody += "\n\n" + form.fillInBlock()
            attachments.append((filename: "Formularz_\(shortTitle).xlsx",
                                contentType: MIMEType.forFilename("x.xlsx"),
                                data: try form.templateWorkbook()))
            formText = text
        }

        let draft = DispatchDraft(
            subject: subject, shortTitle: shortTitle, body: fullBody, attachments: attachments,
            targets: targets, expectedReply: reply, deadline: deadline, author: context.actor,
            reminders: reminders, form: formText)
        let id = try DispatchProcedure(ledger: try context.openLedger()).create(draft)
        say(id + "\n")
    }

    /// `reminders default [POLICY]`: shows or changes the ledger-wide reminder policy.
    static func reminders(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("reminders default")
        guard verb == "default" else { throw UsageError("reminders takes: default [POLICY]") }
        var words: [String] = []
        while !arguments.positionals.isEmpty { words.append(try arguments.next("the policy")) }
        let policy = words.isEmpty ? nil : words.joined(separator: " ")
        try arguments.finish()

        let ledger = try context.openLedger()
        guard let policy else {
            say(try ReminderRound.defaultPolicy(of: try ledger.settings()).description + "\n")
            return
        }
        let canonical = try ReminderPolicy(parsing: policy).description
        try ledger.updateSetting("reminders", to: canonical, actor: context.operatorName)
        say("reminders: \(canonical)\n")
    }
}
