/// Polish nouns after a number take one of three forms: 1 placówka, 2–4 placówki (but
/// 12–14 placówek), 5 placówek; the "few" form returns for 22–24, 32–34 and so on.
enum PolishPlural {
    static func form(_ count: Int, one: String, few: String, many: String) -> String {
        let units = count % 10
        let tens = count % 100
        if count == 1 { return one }
        if (2...4).contains(units) && !(12...14).contains(tens) { return few }
        return many
    }

    /// `3 placówki`: the number and its noun.
    static func counted(_ count: Int, one: String, few: String, many: String) -> String {
        "\(count) \(form(count, one: one, few: few, many: many))"
    }
}
