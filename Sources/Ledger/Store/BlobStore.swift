import Foundation

/// The folder beside the ledger that holds raw messages and attachments as files named by
/// their SHA-256. Files are written to a temporary name, fsynced and renamed, so a file
/// with a digest's name always holds those bytes, even after a crash.
public struct BlobStore: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Creates the folder tree if it is missing.
    /// - Throws: `LedgerError` when the folder cannot be made.
    public func prepare() throws {
        do {
            try FileManager.default.createDirectory(
                at: root.appending(path: "tmp"), withIntermediateDirectories: true)
        } catch {
            throw LedgerError(.temporary, "cannot create the store \(root.path): \(error)")
        }
    }

    /// Removes temporary files a killed writer left behind, older than `age` seconds (a
    /// live writer renames its file within moments).
    /// - Returns: how many were removed.
    @discardableResult
    public func sweepTemporaryFiles(olderThan age: TimeInterval = 3600) -> Int {
        let folder = root.appending(path: "tmp")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed = 0
        for name in names {
            let url = folder.appending(path: name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            guard let modified = attributes?[.modificationDate] as? Date,
                  Date().timeIntervalSince(modified) > age,
                  (try? FileManager.default.removeItem(at: url)) != nil
            else { continue }
            removed += 1
        }
        return removed
    }

    /// Where the blob with digest `sha256` lives: two-level fan-out, `ab/abcdef…`.
    public func url(for sha256: String) -> URL {
        root.appending(path: String(sha256.prefix(2))).appending(path: sha256)
    }

    /// Stores `data` and returns its digest; storing the same bytes twice is harmless.
    /// - Throws: `LedgerError(.temporary)` when the disk refuses the write.
    @discardableResult
    public func put(_ data: Data) throws -> String {
        let digest = SHA256.hex(data)
        let target = url(for: digest)
        if FileManager.default.fileExists(atPath: target.path) { return digest }

        let folder = target.deletingLastPathComponent()
        let temporary = root.appending(path: "tmp").appending(path: "\(digest).\(UUID())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try writeSynced(data, to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            syncDirectory(folder)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw LedgerError(.temporary, "cannot write to the store \(root.path): \(error)")
        }
        return digest
    }

    /// The bytes of blob `sha256`.
    /// - Throws: `LedgerError` when the blob is missing.
    public func data(for sha256: String) throws -> Data {
        do {
            return try Data(contentsOf: url(for: sha256))
        } catch {
            throw LedgerError(.internal, "the store has no blob \(sha256): \(error)")
        }
    }

    private func writeSynced(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }

        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// A rename is durable only once its folder is synced (POSIX leaves it to the caller).
    private func syncDirectory(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
