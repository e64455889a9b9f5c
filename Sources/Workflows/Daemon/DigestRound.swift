import Foundation
import Ledger
import MailBridge

/// Once a working day, from 08:00 department time, each author of a dispatch with late
/// institutions gets one digest of them, decided and queued in one transaction.
public struct DigestRound {
    public let ledger: Ledger
    public var texts: MailTexts
    /// The hour from which the day's digest goes out.
    public var hour = 8

    public init(ledger: Ledger, texts: MailTexts = MailTexts()) {
        self.ledger = ledger
        self.texts = texts
    }

    /// Queues today's digests not queued yet.
    /// - Returns: the addresses a digest was queued for.
    /// - Throws: ledger failures.
    @discardableResult
    public func run() throws -> [String] {
        let calendar = ledger.calendar
        let stamp = calendar.short(ledger.now)
        guard let today = CalendarDay(String(stamp.prefix(10))),
              Int(stamp.dropFirst(11).prefix(2)) ?? 0 >= hour,
              PolishHolidays.isWorkingDay(today)
        else { return [] }

        var queued: [String] = []
        for (author, entries) in try lateEntriesByAuthor(today: today) {
            guard let address = try ledger.person(author)?.address,
                  try !ledger.hasNotice(kind: "late-digest", day: today.description,
                                        recipient: address)
            else { continue }
            let digest = LateDigest(entries: entries, language: texts.language)
            let settings = try ledger.settings()
            let messageID = MessageIDs.make(
                dispatch: "digest", recipient: author, mailbox: settings.mailbox)
            let raw = try MessageComposer.render(OutgoingMessage(
                from: MailAddress(name: settings.departmentName, address: settings.mailbox),
                to: [MailAddress(address: address)], subject: digest.subject(on: today),
                messageID: messageID, date: ledger.now, body: digest.text(on: today),
                extraHeaders: AutomaticMail.headers(mailbox: settings.mailbox)),
                timeZone: calendar.timeZone)
            if try ledger.queueNotice(
                kind: "late-digest", day: today.description, recipient: address,
                messageID: messageID, rawSHA256: try ledger.store.put(raw))
            {
                queued.append(address)
            }
        }
        return queued
    }

    /// Late deliveries (deadline passed, no answer) grouped by their dispatch's author.
    private func lateEntriesByAuthor(today: CalendarDay) throws -> [(String, [LateDigest.Entry])] {
        let rows = try ledger.db.query(
            """
            SELECT d.*, p.subject, p.deadline, p.author FROM deliveries d
            JOIN dispatches p ON p.id = d.dispatch_id
            WHERE p.deadline_at IS NOT NULL AND p.deadline_at <= ?
                AND d.state IN ('sent', 'failed') AND p.expected_reply != 'none'
            ORDER BY p.author, p.id, d.institution_code, d.person_login
            """, [Timestamp.format(ledger.now)])
        var grouped: [String: [LateDigest.Entry]] = [:]
        var order: [String] = []
        for row in rows {
            let delivery = Delivery(row: row)
            guard let deadline = CalendarDay(row.text("deadline")) else { continue }
            let author = row.text("author")
            let name = try delivery.institutionCode.flatMap { try ledger.institution($0)?.name }
                ?? delivery.recipientKey
            if grouped[author] == nil { order.append(author) }
            grouped[author, default: []].append(LateDigest.Entry(
                institution: delivery.recipientKey, name: name,
                addresses: try ledger.addresses(of: delivery), dispatch: delivery.dispatchID,
                subject: row.text("subject"), deadline: deadline.description,
                daysLate: max(0, deadline.days(to: today))))
        }
        return order.map { ($0, grouped[$0] ?? []) }
    }
}

/// One pass of the bridge daemon: send what is due, read what came, remind the late,
/// digest for staff, and send what that queued.
public struct BridgeDaemon {
    public let bridge: Bridge
    let log: BridgeLog

    public init(bridge: Bridge, log: BridgeLog = SilentLog()) {
        self.bridge = bridge
        self.log = log
    }

    /// Runs passes until `shouldStop` turns true, waiting between them in IDLE or for
    /// `interval` seconds. A server that cannot be reached, or a disk or ledger that
    /// refuses a write, does not end the daemon: the pass is logged as failed (its
    /// transaction rolled back) and tried again after a growing pause, at most five
    /// minutes. Anything else (a bug, a bad configuration) ends it.
    /// - Throws: the first failure that is neither `unavailable` nor `temporary`.
    public func run(interval: Double, shouldStop: () -> Bool) throws {
        var failures = 0
        while !shouldStop() {
            do {
                _ = try step()
                failures = 0
                try bridge.waitForMail(upTo: interval, shouldStop: shouldStop)
            } catch let error as CategorizedError
                where error.category == .unavailable || error.category == .temporary
            {
                failures += 1
                let pause = min(300, max(interval, 2) * pow(2, Double(min(failures - 1, 8))))
                log.record(level: "error", event: "pass-failed", metadata: [
                    ("error", error.description), ("failures", String(failures)),
                    ("retry-in", String(format: "%.0fs", pause)),
                ])
                Pause.sleep(upTo: pause, shouldStop: shouldStop)
            }
        }
    }

    /// - Throws: ledger, mailbox and transport failures.
    public func step() throws -> (pass: BridgePass, reminders: Int, digests: Int) {
        var pass = try bridge.flushOutbox()
        let read = try bridge.pollInbox()
        let reminded = try ReminderRound(ledger: bridge.ledger).run()
        let digests = try DigestRound(ledger: bridge.ledger).run()
        let after = try bridge.flushOutbox()
        pass.sent += after.sent
        pass.refused += after.refused
        pass.deferred += after.deferred
        pass.stored = read.stored
        pass.duplicates = read.duplicates
        pass.forReview = read.forReview
        return (pass, reminded.count, digests.count)
    }
}
