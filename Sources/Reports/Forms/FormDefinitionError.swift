import Ledger

/// A form definition file that cannot be used, with the line at fault (bad data, 65).
public struct FormDefinitionError: CategorizedError, Equatable {
    /// The 1-based line of a text definition; `nil` for JSON or the whole file.
    public var line: Int?
    /// What is wrong, in one line.
    public var reason: String

    /// Makes an error from its line and reason.
    public init(line: Int?, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// Always bad data: the file is the input.
    public var category: FailureCategory { .badData }

    /// `form definition, line 3: unknown type "liczby"`.
    public var description: String {
        "form definition" + (line.map { ", line \($0)" } ?? "") + ": " + reason
    }
}
