import Foundation
import Ledger
import MailBridge
import Workflows

enum InitCommand {
    static func run(_ arguments: inout Arguments, _ context: Context) throws {
        let mailbox = try arguments.required("mailbox")
        guard EmailAddress.isPlausible(mailbox) else {
            throw UsageError("--mailbox \(mailbox) is not an e-mail address")
        }
        let transport = arguments.value("transport")
        let smtp = arguments.value("smtp")
        let imap = arguments.value("imap")
        switch (transport, smtp, imap) {
        case let (.some(value), nil, nil):
            guard value.hasPrefix("maildir:"), value.count > "maildir:".count else {
                throw UsageError("--transport takes maildir:DIR")
            }
        case let (nil, .some(smtpURL), .some(imapURL)):
            _ = try ServerEndpoint(url: smtpURL)
            _ = try ServerEndpoint(url: imapURL)
        default:
            throw UsageError("give --transport maildir:DIR, or both --smtp URL and --imap URL")
        }
        let approvalText = arguments.value("approval") ?? "none"
        guard let approval = ApprovalMode(rawValue: approvalText) else {
            throw UsageError("--approval takes none, section-head or section-head+director")
        }
        var settings = LedgerSettings(
            mailbox: mailbox, transport: transport.map(absoluteTransport), smtpURL: smtp,
            imapURL: imap, approval: approval,
            storePath: arguments.value("store").map(absolute))
        if let zone = arguments.value("time-zone") {
            _ = try DepartmentCalendar(timeZoneIdentifier: zone)
            settings.timeZone = zone
        }
        if let name = arguments.value("department-name") { settings.departmentName = name }
        if let folder = arguments.value("processed-folder") { settings.processedFolder = folder }
        if let days = arguments.value("retry-days") {
            guard let number = Int(days), (1...60).contains(number) else {
                throw UsageError("--retry-days takes a number of days from 1 to 60")
            }
            settings.retryDays = number
        }
        if let policy = arguments.value("reminders") {
            settings.reminders = try ReminderPolicy(parsing: policy).description
        }
        try arguments.finish()

        let ledger = try Ledger.create(at: context.ledgerPath, settings: settings,
                                       clock: context.clock)
        say("created \(context.ledgerPath) (store \(ledger.store.root.path))\n")
    }

    /// A relative Maildir is kept relative to where `init` ran, not to later commands.
    private static func absoluteTransport(_ value: String) -> String {
        "maildir:" + absolute(String(value.dropFirst("maildir:".count)))
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

enum DirectoryCommands {
    static func schools(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("schools import")
        guard verb == "import" else { throw UsageError("schools takes: import FILE.csv") }
        let file = try arguments.next("the CSV file")
        try arguments.finish()

        let institutions = try InstitutionCSV.parse(try readInput(file))
        let summary = try context.openLedger().importInstitutions(
            institutions, actor: context.operatorName)
        say("added \(summary.added.count), updated \(summary.updated.count), "
            + "unchanged \(summary.unchanged.count)\n")
    }

    static func groups(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("groups add")
        guard verb == "add" else { throw UsageError("groups takes: add NAME CODE...") }
        let name = try arguments.next("the group name")
        var codes: [String] = []
        while !arguments.positionals.isEmpty { codes.append(try arguments.next("a code")) }
        guard !codes.isEmpty else { throw UsageError("groups add needs at least one code") }
        try arguments.finish()

        try context.openLedger().addToGroup(name, codes: codes, actor: context.operatorName)
        say("group \(name): \(codes.count) institutions added\n")
    }

    static func people(_ arguments: inout Arguments, _ context: Context) throws {
        let verb = try arguments.next("people add")
        guard verb == "add" else {
            throw UsageError("people takes: add LOGIN --name … --role …")
        }
        let login = try arguments.next("the login")
        let name = try arguments.required("name")
        let roleText = try arguments.required("role")
        guard let role = Role(rawValue: roleText) else {
            throw UsageError(
                "--role takes " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let school = arguments.value("school")
        let email = arguments.value("email")
        try arguments.finish()
        if let email, !EmailAddress.isPlausible(email) {
            throw LedgerError(.badData, "--email \(email) is not an e-mail address")
        }

        try context.openLedger().addPerson(
            Person(login: login, name: name, role: role, institution: school, address: email),
            actor: context.operatorName)
        say("saved \(login) (\(role.rawValue))\n")
    }
}
