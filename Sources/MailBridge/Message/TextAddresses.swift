import Foundation

/// Mail addresses written in running text.
enum TextAddresses {
    private static let pattern = try? NSRegularExpression(
        pattern: "[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")

    /// Addresses in the first lines of `text`. Each line is cut at 1,000 characters: the
    /// pattern backtracks over a long run without `@`, which must not cost quadratic time.
    static func find(in text: String) -> [String] {
        guard let pattern else { return [] }
        var found: [String] = []
        for line in text.split(separator: "\n").prefix(2_000) where line.contains("@") {
            let source = String(line.prefix(1_000)) as NSString
            let range = NSRange(location: 0, length: source.length)
            for match in pattern.matches(in: source as String, range: range) {
                let address = source.substring(with: match.range)
                found.append(address.trimmingCharacters(in: CharacterSet(charactersIn: ".")))
            }
        }
        return found
    }
}
