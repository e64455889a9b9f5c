import Ledger

/// Why a merge could not start or finish: the template, or writing the workbook. Problems
/// of single answers are never errors; they are lines of the `Problemy` sheet.
public struct MergeError: CategorizedError {
    /// What the failure means to whoever ran the command.
    public var category: FailureCategory
    /// One line naming what failed.
    public var description: String

    /// Makes an error from its category and text.
    public init(_ category: FailureCategory, _ description: String) {
        self.category = category
        self.description = description
    }

    /// A template that is missing, unreadable or has no header row (bad data, 65).
    static func template(_ text: String) -> MergeError { MergeError(.badData, text) }
}
