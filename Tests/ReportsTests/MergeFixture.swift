import Foundation
import Ledger
import Reports

/// A temporary ledger with one dispatch to schools SP1…SP8 whose answers the test files
/// itself: `answer(code, files)` records a reply with its attachments.
final class MergeFixture {
    let folder: URL
    let ledger: Ledger
    let id: DispatchID
    private let byCode: [String: Int64]

    static let codes = ["SP1", "SP2", "SP3", "SP4", "SP5", "SP6", "SP7", "SP8"]

    /// A ledger whose dispatch carries `template` (name, bytes) as its attachment.
    init(template: (String, Data)?) throws {
        folder = FileManager.default.temporaryDirectory
            .appending(path: "merge-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = Clock(fixed: Timestamp.parse("2026-12-04T10:00:00Z") ?? Date())
        let ledger = try Ledger.create(
            at: folder.appending(path: "m.db").path,
            settings: LedgerSettings(mailbox: "oswiata@edu.example.org",
                                     transport: "maildir:\(folder.path)"),
            clock: clock)
        _ = try ledger.importInstitutions(Self.codes.map { code in
            Institution(code: code, name: "Szkoła Podstawowa nr \(code.dropFirst(2))",
                        shortName: code, type: "szkola-podstawowa",
                        addresses: ["\(code.lowercased())@schools.example.net"])
        }, actor: "test")
        try ledger.addPerson(Person(login: "anna", name: "Anna Nowak", role: .staff), actor: "t")
        let attachments = template.map {
            [(filename: $0.0, contentType: "application/octet-stream", data: $0.1)]
        } ?? []
        id = try ledger.createDispatch(DispatchDraft(
            subject: "Ankieta", shortTitle: "Ankieta", body: "b", attachments: attachments,
            targets: ["type:szkola-podstawowa"], expectedReply: .attachment,
            deadline: "2026-12-10", author: "anna"))
        let recipients = try ledger.resolveRecipients(["type:szkola-podstawowa"])
        try ledger.queue(id, deliveries: try recipients.map {
            PreparedDelivery(recipient: $0, tokenHash: "h-\($0.key)", messageID: "m-\($0.key)",
                             rawSHA256: try ledger.store.put(Data($0.key.utf8)),
                             envelopeFrom: "oswiata@edu.example.org")
        }, actor: "anna")
        for item in try ledger.dueOutbox() {
            try ledger.record(.accepted(response: "250 ok"), for: item, actor: "t")
        }
        byCode = Dictionary(
            uniqueKeysWithValues: try ledger.deliveries(of: id).map { ($0.recipientKey, $0.id) })
        self.ledger = ledger
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Files `files` (original name, bytes) as `code`'s answer; filed as `CODE_N.ext`.
    func answer(_ code: String, _ files: [(String, Data)]) throws {
        let namer: FileNamer = { context in
            let ext = URL(fileURLWithPath: context.originalName).pathExtension
            return "\(context.recipientKey)_\(context.index).\(ext)"
        }
        guard let delivery = byCode[code] else { throw FixtureError(message: "no \(code)") }
        try ledger.recordInbound(InboundRecord(
            raw: Data("answer \(code) \(files.map(\.0))".utf8), headerMessageID: nil,
            sender: "\(code.lowercased())@schools.example.net", subject: "Re: Ankieta",
            sentAt: nil, kind: "reply", headers: "", text: "w załączeniu", source: "t",
            match: .delivery(id: delivery, method: "token", effect: .answer(flagged: nil)),
            files: files.map { InboundFile(originalName: $0.0, contentType: "x", data: $0.1) }),
            namer: namer)
    }

    /// An .xlsx made with WorkbookWriter.
    static func workbook(_ sheets: [WorkbookSheet]) throws -> Data {
        try WorkbookWriter.data(sheets)
    }

    /// The cells of sheet `name` of the workbook at `path`, read back with the reader.
    static func cells(of name: String, in inspection: SpreadsheetInspection)
        -> [CellPosition: SheetValue]?
    {
        inspection.sheets.first { $0.name == name }?.cells
    }

    /// Rows of values as the sparse cells a sheet holds (nil cells left out).
    static func expected(_ rows: [[SheetValue?]]) -> [CellPosition: SheetValue] {
        var cells: [CellPosition: SheetValue] = [:]
        for (row, values) in rows.enumerated() {
            for (column, value) in values.enumerated() {
                if let value { cells[CellPosition(row: row + 1, column: column + 1)] = value }
            }
        }
        return cells
    }
}
