/// The cells left for the whole workbook, shared by the sheets of one read.
/// Not Sendable: one read owns it on one thread.
final class CellBudget {
    let limits: SheetLimits
    private(set) var used = 0

    init(limits: SheetLimits) {
        self.limits = limits
    }

    /// Takes `count` cells from the budget.
    /// - Throws: `SheetFailure` (too large) when the workbook passes `maxCells`.
    func spend(_ count: Int) throws {
        let (total, overflow) = used.addingReportingOverflow(count)
        guard !overflow, total <= limits.maxCells else {
            throw SheetFailure.tooLarge(
                "more than \(limits.maxCells) non-empty cells in the workbook")
        }
        used = total
    }

    /// Whether `count` more cells would still fit.
    func fits(_ count: Int) -> Bool {
        let (total, overflow) = used.addingReportingOverflow(count)
        return !overflow && total <= limits.maxCells
    }

    func refund(_ count: Int) {
        used = max(0, used - count)
    }
}
