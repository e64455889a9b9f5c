/// One field of a form sent by e-mail: its name (the text before the colon), what it
/// holds, and whether an answer must fill it.
public struct FormField: Sendable, Equatable {
    /// What a field holds.
    public enum Kind: Sendable, Equatable {
        /// Any text.
        case text
        /// A number; decimal commas and spaces between thousands are fine.
        case number
        /// A calendar date: `2026-03-15`, `15.03.2026`, `15-03-2026` or `15/03/2026`.
        case date
        /// Yes or no: `tak`/`nie` (or `yes`/`no`).
        case yesNo
        /// One of the listed options.
        case choice([String])

        /// The name the definition files use: `text`, `number`, `date`, `yes-no`,
        /// `choice`.
        public var name: String {
            switch self {
            case .text: "text"
            case .number: "number"
            case .date: "date"
            case .yesNo: "yes-no"
            case .choice: "choice"
            }
        }
    }

    /// The field's name, as the fill-in line and the template's header show it.
    public var name: String
    /// What it holds.
    public var kind: Kind
    /// Whether an answer without it is incomplete.
    public var required: Bool

    /// Makes a field from its parts.
    public init(name: String, kind: Kind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}
