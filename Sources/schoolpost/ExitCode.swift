import Ledger

/// The fixed exit codes, from sysexits.h.
enum ExitCode {
    static func of(_ category: FailureCategory) -> Int32 {
        switch category {
        case .usage: 64
        case .badData: 65
        case .unavailable: 69
        case .internal: 70
        case .temporary: 75
        case .notPermitted: 77
        }
    }
}
