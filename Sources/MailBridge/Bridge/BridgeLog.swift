/// Where the bridge reports what it does: one structured line per action. Libraries never
/// print; the executable decides where lines go.
public protocol BridgeLog: Sendable {
    /// - Parameters:
    ///   - level: `info`, `warning` or `error`.
    ///   - event: fixed text such as `mail-sent`.
    ///   - metadata: the variable parts (`delivery`, `mailbox`, `uid`, …); never secrets.
    func record(level: String, event: String, metadata: [(String, String)])
}

/// A log that keeps nothing.
public struct SilentLog: BridgeLog {
    public init() {}
    public func record(level: String, event: String, metadata: [(String, String)]) {}
}
