import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded transport `maildir:DIR`, for the demo and for running without a server.
///
/// Sending stores each message as an `.eml` file in `DIR/outbox`; reading takes messages
/// from the Maildir `DIR/inbox` (`new/`, `cur/`, `tmp/`, created when missing), following
/// the Maildir conventions of https://cr.yp.to/proto/maildir.html. Files are written to a
/// temporary name, fsynced and renamed, so a reader never sees half a message.
///
/// Not Sendable: use one instance from one thread (the counter that keeps names unique is
/// unguarded).
public final class MaildirTransport: OutgoingTransport, InboundMailbox {
    /// The root folder holding `outbox` and `inbox`.
    public let directory: URL
    private var sequence = 0

    /// The Maildir read as the department mailbox.
    public let inbox: URL

    /// Opens (and creates where missing) `directory/outbox` and the Maildir `inbox`,
    /// by default `directory/inbox`.
    /// - Throws: `MaildirError` when a folder cannot be created.
    public init(directory: URL, inbox: URL? = nil) throws {
        self.directory = directory
        self.inbox = inbox ?? directory.appendingPathComponent("inbox")
        let outboxFolder = inbox == nil ? [outbox] : []
        for folder in outboxFolder + [
            self.inbox.appendingPathComponent("tmp"), newFolder, curFolder,
        ] {
            do {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true)
            } catch {
                throw MaildirError(operation: "create folder", path: folder.path, code: nil)
            }
        }
    }

    /// Removes what killed writers left: `tmp/` files and `.tmp-` outbox files older than
    /// 36 hours, the age the Maildir convention gives them.
    /// - Returns: how many files were removed.
    @discardableResult
    public func sweepAbandonedFiles(now: Date = Date()) -> Int {
        let places: [(URL, (String) -> Bool)] = [
            (inbox.appendingPathComponent("tmp"), { _ in true }),
            (outbox, { $0.hasPrefix(".tmp-") }),
        ]
        var removed = 0
        for (folder, matches) in places {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where matches(name) {
                let url = folder.appendingPathComponent(name)
                let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[
                    .modificationDate] as? Date
                guard let modified, now.timeIntervalSince(modified) > 36 * 3600,
                      (try? FileManager.default.removeItem(at: url)) != nil
                else { continue }
                removed += 1
            }
        }
        return removed
    }

    /// The folder sent messages are stored in.
    public var outbox: URL { directory.appendingPathComponent("outbox") }
    private var newFolder: URL { inbox.appendingPathComponent("new") }
    private var curFolder: URL { inbox.appendingPathComponent("cur") }

    // MARK: - OutgoingTransport

    /// Stores the message as `outbox/<unique name>.eml`, preceded by `Return-Path` and
    /// `X-Original-To` lines recording the envelope, as a local delivery would.
    /// - Throws: `HeaderInjectionError` for CR, LF or NUL in an envelope address;
    ///   `MaildirError` when the file cannot be written.
    public func send(_ raw: Data, envelopeFrom: String, recipient: String) throws
        -> SendOutcome
    {
        for (field, value) in [("Return-Path", envelopeFrom), ("X-Original-To", recipient)] {
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw HeaderInjectionError(field: field)
            }
        }

        let envelope = "Return-Path: <\(envelopeFrom)>\r\nX-Original-To: \(recipient)\r\n"
        let name = uniqueName() + ".eml"
        let temporary = outbox.appendingPathComponent(".tmp-" + name)
        try Self.writeDurably(Data(envelope.utf8) + raw, to: temporary)
        try Self.rename(temporary, to: outbox.appendingPathComponent(name))
        try Self.syncFolder(outbox)
        return .accepted(response: "stored as \(name)")
    }

    // MARK: - InboundMailbox

    /// Messages in `inbox/new`, oldest first by file name, at most `limit`. A file that
    /// vanishes between listing and reading (moved by another reader) is skipped.
    /// - Throws: `MaildirError` when the folder or a file cannot be read.
    public func fetchNew(after: (uidValidity: UInt32, uid: UInt32)?, limit: Int) throws
        -> [FetchedMessage]
    {
        guard limit > 0 else { return [] }

        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: newFolder.path)
        } catch {
            throw MaildirError(operation: "list", path: newFolder.path, code: nil)
        }

        var messages: [FetchedMessage] = []
        for name in names.filter({ !$0.hasPrefix(".") }).sorted().prefix(limit) {
            let file = newFolder.appendingPathComponent(name)
            guard let raw = FileManager.default.contents(atPath: file.path) else {
                if !FileManager.default.fileExists(atPath: file.path) {
                    continue
                }
                throw MaildirError(operation: "read", path: file.path, code: nil)
            }
            messages.append(FetchedMessage(location: .maildir(filename: name), raw: raw))
        }
        return messages
    }

    /// Moves the file from `new/` to `cur/` with the info suffix `:2,S` (seen). Marking a
    /// message already in `cur/` again does nothing, so a retried commit is harmless.
    /// - Throws: `MaildirError` for an IMAP location, a missing file or a failed rename.
    public func markProcessed(_ location: MailboxLocation) throws {
        guard case let .maildir(filename) = location, Self.isPlainName(filename) else {
            throw MaildirError(operation: "mark processed", path: location.description,
                               code: nil)
        }

        let unique = filename.split(separator: ":", maxSplits: 1).first.map(String.init)
            ?? filename
        let target = curFolder.appendingPathComponent(unique + ":2,S")
        let source = newFolder.appendingPathComponent(filename)
        if !FileManager.default.fileExists(atPath: source.path),
           FileManager.default.fileExists(atPath: target.path)
        {
            return
        }
        try Self.rename(source, to: target)
        try Self.syncFolder(curFolder)
        try Self.syncFolder(newFolder)
    }

    // MARK: - Delivering into the inbox

    /// Drops a message into `inbox` the Maildir way: written to `tmp/`, fsynced, renamed
    /// into `new/`. Used by the demo and by tests standing in for a mail server.
    /// - Returns: the file name in `new/`.
    /// - Throws: `MaildirError` when the file cannot be written.
    @discardableResult
    public func deliver(_ raw: Data) throws -> String {
        let name = uniqueName()
        let temporary = inbox.appendingPathComponent("tmp").appendingPathComponent(name)
        try Self.writeDurably(raw, to: temporary)
        try Self.rename(temporary, to: newFolder.appendingPathComponent(name))
        try Self.syncFolder(newFolder)
        return name
    }

    // MARK: - Files

    /// `<seconds>.M<microseconds>P<pid>Q<sequence>R<random>.<host>`: the Maildir unique
    /// name, with the time first and zero-padded so that names sort in arrival order.
    private func uniqueName() -> String {
        sequence += 1
        let now = Date().timeIntervalSince1970
        let seconds = Int(now)
        let micros = Int((now - Double(seconds)) * 1_000_000)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let pid = ProcessInfo.processInfo.processIdentifier
        return "\(seconds).M\(String(format: "%06d", micros))P\(pid)"
            + "Q\(String(format: "%06d", sequence))R\(random).\(Self.host)"
    }

    /// The host name with the characters Maildir forbids in names replaced.
    private static let host: String = {
        let name = ProcessInfo.processInfo.hostName
        let safe = name.unicodeScalars.map { scalar -> String in
            let isSafe = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)
                || scalar == "-" || scalar == ".")
            return isSafe ? String(scalar) : "_"
        }.joined()
        return safe.isEmpty ? "localhost" : safe
    }()

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
    }

    private static func writeDurably(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw MaildirError(operation: "create", path: url.path, code: errno)
        }
        defer { close(fd) }

        try data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, base + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    throw MaildirError(operation: "write", path: url.path, code: errno)
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else {
            throw MaildirError(operation: "fsync", path: url.path, code: errno)
        }
    }

    private static func rename(_ source: URL, to target: URL) throws {
        guard Foundation.rename(source.path, target.path) == 0 else {
            throw MaildirError(operation: "rename", path: source.path, code: errno)
        }
    }

    /// Makes a rename durable: fsync on the folder records the new directory entry.
    private static func syncFolder(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            throw MaildirError(operation: "open folder", path: url.path, code: errno)
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw MaildirError(operation: "fsync folder", path: url.path, code: errno)
        }
    }
}

/// A file-system failure of the Maildir transport.
public struct MaildirError: Error, CustomStringConvertible {
    /// What was being done: `create`, `write`, `fsync`, `rename`, `read`…
    public var operation: String
    /// The file or folder concerned (or the location that could not be marked).
    public var path: String
    /// The `errno` value when the failure came from a system call.
    public var code: Int32?

    public var description: String {
        let reason = code.map { String(cString: strerror($0)) } ?? "failed"
        return "maildir \(operation) \(path): \(reason)"
    }
}
