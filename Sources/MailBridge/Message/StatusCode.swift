import Foundation

/// Enhanced status codes (RFC 3463) in text.
enum StatusCode {
    private static let pattern = try? NSRegularExpression(
        pattern: "(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9]|\\.[0-9])")

    /// The first code in `text`, such as `5.1.1`.
    static func find(_ text: String) -> String? {
        all(text).first
    }

    /// Every code in `text`, in order.
    static func all(_ text: String) -> [String] {
        guard let pattern else { return [] }
        let source = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: source.length))
            .map { source.substring(with: $0.range) }
    }
}
