/// Plain horizontal bars of counts (institutions by reminders received, late
/// institutions by dispatch), as inline SVG.
struct CountBarChart {
    /// One bar: its label and count.
    struct Bar {
        var label: String
        var count: Int
    }

    var title: String
    var bars: [Bar]
    /// The note shown when every count is zero or there are no bars.
    var emptyText = "Brak danych."
    /// The colour of the bars, as a CSS value.
    var color = "#3f6ea8"

    private let width = 760.0
    private let labelWidth = 250.0
    private let barWidth = 390.0
    private let rowHeight = 28.0

    /// The figure with its caption.
    func markup() -> String {
        let caption = "<figcaption>\(HTMLText.escape(title))</figcaption>\n"
        let largest = bars.map(\.count).max() ?? 0
        guard largest > 0 else {
            return "<figure>\n\(caption)<p class=\"none\">\(HTMLText.escape(emptyText))</p>\n"
                + "</figure>\n"
        }

        let height = rowHeight * Double(bars.count) + 8
        let summary = bars.map { "\($0.label): \($0.count)" }.joined(separator: "; ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(HTMLText.escape(title + ". " + summary))\">\n"
        for (index, bar) in bars.enumerated() {
            let y = 4 + rowHeight * Double(index)
            let length = barWidth * Double(bar.count) / Double(largest)
            let label = HTMLText.escape(HTMLText.shortened(bar.label, to: 28))
            svg += "<g><title>\(HTMLText.escape(bar.label)): \(bar.count)</title>\n"
                + "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">"
                + "\(label)</text>\n"
                + "<rect x=\"\(labelWidth)\" y=\"\(y)\" "
                + "width=\"\(AnswerBarChart.number(length))\" "
                + "height=\"\(rowHeight - 8)\" style=\"fill:\(color)\"/>\n"
                + "<text x=\"\(AnswerBarChart.number(labelWidth + length + 8))\" "
                + "y=\"\(y + 15)\">\(bar.count)</text>\n</g>\n"
        }
        return "<figure>\n\(caption)\(svg)</svg>\n</figure>\n"
    }
}
