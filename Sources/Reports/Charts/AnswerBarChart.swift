import Foundation

/// Horizontal bars, one per category (a group, a type of institution, a dispatch), each
/// split into answered, not yet and failed, as inline SVG.
struct AnswerBarChart {
    /// One bar.
    struct Bar {
        var label: String
        var answered: Int
        var waiting: Int
        var failed: Int

        var total: Int { answered + waiting + failed }
    }

    var title: String
    var bars: [Bar]

    private let width = 760.0
    private let labelWidth = 250.0
    private let barWidth = 390.0
    private let rowHeight = 30.0
    private let top = 34.0

    /// The figure with its caption, or a short note when there is nothing to draw.
    func markup() -> String {
        let caption = "<figcaption>\(HTMLText.escape(title))</figcaption>\n"
        guard !bars.isEmpty else {
            return "<figure>\n\(caption)<p class=\"none\">Brak danych.</p>\n</figure>\n"
        }

        let height = top + rowHeight * Double(bars.count) + 8
        let summary = bars.map { "\($0.label): \($0.answered) z \($0.total)" }
            .joined(separator: "; ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(HTMLText.escape(title + ". " + summary))\">\n"
        svg += legend()

        for (index, bar) in bars.enumerated() {
            svg += row(bar, y: top + rowHeight * Double(index))
        }
        return "<figure>\n\(caption)\(svg)</svg>\n</figure>\n"
    }

    private func legend() -> String {
        let items = [("var(--ok)", "odpowiedziały"), ("var(--wait)", "jeszcze nie"),
                     ("var(--fail)", "niedoręczone")]
        var svg = ""
        var x = labelWidth
        for (color, text) in items {
            svg += "<rect x=\"\(x)\" y=\"6\" width=\"14\" height=\"14\" rx=\"2\" "
                + "style=\"fill:\(color)\"/>"
                + "<text x=\"\(x + 20)\" y=\"18\">\(text)</text>\n"
            x += 135
        }
        return svg
    }

    private func row(_ bar: Bar, y: Double) -> String {
        let label = HTMLText.escape(HTMLText.shortened(bar.label, to: 28))
        var svg = "<g><title>\(HTMLText.escape(bar.label)): odpowiedziały \(bar.answered), "
            + "jeszcze nie \(bar.waiting), niedoręczone \(bar.failed)</title>\n"
        svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 19)\" text-anchor=\"end\">"
            + "\(label)</text>\n"

        var x = labelWidth
        let parts = [(bar.answered, "var(--ok)", "inside"), (bar.waiting, "var(--wait)", "dark"),
                     (bar.failed, "var(--fail)", "inside")]
        for (count, color, textStyle) in parts where count > 0 {
            let length = barWidth * Double(count) / Double(max(bar.total, 1))
            svg += "<rect x=\"\(Self.number(x))\" y=\"\(y + 4)\" width=\"\(Self.number(length))\" "
                + "height=\"\(rowHeight - 8)\" style=\"fill:\(color)\"/>\n"
            if length >= 26 {
                svg += "<text class=\"\(textStyle)\" x=\"\(Self.number(x + length / 2))\" "
                    + "y=\"\(y + 19)\" text-anchor=\"middle\">\(count)</text>\n"
            }
            x += length
        }
        if bar.total == 0 {
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" "
                + "height=\"\(rowHeight - 8)\" class=\"grid\" style=\"fill:none\"/>\n"
        }
        let rate = PolishNumber.percent(bar.answered, of: bar.total)
        svg += "<text x=\"\(labelWidth + barWidth + 10)\" y=\"\(y + 19)\">"
            + "\(bar.answered) z \(bar.total) (\(rate))</text>\n</g>\n"
        return svg
    }

    /// A coordinate with at most one decimal, as SVG reads it.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
