/// How a failure should be reported to whoever ran the command. The executable maps each
/// category to one fixed exit code (sysexits.h).
public enum FailureCategory: Sendable {
    /// The command was called wrongly (64).
    case usage
    /// The input data was wrong (65).
    case badData
    /// A server could not be reached (69).
    case unavailable
    /// A bug or an impossible state (70).
    case `internal`
    /// Worth trying again later: a busy ledger, a full disk, a server's 4xx (75).
    case temporary
    /// The acting person may not do this (77).
    case notPermitted
}

/// An error that knows its category.
public protocol CategorizedError: Error, CustomStringConvertible {
    var category: FailureCategory { get }
}

/// A domain failure of the ledger, with its context.
public struct LedgerError: CategorizedError {
    public var category: FailureCategory
    public var description: String

    public init(_ category: FailureCategory, _ description: String) {
        self.category = category
        self.description = description
    }

    static func badData(_ text: String) -> LedgerError { LedgerError(.badData, text) }
    static func notFound(_ text: String) -> LedgerError { LedgerError(.badData, text) }
}

extension SQLiteError: CategorizedError {
    public var category: FailureCategory {
        if isBusy || isDiskFull { return .temporary }
        return .internal
    }
}
