import Foundation

/// What a server said to one message for one address.
public enum SendOutcome: Sendable, Equatable {
    /// Accepted; the server's last reply line (with its queue id, where it gives one).
    case accepted(response: String)
    /// Refused for good (5xx), with the server's code and words.
    case refused(code: Int, response: String)
    /// Not now (4xx, a lost connection, a time-out); worth trying again later.
    case deferred(code: Int?, response: String)
}

/// Sends one rendered message to one address per call, so each address's fate is known.
public protocol OutgoingTransport: AnyObject {
    /// - Parameters:
    ///   - raw: the message, CRLF line ends only.
    ///   - envelopeFrom: the MAIL FROM address.
    ///   - recipient: the single RCPT TO address.
    /// - Throws: only for local faults (bad configuration); server answers are outcomes.
    func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome
}

/// A message read from the department mailbox, not yet committed to the ledger.
public struct FetchedMessage: Sendable {
    /// Where the message sits: an IMAP UID, or a Maildir file name.
    public var location: MailboxLocation
    public var raw: Data

    public init(location: MailboxLocation, raw: Data) {
        self.location = location
        self.raw = raw
    }
}

/// The place of a fetched message in its mailbox, used to move it after the commit.
public enum MailboxLocation: Sendable, Hashable, CustomStringConvertible {
    case imap(uidValidity: UInt32, uid: UInt32)
    case maildir(filename: String)

    public var description: String {
        switch self {
        case let .imap(validity, uid): "imap:\(validity):\(uid)"
        case let .maildir(filename): "maildir:\(filename)"
        }
    }
}

/// The department mailbox as the bridge reads it.
public protocol InboundMailbox: AnyObject {
    /// Messages not yet processed, oldest first, at most `limit` of them.
    /// - Parameter after: the highest IMAP UID already committed under that UIDVALIDITY,
    ///   or nil; a Maildir ignores it.
    func fetchNew(after: (uidValidity: UInt32, uid: UInt32)?, limit: Int) throws
        -> [FetchedMessage]
    /// Moves a message out of the way once the ledger holds it (IMAP: to the processed
    /// folder; Maildir: from new/ to cur/).
    func markProcessed(_ location: MailboxLocation) throws
    /// Waits until new mail may have come, at most `seconds`; returns early when
    /// `shouldStop` turns true. A mailbox without push just sleeps.
    func waitForMail(upTo seconds: Double, shouldStop: () -> Bool) throws
}

extension InboundMailbox {
    public func waitForMail(upTo seconds: Double, shouldStop: () -> Bool) throws {
        Pause.sleep(upTo: seconds, shouldStop: shouldStop)
    }
}

/// Waiting that a stop request cuts short.
public enum Pause {
    /// Sleeps in short steps so a stop request is noticed within a fifth of a second.
    public static func sleep(upTo seconds: Double, shouldStop: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && !shouldStop() {
            Thread.sleep(forTimeInterval: min(0.2, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
