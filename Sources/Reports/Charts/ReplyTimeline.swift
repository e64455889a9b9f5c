import Foundation
import Ledger

/// Answers counted day by day from the day a dispatch was queued: how many recipients had
/// answered by the end of each day, up to today or the deadline, whichever is later.
struct ReplyTimeline {
    /// One day: its label and the answers received by its end.
    struct Day: Equatable {
        var label: String
        var answered: Int
    }

    /// Every day shown, first to last.
    var days: [Day]
    /// The position in `days` of the deadline's day, when there is a deadline.
    var deadlineDay: Int?
    /// The position of today; days after it have no count yet.
    var today: Int
    /// The number of recipients: the most answers there can be.
    var recipients: Int
    /// The deadline as a label, such as `10.12`.
    var deadlineLabel: String?

    /// The most days drawn; a longer span shows its last part.
    static let maxDays = 370

    /// The timeline from `start` (the day the dispatch went out), with each recipient's
    /// first answer in `answers`.
    init(start: Date, now: Date, deadlineAt: Date?, answers: [Date], recipients: Int,
         calendar: DepartmentCalendar) {
        let scale = ReportDays(calendar)
        let deadlineMoment = deadlineAt.map { $0.addingTimeInterval(-1) }
        var first = scale.day(of: start)
        var last = scale.day(of: max(now, start))
        if let deadlineMoment, deadlineMoment > last { last = scale.day(of: deadlineMoment) }
        if let latest = answers.max(), latest > last { last = scale.day(of: latest) }
        if scale.days(from: first, to: last) >= Self.maxDays {
            first = scale.day(-(Self.maxDays - 1), after: last)
        }

        let count = scale.days(from: first, to: last) + 1
        var perDay = [Int](repeating: 0, count: count)
        for answer in answers {
            let index = min(max(scale.days(from: first, to: answer), 0), count - 1)
            perDay[index] += 1
        }
        var running = 0
        days = (0..<count).map { index in
            running += perDay[index]
            return Day(label: scale.label(scale.day(index, after: first)), answered: running)
        }
        today = min(max(scale.days(from: first, to: now), 0), count - 1)
        deadlineDay = deadlineMoment.map { scale.days(from: first, to: $0) }
            .flatMap { (0..<count).contains($0) ? $0 : nil }
        deadlineLabel = deadlineMoment.map(scale.label)
        self.recipients = recipients
    }
}
