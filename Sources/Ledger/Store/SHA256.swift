import CGnuTLS
import Foundation

/// SHA-256 through GnuTLS's digest API
/// (https://gnutls.org/manual/html_node/Hash-and-MAC-functions.html).
public enum SHA256 {
    /// The digest of `data` as 64 lower-case hex digits.
    public static func hex(_ data: Data) -> String {
        digest(data).map { String(format: "%02x", $0) }.joined()
    }

    /// The 32-byte digest of `data`.
    public static func digest(_ data: Data) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        let rc = data.withUnsafeBytes { bytes in
            output.withUnsafeMutableBytes { out in
                gnutls_hash_fast(GNUTLS_DIG_SHA256, bytes.baseAddress, bytes.count,
                                 out.baseAddress)
            }
        }
        precondition(rc == 0, "GnuTLS refused to compute SHA-256 (error \(rc))")
        return output
    }
}
