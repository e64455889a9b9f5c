import Foundation
import Synchronization

/// Debugging traces of the SMTP and IMAP conversations, off unless a sink is set (the
/// executable sets one when `SCHOOLPOST_TRACE=1`). Credentials never reach the sink:
/// LOGIN, AUTHENTICATE and AUTH lines are replaced, so are the client's answers to an
/// SMTP `334` challenge, and libetpan's "private data" lines are dropped.
public enum ProtocolTrace {
    private static let sink = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Sends trace lines to `handler`, or stops tracing when nil.
    public static func setSink(_ handler: (@Sendable (String) -> Void)?) {
        sink.withLock { $0 = handler }
    }

    static var isOn: Bool { sink.withLock { $0 != nil } }

    static func emit(_ line: String) {
        let handler = sink.withLock { $0 }
        handler?(line)
    }

    /// The line as it may be shown, or a placeholder for one that carries a secret.
    /// - Parameters:
    ///   - sent: whether we sent it (a client line).
    ///   - afterChallenge: whether the server's last line was an SMTP `334` challenge.
    public static func redact(_ line: String, sent: Bool, afterChallenge: Bool = false)
        -> String
    {
        guard sent else { return line }
        if afterChallenge { return "[credentials hidden]" }
        let words = line.split(separator: " ", maxSplits: 2).map { $0.uppercased() }
        let secretCommands: Set<String> = ["AUTH", "LOGIN", "AUTHENTICATE"]
        if let first = words.first, secretCommands.contains(first) {
            return "\(first) [credentials hidden]"
        }
        if words.count > 1, secretCommands.contains(words[1]) {
            return "\(line.split(separator: " ")[0]) \(words[1]) [credentials hidden]"
        }
        return line
    }
}
