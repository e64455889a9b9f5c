import Foundation
import Ledger
import Testing

@Suite("Ledger file")
struct LedgerFileTests {
    @Test("a new ledger runs in WAL mode with synchronous FULL and foreign keys")
    func pragmas() throws {
        let test = try TestLedger()

        let mode = try test.ledger.db.first("PRAGMA journal_mode")?.string("journal_mode")
        let sync = try test.ledger.db.first("PRAGMA synchronous")?.int("synchronous")
        let keys = try test.ledger.db.first("PRAGMA foreign_keys")?.int("foreign_keys")

        #expect(mode == "wal")
        #expect(sync == 2)
        #expect(keys == 1)
        #expect(try test.ledger.integrityCheck() == "ok")
    }

    @Test("reopening applies no migration twice and keeps the settings")
    func reopen() throws {
        let test = try TestLedger()
        let path = test.ledger.path

        let again = try Ledger(openingAt: path, clock: test.ledger.clock)
        let migrations = try again.db.query("SELECT id FROM schema_migrations")
            .map { $0.text("id") }

        #expect(migrations == ["0001-core", "0002-reminders", "0003-forms"])
        #expect(try again.settings().mailbox == "oswiata@edu.example.org")
        #expect(again.store.root.path == path + ".store")
    }

    @Test("creating over an existing ledger is refused")
    func createTwice() throws {
        let test = try TestLedger()

        #expect(throws: LedgerError.self) {
            _ = try Ledger.create(
                at: test.ledger.path, settings: LedgerSettings(mailbox: "a@example.org"),
                clock: test.ledger.clock)
        }
    }

    @Test("opening a missing ledger is a usage error")
    func missing() throws {
        let error = #expect(throws: LedgerError.self) {
            _ = try Ledger(openingAt: "/nonexistent/x.db", clock: Clock(fixed: Date()))
        }
        #expect(error?.category == .usage)
    }

    @Test("the store names blobs by SHA-256 and keeps one copy")
    func store() throws {
        let test = try TestLedger()
        let data = Data("abc".utf8)

        let first = try test.ledger.store.put(data)
        let second = try test.ledger.store.put(data)

        #expect(first == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(first == second)
        #expect(try test.ledger.store.data(for: first) == data)
    }

    @Test("a deadline date ends at midnight after that day in Warsaw")
    func deadline() throws {
        let calendar = try DepartmentCalendar()

        let winter = try calendar.endOfDay("2026-12-10")
        let summer = try calendar.endOfDay("2026-07-10")

        #expect(Timestamp.format(winter) == "2026-12-10T23:00:00.000Z")
        #expect(Timestamp.format(summer) == "2026-07-10T22:00:00.000Z")
        #expect(throws: LedgerError.self) { try calendar.endOfDay("2026-02-30") }
        #expect(throws: LedgerError.self) { try calendar.endOfDay("10.12.2026") }
    }

    @Test("SCHOOLPOST_NOW moves the clock; a bad value is a usage error")
    func clock() throws {
        let clock = try Clock(environment: ["SCHOOLPOST_NOW": "2026-12-24T08:00:00+01:00"])

        #expect(Timestamp.format(clock.now) == "2026-12-24T07:00:00.000Z")
        #expect(throws: LedgerError.self) { try Clock(environment: ["SCHOOLPOST_NOW": "jutro"]) }
    }
}

@Suite("Store housekeeping")
struct StoreSweepTests {
    @Test("old temporary files of a killed writer are swept, fresh ones kept")
    func sweep() throws {
        let test = try TestLedger()
        let folder = test.ledger.store.root.appending(path: "tmp")
        let old = folder.appending(path: "old.partial")
        let fresh = folder.appending(path: "fresh.partial")
        try Data([1]).write(to: old)
        try Data([2]).write(to: fresh)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: old.path)

        let removed = test.ledger.store.sweepTemporaryFiles()

        #expect(removed == 1)
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: fresh.path))
    }
}
