/// Why reading stopped: the outcome to report and a one-line reason. Thrown inside the
/// reader and turned into a `SpreadsheetInspection` at its entry point.
struct SheetFailure: Error, Sendable {
    /// The outcome the failure leads to.
    var outcome: SpreadsheetInspection.Outcome
    /// A one-line reason naming the part or limit involved.
    var problem: String

    static func damaged(_ problem: String) -> SheetFailure {
        SheetFailure(outcome: .notAWorkbook, problem: problem)
    }

    static func tooLarge(_ problem: String) -> SheetFailure {
        SheetFailure(outcome: .tooLarge, problem: problem)
    }
}
