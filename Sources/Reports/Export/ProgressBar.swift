/// A one-line progress bar for a terminal, redrawn in place with a carriage return.
public struct ProgressBar: Sendable {
    /// What is in progress, shown after the bar.
    public var label: String
    /// The bar's width in characters, brackets excluded.
    public var width: Int

    public init(label: String, width: Int = 30) {
        self.label = label
        self.width = width
    }

    /// `\r[###########-------------------]  37% label` for a fraction from 0 to 1.
    public func line(_ fraction: Double) -> String {
        let clamped = min(max(fraction.isFinite ? fraction : 0, 0), 1)
        let filled = Int((clamped * Double(width)).rounded(.down))
        let percent = Int((clamped * 100).rounded(.down))
        let bar = String(repeating: "#", count: filled)
            + String(repeating: "-", count: width - filled)
        let number = String(percent)
        let padded = String(repeating: " ", count: max(0, 4 - number.count)) + number
        return "\r[\(bar)]\(padded)% \(label)"
    }
}
