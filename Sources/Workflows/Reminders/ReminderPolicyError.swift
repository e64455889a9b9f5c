import Ledger

/// Why a written reminder policy was refused: the offending token and one line saying why.
///
/// The description is a single line meant for the person who typed the policy, such as
/// `reminder policy: "+3x" is not a day offset (-Nd, 0d, +Nd) or a repeat (+Nd*K)`.
public struct ReminderPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing was written.
        case empty
        /// A word that is no part of the grammar.
        case unknownToken
        /// An offset that is not `-Nd`, `0d` or `+Nd`.
        case badOffset
        /// A repeat that is not `+Nd*K` with N and K at least 1.
        case badRepeat
        /// An offset or repeat beyond the limits (366 days, 30 repeats).
        case outOfRange
        /// Offsets that do not strictly increase, or a repeat not after the last offset.
        case notIncreasing
        /// A repeat that is not the last item of the list, or a second repeat.
        case repeatNotLast
        /// No day offsets at all (only options).
        case noOffsets
        /// A second list of offsets, or an option given twice.
        case duplicate
        /// A time of day that is not `HH:MM` (00:00 to 23:59).
        case badTime
        /// `at` with no time after it.
        case missingTime
        /// A window that is not `HH:MM-HH:MM` with the start before the end.
        case badWindow
        /// An `at` time outside the window.
        case timeOutsideWindow
        /// `none` together with anything else.
        case noneWithOthers
    }

    public let kind: Kind
    /// The token as it was written (empty for `.empty` and `.noOffsets`).
    public let token: String

    public init(_ kind: Kind, token: String) {
        self.kind = kind
        self.token = token
    }

    public var description: String {
        let quoted = "\"\(token)\""
        switch kind {
        case .empty:
            return "reminder policy is empty: write `none` or offsets such as -2d,0d,+3d*3"
        case .unknownToken:
            return "reminder policy: \(quoted) is not understood "
                + "(expected offsets, workdays, HH:MM-HH:MM or at HH:MM)"
        case .badOffset:
            return "reminder policy: \(quoted) is not a day offset (-Nd, 0d, +Nd) "
                + "or a repeat (+Nd*K)"
        case .badRepeat:
            return "reminder policy: \(quoted) is not a repeat: write +Nd*K "
                + "(every N days after the deadline, K times; N and K at least 1)"
        case .outOfRange:
            return "reminder policy: \(quoted) is too far: offsets up to 366 days, "
                + "at most 30 repeats"
        case .notIncreasing:
            return "reminder policy: \(quoted) is not later than the offset before it "
                + "(write offsets in increasing order)"
        case .repeatNotLast:
            return "reminder policy: \(quoted) follows a repeat: only one repeat, at the end"
        case .noOffsets:
            return "reminder policy has no day offsets (such as -2d,0d,+3d*3)"
        case .duplicate:
            return "reminder policy: \(quoted) is given twice"
        case .badTime:
            return "reminder policy: \(quoted) is not a time of day (HH:MM, 00:00 to 23:59)"
        case .missingTime:
            return "reminder policy: \(quoted) needs a time after it, such as at 09:00"
        case .badWindow:
            return "reminder policy: \(quoted) is not a window HH:MM-HH:MM "
                + "with the start before the end"
        case .timeOutsideWindow:
            return "reminder policy: \(quoted) lies outside the time window"
        case .noneWithOthers:
            return "reminder policy: \(quoted) cannot follow `none`, which stands alone"
        }
    }
}

extension ReminderPolicyError: CategorizedError {
    /// A policy is something a person typed: a usage error.
    public var category: FailureCategory { .usage }
}
