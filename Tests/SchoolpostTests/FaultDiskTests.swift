import Foundation
import MailBridge
import Testing

/// The disk holding the ledger and its store fills up while the bridge sends and files.
/// An 8 MB tmpfs is mounted under the test's folder (root only); where mounting is refused,
/// or with SCHOOLPOST_FAULT_DISK=rlimit, the bridge runs under an RLIMIT_FSIZE limit with
/// SIGXFSZ ignored, so writes past the limit fail with EFBIG instead.
@Suite("Faults: a full disk", .serialized,
       .enabled(if: FaultHarness.hasSQLiteProgram, FaultHarness.noSQLiteProgram))
struct FaultDiskTests {
    static let schools = 20

    /// With no room at all the bridge cannot even open the ledger (SQLite must make its
    /// -shm file); with a little room it sends and files until a write fails mid-way.
    @Test("a full disk: one error line, exit 75, the file sound; space freed: all filed",
          arguments: [0, 400_000, 1_500_000])
    func diskFull(room: Int) throws {
        let folder = try CommandRunner.temporaryFolder("fault-disk")
        let disk = folder.appending(path: "disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mounted = Self.mount(disk)
        defer { if mounted { Self.unmount(disk) } }
        let how = mounted ? "8 MB tmpfs" : "RLIMIT_FSIZE 256 KB, SIGXFSZ ignored"
        print("Faults (disk): \(how)")
        // The ledger and its store live on the small disk; the Maildir does not.
        let runner = CommandRunner(folder: disk)
        let harness = FaultHarness(runner: runner, random: .init(state: 1))
        let mail = folder.appending(path: "mail")
        let maildir = FaultMaildirTests()
        try maildir.prepare(runner, schools: Self.schools, mail: mail)
        var inbox = FaultMaildirTests.Inbox(root: mail.appending(path: "inbox"))

        let first = try maildir.queueDispatch(runner, round: 1)
        #expect(try runner.schoolpost(["bridge", "run", "--once"]).status == 0)
        let sent = maildir.copies(mail).firstCopy.filter { $0.key.hasSuffix(" \(first)") }
        for (index, message) in sent.values.sorted(by: { $0.subject < $1.subject })
            .enumerated()
        {
            let reply = try #require(Self.largeReply(to: message, index: index))
            try inbox.deliver(reply.raw, id: reply.id)
        }
        let second = try maildir.queueDispatch(runner, round: 2)

        if mounted { try Self.fill(disk, leaving: room) }
        let full = try Self.bridgeOnce(runner, limited: !mounted)
        let filedWhileFull = inbox.processed.count
        // Even the sqlite3 program cannot open a WAL ledger on a full disk (it must make the
        // -shm file): look at the file as the failed run left it once there is room.
        if mounted { try FileManager.default.removeItem(at: disk.appending(path: "filler")) }
        let integrity = try harness.query("PRAGMA integrity_check")
        try harness.checkInvariants(outbox: maildir.copies(mail), processedIDs: inbox.processed)
        let freed = try runner.schoolpost(["bridge", "run", "--once"])

        #expect(full.status == 75, "\(full.stdout)\(full.stderr)")
        let errorLines = full.stderr.split(separator: "\n").filter { $0.hasPrefix("schoolpost: ") }
        #expect(errorLines.count == 1, "\(full.stderr)")
        #expect(integrity == [["ok"]])
        #expect(freed.status == 0, "\(freed.stderr)")
        #expect(inbox.waiting.isEmpty)
        try maildir.expectRoundComplete(harness, dispatch: first, schools: Self.schools)
        #expect(try harness.count(
            "SELECT count(*) FROM outbox o JOIN deliveries d ON d.id = o.delivery_id "
                + "WHERE d.dispatch_id = '\(second)' AND o.state = 'accepted'") == Self.schools)
        try harness.checkInvariants(outbox: maildir.copies(mail), processedIDs: inbox.processed)
        print("Faults (disk, \(room) bytes left): exit \(full.status) with \(filedWhileFull) "
              + "of \(Self.schools) replies filed before the disk ran out: "
              + (errorLines.first.map(String.init) ?? ""))
    }

    // MARK: - The small disk

    static var forcedLimit: Bool {
        ProcessInfo.processInfo.environment["SCHOOLPOST_FAULT_DISK"] == "rlimit"
    }

    static func mount(_ folder: URL) -> Bool {
        guard !forcedLimit, geteuid() == 0,
              let output = try? CommandRunner(folder: folder).run(
                  "/bin/mount", ["-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", folder.path])
        else { return false }
        return output.status == 0
    }

    static func unmount(_ folder: URL) {
        _ = try? CommandRunner(folder: folder.deletingLastPathComponent())
            .run("/bin/umount", [folder.path])
    }

    /// Writes zeros until the disk says it is full, then gives `room` bytes back.
    static func fill(_ disk: URL, leaving room: Int) throws {
        let filler = disk.appending(path: "filler")
        let output = try CommandRunner(folder: disk).run(
            "/bin/dd", ["if=/dev/zero", "of=\(filler.path)", "bs=16k"])
        #expect(output.stderr.contains("No space left"), "\(output.stderr)")
        guard room > 0 else { return }
        let size = try FileManager.default.attributesOfItem(atPath: filler.path)[.size] as? Int
        #expect(truncate(filler.path, off_t(max(0, (size ?? 0) - room))) == 0)
    }

    /// `bridge run --once`, under a 256 KB file-size limit when there is no small disk.
    static func bridgeOnce(_ runner: CommandRunner, limited: Bool) throws -> CommandRunner.Output {
        guard limited else { return try runner.schoolpost(["bridge", "run", "--once"]) }
        let ledger = runner.folder.appending(path: "schoolpost.db").path
        return try runner.run("/bin/sh", [
            "-c", "trap '' XFSZ; exec /usr/bin/prlimit --fsize=262144 -- \"$@\"", "sh",
            CommandRunner.schoolpost.path, "--ledger", ledger, "bridge", "run", "--once",
        ])
    }

    /// An answer carrying 60 KB, so that the store needs room for every reply.
    static func largeReply(to message: InboundMessage, index: Int) -> (raw: Data, id: String)? {
        guard let small = FaultMaildirTests.reply(to: message, round: 1, index: index) else {
            return nil
        }
        var random = FaultHarness.SplitMix(state: UInt64(index + 1))
        let bytes = (0..<60_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let encoded = Data(bytes).base64EncodedString(options: .lineLength76Characters)
        let text = String(decoding: small.raw, as: UTF8.self)
            .replacingOccurrences(of: "text/csv; name=\"odpowiedz.csv\"",
                                  with: "application/octet-stream; name=\"dane.bin\"")
            .replacingOccurrences(of: "filename=\"odpowiedz.csv\"", with: "filename=\"dane.bin\"")
        guard let bodyStart = text.range(of: "base64\r\n\r\n"),
              let bodyEnd = text.range(of: "\r\n--b--")
        else { return nil }
        let raw = String(text[..<bodyStart.upperBound]) + encoded
            + String(text[bodyEnd.lowerBound...])
        return (Data(raw.utf8), small.id)
    }
}
