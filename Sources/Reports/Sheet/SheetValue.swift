/// The typed value of one cell.
public enum SheetValue: Sendable, Equatable {
    /// Text, exactly as decoded.
    case text(String)
    /// A number; durations are numbers of days.
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// An error cell such as `#N/A`, as its text.
    case error(String)
    /// A date, a date and time, or a time of day.
    case date(SheetDate)

    /// Whether the value counts as an empty cell (only empty text does).
    public var isEmpty: Bool {
        if case .text(let text) = self { return text.isEmpty }
        return false
    }
}
