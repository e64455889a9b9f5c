import Foundation
import Ledger

extension AnswerExport {
    /// Writes the export to `destination`: a zip archive when the name ends in `.zip`
    /// (any case), otherwise a folder.
    /// - Returns: the number of filed answers written.
    /// - Throws: as `writeArchive(to:progress:)` or `write(to:progress:)`.
    @discardableResult
    public func export(to destination: URL, progress: ((Double) -> Void)? = nil) throws -> Int {
        if destination.pathExtension.lowercased() == "zip" {
            return try writeArchive(to: destination, progress: progress)
        }
        return try write(to: destination, progress: progress)
    }

    /// Writes every filed answer under its filed name, `manifest.csv` and `missing.csv`
    /// into one zip file at `file`, names in UTF-8. The archive is written under a
    /// temporary name in the same folder, synced and renamed, so `file` is either the
    /// whole export or untouched; an existing file there is replaced.
    /// - Returns: the number of filed answers written.
    /// - Throws: `LedgerError(.badData)` for an unknown dispatch, `LedgerError(.internal)`
    ///   when the store lacks a filed answer, `ZipError` when libzip or the disk fails.
    @discardableResult
    public func writeArchive(to file: URL, progress: ((Double) -> Void)? = nil) throws -> Int {
        let entries = try entries()
        let missingText = try missing()
        for entry in entries {
            let source = ledger.store.url(for: entry.sha256)
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw LedgerError(
                    .internal, "the store has no file \(entry.sha256) for \(entry.filedName)")
            }
        }

        let folder = file.deletingLastPathComponent()
        let temporary = folder.appending(path: ".\(file.lastPathComponent).\(UUID()).partial")
        do {
            let archive = try ZipWriter(creatingAt: temporary.path)
            for entry in entries {
                try archive.addFile(
                    named: entry.filedName, from: ledger.store.url(for: entry.sha256),
                    modified: entry.receivedAt ?? ledger.now)
            }
            try archive.add(
                named: "manifest.csv", data: Data(manifest(entries).utf8), modified: ledger.now)
            try archive.add(
                named: "missing.csv", data: Data(missingText.utf8), modified: ledger.now)
            try archive.close(progress: progress)
            try Self.sync(temporary)
            guard rename(temporary.path, file.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw ZipError(code: 0, message: reason, operation: "rename to \(file.path)")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return entries.count
    }

    /// Flushes a written file to the disk before it is renamed into place.
    private static func sync(_ file: URL) throws {
        let descriptor = open(file.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ZipError(code: 0, message: String(cString: strerror(errno)),
                           operation: "open \(file.path) to sync it")
        }
        defer { _ = close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw ZipError(code: 0, message: String(cString: strerror(errno)),
                           operation: "sync \(file.path)")
        }
    }
}
