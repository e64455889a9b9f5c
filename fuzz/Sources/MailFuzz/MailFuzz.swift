import Foundation
import MailBridge

/// One libFuzzer input. A first byte of 1 to 4 picks what the rest is fed to, so one
/// target reaches header decoding and report fields directly; any other input is a whole
/// message, so the seed corpus (ordinary mail files) is read as it is.
///
/// - 1: the rest as a Subject header (RFC 2047 words, prefixes, the `[SP-…]` tag);
/// - 2: the rest as From, To and Cc headers (address lists, plus tokens);
/// - 3: the rest as a Content-Type and Content-Disposition of a one-part message
///   (RFC 2231 parameters, charsets);
/// - 4: the rest as the body of a multipart/report (delivery status fields);
/// - otherwise: the whole input through `MessageReader.read` and `MessageInspection`.
enum MailFuzz {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let mode = bytes.first else { return }
        let rest = Data(bytes.dropFirst())

        switch mode {
        case 1: inspect(wrapped("Subject: ", rest, "\r\nFrom: a@example.org\r\n\r\nx\r\n"))
        case 2: inspect(wrapped("From: ", rest, "\r\nTo: ") + rest + Data("\r\nCc: ".utf8)
                        + rest + Data("\r\n\r\nx\r\n".utf8))
        case 3: inspect(wrapped("Content-Type: ", rest, "\r\nContent-Disposition: ") + rest
                        + Data("\r\n\r\nx\r\n".utf8))
        case 4: inspect(report(rest))
        default: inspect(Data(bytes))
        }
    }

    static func inspect(_ raw: Data) {
        let message = MessageReader.read(raw)
        let inspection = MessageInspection(message)
        _ = try? inspection.json()
        _ = inspection.summary
        _ = SubjectLine.stripPrefixes(message.subject)
        _ = SubjectLine.prefixes(of: message.subject)
        _ = ReplyMatcher.subjectTag(in: message.subject)
        _ = message.header("Reply-To")

        let text = String(decoding: raw, as: UTF8.self)
        _ = SubjectLine.stripPrefixes(text)
        _ = ReplyMatcher.subjectTag(in: text)
    }

    static func wrapped(_ head: String, _ middle: Data, _ tail: String) -> Data {
        Data(head.utf8) + middle + Data(tail.utf8)
    }

    static func report(_ fields: Data) -> Data {
        let head = """
            From: MAILER-DAEMON@example.org\r
            To: oswiata+abc@example.org\r
            Subject: Undelivered Mail Returned to Sender\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            failed\r
            --b\r
            Content-Type: message/delivery-status\r
            \r

            """
        return Data(head.utf8) + fields + Data("\r\n--b--\r\n".utf8)
    }
}

/// libFuzzer's entry point: https://llvm.org/docs/LibFuzzer.html#fuzz-target
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    MailFuzz.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
