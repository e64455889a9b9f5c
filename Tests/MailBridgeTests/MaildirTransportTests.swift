import Foundation
import Testing
import MailBridge

@Suite("Maildir transport")
struct MaildirTransportTests {
    /// A fresh folder per test, removed afterwards.
    private final class TemporaryFolder {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory
                .appendingPathComponent("maildir-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    private func names(in url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    @Test("opening creates outbox and the inbox's new, cur and tmp")
    func createsFolders() throws {
        let folder = try TemporaryFolder()

        let maildir = try MaildirTransport(directory: folder.url)

        #expect(try names(in: folder.url) == ["inbox", "outbox"])
        #expect(try names(in: maildir.inbox) == ["cur", "new", "tmp"])
    }

    @Test("sending stores unique, sortable .eml files with the envelope")
    func send() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)
        let raw = Data("Subject: test\r\n\r\nbody\r\n".utf8)

        var stored: [String] = []
        for index in 0..<5 {
            let outcome = try maildir.send(raw, envelopeFrom: "oswiata@example.org",
                                           recipient: "sp\(index)@example.net")
            guard case let .accepted(response) = outcome else {
                Issue.record("not accepted: \(outcome)")
                return
            }
            stored.append(String(response.dropFirst("stored as ".count)))
        }

        let files = try names(in: maildir.outbox)
        #expect(files == stored)
        #expect(Set(files).count == 5)
        #expect(files.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
        let first = try Data(contentsOf: maildir.outbox.appendingPathComponent(files[0]))
        #expect(String(decoding: first, as: UTF8.self) == "Return-Path: <oswiata@example.org>"
            + "\r\nX-Original-To: sp0@example.net\r\nSubject: test\r\n\r\nbody\r\n")
    }

    @Test("an envelope address with a line break is refused")
    func envelopeInjection() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)

        #expect(throws: HeaderInjectionError.self) {
            try maildir.send(Data(), envelopeFrom: "a@example.org\r\nX: y",
                             recipient: "b@example.net")
        }
        #expect(try names(in: maildir.outbox).isEmpty)
    }

    @Test("delivered messages are fetched oldest first, up to the limit")
    func fetch() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)
        let bodies = (1...4).map { Data("Subject: \($0)\r\n\r\n".utf8) }
        let delivered = try bodies.map { try maildir.deliver($0) }

        let firstThree = try maildir.fetchNew(after: nil, limit: 3)
        let all = try maildir.fetchNew(after: (uidValidity: 1, uid: 99), limit: 10)

        #expect(firstThree.map(\.raw) == Array(bodies.prefix(3)))
        #expect(firstThree.map(\.location) == delivered.prefix(3).map {
            MailboxLocation.maildir(filename: $0)
        })
        #expect(all.count == 4)
        #expect(try names(in: maildir.inbox.appendingPathComponent("tmp")).isEmpty)
    }

    @Test("marking processed moves the file to cur with :2,S, and again is harmless")
    func markProcessed() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)
        let name = try maildir.deliver(Data("Subject: x\r\n\r\n".utf8))
        try maildir.deliver(Data("Subject: y\r\n\r\n".utf8))

        try maildir.markProcessed(.maildir(filename: name))
        try maildir.markProcessed(.maildir(filename: name))

        let cur = try names(in: maildir.inbox.appendingPathComponent("cur"))
        #expect(cur == [name + ":2,S"])
        let left = try maildir.fetchNew(after: nil, limit: 10)
        #expect(left.count == 1)
        #expect(left.first?.raw == Data("Subject: y\r\n\r\n".utf8))
    }

    @Test("unknown files, IMAP locations and path tricks are refused")
    func markRefused() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)

        #expect(throws: MaildirError.self) {
            try maildir.markProcessed(.maildir(filename: "missing"))
        }
        #expect(throws: MaildirError.self) {
            try maildir.markProcessed(.imap(uidValidity: 1, uid: 2))
        }
        #expect(throws: MaildirError.self) {
            try maildir.markProcessed(.maildir(filename: "../../outbox/x"))
        }
    }

    @Test("dot files in new/ are ignored")
    func ignoresDotFiles() throws {
        let folder = try TemporaryFolder()
        let maildir = try MaildirTransport(directory: folder.url)
        let hidden = maildir.inbox.appendingPathComponent("new/.partial")
        try Data("x".utf8).write(to: hidden)

        #expect(try maildir.fetchNew(after: nil, limit: 10).isEmpty)
    }
}

@Suite("Maildir housekeeping")
struct MaildirSweepTests {
    @Test("abandoned tmp files older than 36 hours are removed, new mail is not")
    func sweep() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("maildir-sweep-\(UUID().uuidString)")
        let maildir = try MaildirTransport(directory: root)
        let stale = maildir.inbox.appendingPathComponent("tmp/abandoned")
        let staleOut = maildir.outbox.appendingPathComponent(".tmp-abandoned.eml")
        try Data([1]).write(to: stale)
        try Data([2]).write(to: staleOut)
        let kept = try maildir.deliver(Data("Subject: x\r\n\r\ny\r\n".utf8))
        let old = Date().addingTimeInterval(-40 * 3600)
        for url in [stale, staleOut] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
        }

        let removed = maildir.sweepAbandonedFiles()

        #expect(removed == 2)
        #expect(try maildir.fetchNew(after: nil, limit: 5).count == 1)
        #expect(!kept.isEmpty)
    }
}
