/// Why a form answer is incomplete or a value could not be read.
public struct FormProblem: Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// A required field without a value.
        case missingRequired = "missing-required"
        /// A value that does not read as the field's type.
        case unparseable
        /// A choice that is none of the options.
        case notAChoice = "not-a-choice"
        /// The field filled in more than once with different values; the first is taken.
        case severalValues = "several-values"
        /// The answered workbook cannot be used.
        case workbook
    }

    /// What went wrong.
    public var kind: Kind
    /// The field concerned; empty for the workbook as a whole.
    public var field: String
    /// The value as written, when there was one.
    public var original: String
    /// Details, such as the workbook's problem.
    public var detail: String

    /// Makes a problem from its parts.
    public init(kind: Kind, field: String, original: String = "", detail: String = "") {
        self.kind = kind
        self.field = field
        self.original = original
        self.detail = detail
    }

    /// One line in Polish, for the `Problemy` sheet: `„Liczba uczniów”: nie jest liczbą`.
    public var description: String {
        let what: String
        switch kind {
        case .missingRequired: what = "brak wymaganej wartości"
        case .unparseable: what = "wartość nieczytelna" + (detail.isEmpty ? "" : " (\(detail))")
        case .notAChoice: what = "spoza listy" + (detail.isEmpty ? "" : " (\(detail))")
        case .severalValues: what = "podano kilka wartości, przyjęto pierwszą"
        case .workbook: what = detail
        }
        return field.isEmpty ? what : "„\(field)”: " + what
    }
}
