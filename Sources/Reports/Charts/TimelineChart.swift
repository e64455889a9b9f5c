/// The answers of a `ReplyTimeline` as a rising line over the days, with the deadline
/// marked and a line at the number of recipients, as inline SVG.
struct TimelineChart {
    var title: String
    var timeline: ReplyTimeline

    private let width = 760.0
    private let height = 300.0
    private let left = 52.0
    private let right = 24.0
    private let top = 28.0
    private let bottom = 46.0

    /// The figure with its caption.
    func markup() -> String {
        let caption = "<figcaption>\(HTMLText.escape(title))</figcaption>\n"
        guard timeline.recipients > 0, !timeline.days.isEmpty else {
            return "<figure>\n\(caption)<p class=\"none\">Brak danych.</p>\n</figure>\n"
        }

        let answered = timeline.days[timeline.today].answered
        let label = "\(title). Do dziś odpowiedziało \(answered) z \(timeline.recipients)"
            + (timeline.deadlineLabel.map { ", termin \($0)" } ?? "")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(HTMLText.escape(label))\">\n"
        svg += axes() + line() + deadline()
        return "<figure>\n\(caption)\(svg)</svg>\n</figure>\n"
    }

    // MARK: - Scales

    private var plotWidth: Double { width - left - right }
    private var plotHeight: Double { height - top - bottom }

    /// The left edge of day `index` (its end is the left edge of the next).
    private func x(_ index: Int) -> Double {
        left + plotWidth * Double(index) / Double(timeline.days.count)
    }

    private func y(_ count: Int) -> Double {
        top + plotHeight * (1 - Double(count) / Double(timeline.recipients))
    }

    private static func n(_ value: Double) -> String { AnswerBarChart.number(value) }

    // MARK: - Parts

    private func axes() -> String {
        var svg = ""
        for tick in Self.ticks(upTo: timeline.recipients) {
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" "
                + "y1=\"\(Self.n(y(tick)))\" y2=\"\(Self.n(y(tick)))\"/>"
                + "<text x=\"\(left - 8)\" y=\"\(Self.n(y(tick) + 4))\" text-anchor=\"end\">"
                + "\(tick)</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(left)\" x2=\"\(width - right)\" "
            + "y1=\"\(Self.n(y(0)))\" y2=\"\(Self.n(y(0)))\"/>\n"
        let totalY = Self.n(y(timeline.recipients) + 16)
        svg += "<text class=\"note\" x=\"\(width - right - 4)\" y=\"\(totalY)\" "
            + "text-anchor=\"end\">wszyscy adresaci: \(timeline.recipients)</text>\n"

        let count = timeline.days.count
        let every = max(1, (count + 11) / 12)
        for index in stride(from: 0, to: count, by: every) {
            let middle = (x(index) + x(index + 1)) / 2
            svg += "<line class=\"axis\" x1=\"\(Self.n(middle))\" x2=\"\(Self.n(middle))\" "
                + "y1=\"\(Self.n(y(0)))\" y2=\"\(Self.n(y(0) + 5))\"/>"
                + "<text x=\"\(Self.n(middle))\" y=\"\(Self.n(y(0) + 20))\" "
                + "text-anchor=\"middle\">\(HTMLText.escape(timeline.days[index].label))</text>\n"
        }
        svg += "<text class=\"note\" x=\"\(left + plotWidth / 2)\" y=\"\(height - 6)\" "
            + "text-anchor=\"middle\">dzień (liczba odpowiedzi do końca dnia)</text>\n"
        return svg
    }

    private func line() -> String {
        var points = ["\(Self.n(x(0))),\(Self.n(y(0)))"]
        for index in 0...timeline.today {
            points.append("\(Self.n(x(index + 1))),\(Self.n(y(timeline.days[index].answered)))")
        }
        let area = points + ["\(Self.n(x(timeline.today + 1))),\(Self.n(y(0)))"]
        var svg = "<polygon points=\"\(area.joined(separator: " "))\" "
            + "style=\"fill:#2e7d32;fill-opacity:0.12\"/>\n"
        svg += "<polyline points=\"\(points.joined(separator: " "))\" "
            + "style=\"fill:none;stroke:#2e7d32;stroke-width:2.5\"/>\n"
        if timeline.days.count <= 62 {
            for index in 0...timeline.today {
                svg += "<circle cx=\"\(Self.n(x(index + 1)))\" "
                    + "cy=\"\(Self.n(y(timeline.days[index].answered)))\" r=\"3\" "
                    + "style=\"fill:#2e7d32\"><title>"
                    + "\(HTMLText.escape(timeline.days[index].label)): "
                    + "\(timeline.days[index].answered)</title></circle>\n"
            }
        }
        return svg
    }

    private func deadline() -> String {
        guard let day = timeline.deadlineDay, let label = timeline.deadlineLabel else {
            return ""
        }
        let position = Self.n(x(day + 1))
        return "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(top - 8)\" "
            + "y2=\"\(Self.n(y(0)))\" style=\"stroke:#c62828;stroke-width:2;"
            + "stroke-dasharray:6 4\"/>\n"
            + "<text x=\"\(position)\" y=\"\(top - 12)\" text-anchor=\"middle\" "
            + "style=\"fill:#c62828;font-weight:bold\">termin \(HTMLText.escape(label))</text>\n"
    }

    /// Up to six whole-number ticks from 0 to `top`, `top` included.
    static func ticks(upTo top: Int) -> [Int] {
        guard top > 0 else { return [0] }
        let steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        let step = steps.first { top / $0 <= 5 } ?? max(1, top / 5)
        var ticks = Array(stride(from: 0, to: top, by: step))
        ticks.append(top)
        if ticks.count > 2, top - ticks[ticks.count - 2] < step / 2 {
            ticks.remove(at: ticks.count - 2)
        }
        return ticks
    }
}
