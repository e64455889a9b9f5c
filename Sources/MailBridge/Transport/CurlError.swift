import CCurlShim

/// A libcurl failure, captured at once: the CURLcode, curl's words and what we were doing.
/// Descriptions never contain passwords or message bodies.
public struct CurlError: Error, Equatable, CustomStringConvertible {
    /// The CURLcode value.
    public var code: Int
    /// curl's error buffer, or its generic text for the code.
    public var message: String
    /// What was being done, e.g. "sending to smtp://127.0.0.1:2525".
    public var context: String

    /// Builds an error from a code, curl's detail text and a context.
    public init(code: Int, message: String, context: String) {
        self.code = code
        self.message = message
        self.context = context
    }

    init(_ code: CURLcode, detail: String, context: String) {
        let generic = String(cString: curl_easy_strerror(code))
        self.init(code: Int(code.rawValue), message: detail.isEmpty ? generic : detail,
                  context: context)
    }

    public var description: String {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "curl error \(code): \(line) — while \(context)"
    }
}
