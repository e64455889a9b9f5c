import Foundation
import Ledger

/// The secret that ties a reply to its delivery: 128 random bits from the system's secure
/// source, written in lower-case base32 (RFC 4648, no padding) so it survives servers that
/// lower-case local parts. The ledger keeps only its SHA-256.
public struct ReplyToken: Sendable, Hashable {
    public let text: String

    /// A fresh token.
    public static func generate() -> ReplyToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return ReplyToken(text: base32(bytes))
    }

    /// A token read from an address; nil unless it has the shape of ours.
    public init?(candidate: String) {
        let lowered = candidate.lowercased()
        guard lowered.count == 26,
              lowered.unicodeScalars.allSatisfy({ ReplyToken.alphabet.unicodeScalars.contains($0) })
        else { return nil }
        text = lowered
    }

    private init(text: String) {
        self.text = text
    }

    /// What the ledger stores and looks up.
    public var hash: String { SHA256.hex(Data(text.utf8)) }

    /// `local+TOKEN@domain` for the department mailbox `local@domain`.
    public func address(in mailbox: String) -> String {
        guard let at = mailbox.lastIndex(of: "@") else { return mailbox }
        return mailbox[..<at] + "+" + text + mailbox[at...]
    }

    private static let alphabet = "abcdefghijklmnopqrstuvwxyz234567"

    private static func base32(_ bytes: [UInt8]) -> String {
        let symbols = Array(alphabet)
        var result = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                result.append(symbols[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { result.append(symbols[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return result
    }
}
