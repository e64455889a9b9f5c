import Foundation
import Ledger
import MailBridge
import Reports

/// The main job end to end on the embedded default: a ledger file, a Maildir transport,
/// twelve invented institutions, one survey sent with approval, replies written the way
/// common mail clients write them (an auto-reply and a bounce among them) dropped into the
/// Maildir, and the same bridge code that serves real mail filing them.
public struct DemoScenario {
    public let folder: URL
    public let clock: Clock

    /// Marks a folder the demo made, so a second run may clear it and nothing else.
    static let marker = ".schoolpost-demo"

    public init(folder: URL, clock: Clock) {
        self.folder = folder
        self.clock = clock
    }

    /// Runs the demo, reporting each step through `progress`.
    /// - Returns: the status report of the dispatch, as a table.
    /// - Throws: `LedgerError(.usage)` when the folder holds something the demo did not make.
    public func run(_ progress: (String) -> Void) throws -> String {
        try prepareFolder()
        let mailRoot = folder.appending(path: "mail")
        let ledger = try Ledger.create(
            at: folder.appending(path: "schoolpost.db").path,
            settings: LedgerSettings(
                mailbox: "oswiata@edu.example.org", transport: "maildir:\(mailRoot.path)",
                approval: .sectionHead, departmentName: "Wydział Edukacji Miasta"),
            clock: clock)
        progress("1. Ledger: \(ledger.path), Maildir: \(mailRoot.path)")

        let csvURL = folder.appending(path: "szkoly.csv")
        try Data(DemoDirectory.csv.utf8).write(to: csvURL)
        let summary = try ledger.importInstitutions(
            try InstitutionCSV.parse(Data(contentsOf: csvURL)), actor: "operator")
        try ledger.addToGroup("wszystkie", codes: summary.added, actor: "operator")
        for person in DemoDirectory.people { try ledger.addPerson(person, actor: "operator") }
        progress("2. Directory: \(summary.added.count) institutions from "
                 + "\(csvURL.lastPathComponent), \(DemoDirectory.people.count) people")

        let id = try createAndApprove(ledger)
        progress("3. Dispatch \(id) written by anna.nowak, approved by jan.kowalski (section head)")

        let bridge = try BridgeSetup.bridge(for: ledger, log: SilentLog())
        let sent = try bridge.flushOutbox()
        progress("4. Bridge sent \(sent.sent) messages to "
                 + "\(mailRoot.appending(path: "outbox").path)")

        let replies = try writeReplies(ledger: ledger, dispatch: id, mailRoot: mailRoot)
        progress("5. Schools answered: \(replies) messages dropped into the Maildir inbox")

        let read = try bridge.pollInbox()
        progress("6. Bridge read the inbox: \(read.stored) filed, \(read.forReview) for review, "
                 + "\(read.duplicates) duplicates")

        let exportFolder = folder.appending(path: "eksport")
        let files = try AnswerExport(ledger: ledger, dispatch: id).write(to: exportFolder)
        progress("7. Export: \(files) answers and manifest.csv in \(exportFolder.path)")
        progress("")
        return try StatusReport(ledger: ledger, dispatch: id).table()
    }

    private func prepareFolder() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.path) {
            let contents = try manager.contentsOfDirectory(atPath: folder.path)
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw LedgerError(
                    .usage, "\(folder.path) holds files the demo did not make: choose --dir")
            }
            try manager.removeItem(at: folder)
        }
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: folder.appending(path: Self.marker))
    }

    private func createAndApprove(_ ledger: Ledger) throws -> DispatchID {
        let template = try WorkbookWriter.data([DemoDirectory.surveySheet(values: nil)])
        let deadline = ledger.calendar.short(ledger.now.addingTimeInterval(7 * 86_400))
        let procedure = DispatchProcedure(ledger: ledger)
        let id = try procedure.create(DispatchDraft(
            subject: "Ankieta: liczba uczniów i oddziałów w roku szkolnym 2026/2027",
            shortTitle: "Ankieta uczniowie",
            body: """
                Szanowni Państwo,

                uprzejmie prosimy o wypełnienie załączonej ankiety i odesłanie jej \
                w odpowiedzi na tę wiadomość.

                Z poważaniem
                Anna Nowak
                Wydział Edukacji Miasta
                """,
            attachments: [(filename: "Ankieta_liczba_uczniów.xlsx",
                           contentType: MIMEType.forFilename("x.xlsx"), data: template)],
            targets: ["group:wszystkie"], expectedReply: .attachment,
            deadline: String(deadline.prefix(10)), author: "anna.nowak"))
        try procedure.approve(id, as: "jan.kowalski")
        try procedure.send(id, as: "anna.nowak")
        return id
    }

    /// Reads each sent message back from the outbox, as a school's client would, and
    /// answers it in that school's style.
    private func writeReplies(ledger: Ledger, dispatch: DispatchID, mailRoot: URL) throws -> Int {
        let maildir = try MaildirTransport(directory: mailRoot)
        let outbox = try FileManager.default.contentsOfDirectory(
            at: maildir.outbox, includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "eml" }.sorted { $0.path < $1.path }

        var seen = Set<String>()
        var count = 0
        for file in outbox {
            let sent = MessageReader.read(try Data(contentsOf: file))
            guard let messageID = sent.messageID, seen.insert(messageID).inserted,
                  let to = sent.to.first,
                  let code = try ledger.institutions(withAddress: to.address).first,
                  let plan = DemoDirectory.plan[code], let style = plan.style,
                  let replyTo = sent.addresses(inHeader: "Reply-To").first?.address
            else { continue }

            let original = DemoMail.Original(
                messageID: messageID, subject: sent.subject,
                replyTo: MailAddress(name: "Wydział Edukacji Miasta", address: replyTo),
                department: MailAddress(name: "Wydział Edukacji Miasta",
                                        address: "oswiata@edu.example.org"),
                date: sent.date ?? ledger.now)
            let attachment = try plan.values.map { values in
                DemoMail.Attachment(
                    filename: plan.filename,
                    data: try WorkbookWriter.data([DemoDirectory.surveySheet(values: values)]))
            }
            let raw = try DemoMail.reply(
                style, to: original, from: DemoMail.School(address: to, personName: plan.person),
                attachment: attachment, text: plan.text)
            _ = try maildir.deliver(raw)
            count += 1
        }
        return count
    }
}
