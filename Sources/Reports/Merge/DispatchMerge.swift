import Foundation
import Ledger

/// Merges the filed answers of one dispatch: gathers every filed file and every
/// recipient without an answer from the ledger, reads the spreadsheets, and hands them to
/// `SheetMerge`.
///
/// Reads run a few at a time on Dispatch's worker threads (the reader blocks in C), in
/// batches, so memory holds one batch of read workbooks at most. Not Sendable: the
/// ledger belongs to the calling thread.
public struct DispatchMerge {
    /// The extensions of files the merge reads as spreadsheets.
    public static let spreadsheetExtensions: Set<String> = ["xlsx", "xlsm", "ods", "csv", "xls"]

    /// The ledger holding the dispatch.
    public let ledger: Ledger
    /// The dispatch whose answers are merged.
    public let dispatch: DispatchID
    /// The limits each answer is read with.
    public var limits: SheetLimits

    /// A merge of `dispatch`'s answers in `ledger`.
    public init(ledger: Ledger, dispatch: DispatchID, limits: SheetLimits = .default) {
        self.ledger = ledger
        self.dispatch = dispatch
        self.limits = limits
    }

    /// The template: the workbook at `url`, or else the dispatch's first attached
    /// spreadsheet.
    /// - Throws: `MergeError` (bad data) when there is none or it has no header row;
    ///   `LedgerError(.badData)` for an unknown dispatch.
    public func template(from url: URL? = nil) throws -> MergeTemplate {
        if let url {
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw MergeError.template("cannot read the template \(url.path)")
            }
            return try MergeTemplate(inspection: SpreadsheetReader.read(fileAt: url))
        }
        let attachment = try ledger.dispatch(dispatch).attachments.first {
            Self.isSpreadsheet($0.filename)
        }
        guard let attachment else {
            throw MergeError.template(
                "dispatch \(dispatch) has no spreadsheet attached: give --template FILE")
        }
        let inspection = SpreadsheetReader.read(
            fileAt: ledger.store.url(for: attachment.sha256), named: attachment.filename,
            limits: limits)
        return try MergeTemplate(inspection: inspection)
    }

    /// Merges every filed answer (by institution code, then in the order they came) and
    /// lists the recipients without an answer.
    /// - Throws: `LedgerError(.badData)` for an unknown dispatch; `SQLiteError`.
    public func run(template: MergeTemplate, extra: [MergeInput] = []) throws -> MergeResult {
        let entries = try AnswerExport(ledger: ledger, dispatch: dispatch).entries()
            .enumerated().sorted { ($0.element.code, $0.offset) < ($1.element.code, $1.offset) }
            .map(\.element)
        var state = MergeState(template: template)
        let batch = max(ProcessInfo.processInfo.activeProcessorCount * 2, 2)
        for start in stride(from: 0, to: entries.count, by: batch) {
            let slice = Array(entries[start..<min(start + batch, entries.count)])
            for input in read(slice) {
                state.add(input)
            }
        }
        for input in extra {
            state.add(input)
        }
        for input in try unanswered(filed: Set(entries.map(\.code) + extra.map(\.code))) {
            state.add(input)
        }
        return state.result()
    }

    static func isSpreadsheet(_ name: String) -> Bool {
        spreadsheetExtensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }

    // MARK: - Private

    private func read(_ entries: [AnswerExport.Entry]) -> [MergeInput] {
        let slots = InspectionSlots(count: entries.count)
        let jobs = entries.map { entry in
            (url: ledger.store.url(for: entry.sha256), name: entry.filedName,
             spreadsheet: Self.isSpreadsheet(entry.filedName))
        }
        let limits = self.limits
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            guard jobs[index].spreadsheet else { return }
            slots.store(
                SpreadsheetReader.read(
                    fileAt: jobs[index].url, named: jobs[index].name, limits: limits),
                at: index)
        }

        return entries.enumerated().map { index, entry in
            let content: MergeInput.Content
            if let inspection = slots.value(at: index) {
                content = .workbook(inspection)
            } else {
                let kind = URL(fileURLWithPath: entry.originalName).pathExtension
                content = .unusable(
                    .notASpreadsheet,
                    "pominięty: „\(entry.originalName)” nie jest arkuszem"
                        + (kind.isEmpty ? "" : " (.\(kind.lowercased()))"))
            }
            return MergeInput(code: entry.code, name: entry.name, file: entry.filedName,
                              content: content)
        }
    }

    /// Recipients who have not answered, and those whose answer filed no file.
    private func unanswered(filed: Set<String>) throws -> [MergeInput] {
        let report = try StatusReport(ledger: ledger, dispatch: dispatch)
        return report.rows.compactMap { row in
            if row.state != .replied {
                return MergeInput(
                    code: row.code, name: row.name, file: "",
                    content: .unusable(.noAnswer, "stan doręczenia: \(row.state.rawValue)"))
            }
            guard !filed.contains(row.code) else { return nil }
            return MergeInput(
                code: row.code, name: row.name, file: "",
                content: .unusable(.noSpreadsheet, "odpowiedź bez załączonego pliku"))
        }
    }
}

/// One slot per file for reads running in parallel; `lock` guards `slots`.
private final class InspectionSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [SpreadsheetInspection?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ inspection: SpreadsheetInspection, at index: Int) {
        lock.withLock { slots[index] = inspection }
    }

    func value(at index: Int) -> SpreadsheetInspection? {
        lock.withLock { slots[index] }
    }
}
