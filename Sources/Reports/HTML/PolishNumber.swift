/// Numbers with their nouns as Polish wants them: 1 placówka, 3 placówki, 5 placówek.
enum PolishNumber {
    /// `count` and the fitting form: `one` for 1, `few` for 2–4 (not 12–14) at the end,
    /// `many` otherwise.
    static func count(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        "\(count) " + form(count, one, few, many)
    }

    /// The noun form alone.
    static func form(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        if count == 1 { return one }
        let ones = abs(count) % 10
        let tens = abs(count) % 100
        return (2...4).contains(ones) && !(12...14).contains(tens) ? few : many
    }

    /// `part` of `whole` as a whole percentage (`87%`), or `–` for an empty whole.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        return "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }
}
