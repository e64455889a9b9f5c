/// A failure reported by libxlsxwriter, or a sheet it cannot hold.
public struct XLSXError: Error, CustomStringConvertible {
    /// The library's `lxw_error` value; nil for a limit checked before calling it.
    public var code: Int32?
    /// The library's words for the code (`lxw_strerror`) or the limit exceeded.
    public var message: String
    /// What was being done: `create workbook`, `add sheet`, `write cell`, `close`…
    public var operation: String

    public var description: String {
        let number = code.map { " \($0)" } ?? ""
        return "xlsx error\(number): \(message) — while trying to \(operation)"
    }
}
