import Foundation

/// Reads one raw message into an `InboundMessage`. Never fails: a message it cannot make
/// sense of comes back with kind `other` and whatever could be read.
public enum MessageReader {
    /// Parses `raw` (the message as stored, CRLF or LF line ends).
    public static func read(_ raw: Data) -> InboundMessage {
        InboundMessage()
    }
}
