import Foundation
import Ledger

/// Every filed answer of a dispatch under its filed name, with `manifest.csv` (what was
/// filed, from whom) and `missing.csv` (who did not answer, with addresses).
public struct AnswerExport {
    public struct Entry: Sendable {
        public var code: String
        public var name: String
        public var sender: String
        public var receivedAt: Date?
        public var originalName: String
        public var filedName: String
        public var size: Int
        public var sha256: String
    }

    public let ledger: Ledger
    public let dispatch: DispatchID

    public init(ledger: Ledger, dispatch: DispatchID) {
        self.ledger = ledger
        self.dispatch = dispatch
    }

    /// The filed answers, in the order they came.
    /// - Throws: `LedgerError(.badData)` for an unknown dispatch.
    public func entries() throws -> [Entry] {
        _ = try ledger.dispatch(dispatch)
        return try ledger.db.query(
            """
            SELECT f.*, d.institution_code, d.person_login, m.sender, m.received_at
            FROM files f JOIN deliveries d ON d.id = f.delivery_id
            JOIN messages m ON m.id = f.message_id
            WHERE d.dispatch_id = ? ORDER BY f.id
            """, [dispatch]
        ).map { row in
            let code = row.string("institution_code") ?? row.text("person_login")
            let name = try row.string("institution_code")
                .flatMap { try ledger.institution($0)?.name }
                ?? row.string("person_login").flatMap { try ledger.person($0)?.name } ?? code
            return Entry(
                code: code, name: name, sender: row.text("sender"),
                receivedAt: Timestamp.parse(row.text("received_at")),
                originalName: row.text("original_name"), filedName: row.text("filed_name"),
                size: row.int("size") ?? 0, sha256: row.text("sha256"))
        }
    }

    /// Writes the files and both CSV files into `folder` (created if missing);
    /// `progress` hears the share of files written, from 0 to 1.
    /// - Returns: the number of files written.
    /// - Throws: `LedgerError(.temporary)` when the folder cannot be written.
    @discardableResult
    public func write(to folder: URL, progress: ((Double) -> Void)? = nil) throws -> Int {
        let entries = try entries()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, entry) in entries.enumerated() {
                let target = folder.appending(path: entry.filedName)
                try ledger.store.data(for: entry.sha256).write(to: target, options: .atomic)
                progress?(Double(index + 1) / Double(entries.count + 1))
            }
            try Data(manifest(entries).utf8).write(
                to: folder.appending(path: "manifest.csv"), options: .atomic)
            try Data(missing().utf8).write(
                to: folder.appending(path: "missing.csv"), options: .atomic)
            progress?(1)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.temporary, "cannot write the export to \(folder.path): \(error)")
        }
        return entries.count
    }

    /// `code,name,sender,received_at,original_name,filed_name,size,sha256`.
    public func manifest(_ entries: [Entry]) -> String {
        var lines = ["code,name,sender,received_at,original_name,filed_name,size,sha256"]
        for entry in entries {
            lines.append([
                entry.code, entry.name, entry.sender,
                entry.receivedAt.map(ledger.calendar.display) ?? "", entry.originalName,
                entry.filedName, String(entry.size), entry.sha256,
            ].map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `code,name,state,addresses` of every recipient that has not answered.
    /// - Throws: `SQLiteError`.
    public func missing() throws -> String {
        let report = try StatusReport(ledger: ledger, dispatch: dispatch)
        var lines = ["code,name,state,addresses"]
        for row in report.rows where row.state != .replied {
            lines.append([row.code, row.name, row.state.rawValue,
                          row.addresses.joined(separator: " ")]
                .map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
