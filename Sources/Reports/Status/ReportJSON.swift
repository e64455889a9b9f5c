import Foundation

/// JSON as every report prints it: pretty, keys sorted, slashes unescaped, a newline at
/// the end.
enum ReportJSON {
    /// `object` (dictionaries, arrays, strings, numbers, `NSNull`) as text.
    static func text(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A value or JSON's null.
    static func optional(_ value: Any?) -> Any {
        value ?? NSNull()
    }
}
