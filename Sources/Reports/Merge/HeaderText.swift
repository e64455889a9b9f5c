import Foundation

/// How header texts are compared: first as written apart from case and spacing, then with
/// Polish diacritics and punctuation set aside, so `Liczba  UCZNIÓW` matches
/// `Liczba uczniów` exactly and `Liczba uczniow:` by the fallback.
enum HeaderText {
    /// How closely two headers agree.
    enum Closeness: Int, Comparable {
        /// The same text apart from case and spacing.
        case exact = 2
        /// The same letters and digits once diacritics and punctuation are set aside.
        case folded = 1

        static func < (lhs: Closeness, rhs: Closeness) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The text of a cell used as a header: text as it is, other values as they print.
    static func text(of value: SheetValue) -> String {
        switch value {
        case .text(let text), .error(let text): text
        case .number(let number): SpreadsheetInspection.json(number)
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case .date(let date): date.iso
        }
    }

    /// Lower case, trimmed, every run of white space (line breaks in a header cell
    /// included) one space.
    static func normalized(_ text: String) -> String {
        text.lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    /// `normalized`, then without diacritics (ł as l) and with only letters and digits
    /// kept, words separated by one space.
    static func folded(_ text: String) -> String {
        let plain = normalized(text)
            .replacingOccurrences(of: "ł", with: "l")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var words: [String] = []
        var word = ""
        for character in plain {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }

    /// How `candidate` agrees with `header`; `nil` when it does not.
    static func closeness(of candidate: String, to header: String) -> Closeness? {
        if normalized(candidate) == normalized(header) { return .exact }
        let folded = folded(candidate)
        if !folded.isEmpty, folded == self.folded(header) { return .folded }
        return nil
    }
}
