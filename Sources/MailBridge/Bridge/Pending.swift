import Foundation
public enum FiledName {
    static func make(code: String, shortName: String, title: String, originalName: String,
                     index: Int) -> String { "\(code)_\(shortName)_\(title)_\(index)" }
    public static func shortTitle(fromSubject s: String) -> String { s }
}
public enum MIMETypes { public static func guess(forFilename n: String) -> String { "application/octet-stream" } }
final class MaildirTransport: OutgoingTransport, InboundMailbox {
    init(root: URL) throws {}
    init(inbox: URL) throws {}
    func send(_ raw: Data, envelopeFrom: String, recipient: String) throws -> SendOutcome { .accepted(response: "") }
    func fetchNew(after: (uidValidity: UInt32, uid: UInt32)?, limit: Int) throws -> [FetchedMessage] { [] }
    func markProcessed(_ location: MailboxLocation) throws {}
}
public enum MessageInspection { public static func json(_ m: InboundMessage) -> String { "" }
    public static func text(_ m: InboundMessage) -> String { "" } }
