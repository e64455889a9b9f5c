import Foundation

/// Reply and forward prefixes of subject lines in the languages our schools' clients use.
public enum SubjectLine {
    /// What a prefix says about the message.
    public enum Prefix: Sendable, Equatable {
        /// Re, Odp, AW, SV and the like.
        case reply
        /// Fwd, FW, WG, TR, PD and the like.
        case forward
    }

    /// Reply prefixes: English and Spanish (Re), Polish and Czech (Odp), German (AW),
    /// Nordic (SV, VS), Italian (R, RIF), Dutch (Antw), Turkish (YNT), Croatian (Odg).
    private static let replyWords: Set<String> = [
        "re", "odp", "aw", "sv", "vs", "antw", "rif", "r", "ynt", "odg",
    ]
    /// Forward prefixes: Fwd, FW, WG (German), TR (French), PD (Polish), RV (Spanish),
    /// ENC (Portuguese), Doorst (Dutch), VB (Swedish).
    private static let forwardWords: Set<String> = [
        "fwd", "fw", "wg", "tr", "pd", "rv", "enc", "doorst", "vb",
    ]

    /// `subject` without its leading run of reply and forward prefixes
    /// (`Re: RE: Odp: Fwd: Re[2]: AW: Tekst` → `Tekst`).
    public static func stripPrefixes(_ subject: String) -> String {
        var rest = Substring(subject.trimmingCharacters(in: .whitespaces))
        while let (_, length) = leadingPrefix(rest) {
            rest = rest.dropFirst(length).drop(while: { $0 == " " || $0 == "\t" })
        }
        return String(rest)
    }

    /// The kinds of the leading prefixes, outermost first.
    public static func prefixes(of subject: String) -> [Prefix] {
        var rest = Substring(subject.trimmingCharacters(in: .whitespaces))
        var found: [Prefix] = []
        while let (prefix, length) = leadingPrefix(rest) {
            found.append(prefix)
            rest = rest.dropFirst(length).drop(while: { $0 == " " || $0 == "\t" })
        }
        return found
    }

    /// One prefix at the start of `text` and how many characters it spans (colon included).
    private static func leadingPrefix(_ text: Substring) -> (Prefix, Int)? {
        var word = ""
        var index = text.startIndex
        while index < text.endIndex, text[index].isLetter, word.count < 8 {
            word.append(text[index])
            index = text.index(after: index)
        }
        let lower = word.lowercased()
        let kind: Prefix
        if replyWords.contains(lower) {
            kind = .reply
        } else if forwardWords.contains(lower) {
            kind = .forward
        } else {
            return nil
        }

        // An optional counter: Re[2], Re(3), Re^2, then optional spaces before the colon.
        if index < text.endIndex, "[(".contains(text[index]) {
            let close: Character = text[index] == "[" ? "]" : ")"
            guard let end = text[index...].firstIndex(of: close),
                text[text.index(after: index)..<end].allSatisfy(\.isNumber)
            else { return nil }
            index = text.index(after: end)
        } else if index < text.endIndex, text[index] == "^" {
            index = text.index(after: index)
            while index < text.endIndex, text[index].isNumber { index = text.index(after: index) }
        }
        if lower == "odp", index < text.endIndex, text[index] == "." {
            index = text.index(after: index)
        }
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == ":" || text[index] == "：" else { return nil }
        return (kind, text.distance(from: text.startIndex, to: text.index(after: index)))
    }

    /// Words in subjects that automatic answers use (lower case, matched anywhere).
    static let automaticPhrases = [
        "odpowiedź automatyczna", "automatyczna odpowiedź", "autoodpowiedź",
        "jestem nieobecn", "poza biurem", "automatic reply", "auto reply", "auto-reply",
        "autoreply", "auto response", "auto-response", "autorespons", "autoresponder",
        "automatische antwort", "abwesenheitsnotiz", "out of office",
        "out of the office", "réponse automatique", "reponse automatique", "absence du bureau",
        "risposta automatica", "fuori sede", "respuesta automática", "respuesta automatica",
        "fuera de la oficina", "[auto generated]", "auto generated", "auto-generated",
        "automatisch antwoord", "automatisk svar", "autosvar", "resposta automática",
        "automaattinen vastaus", "automatická odpověď", "automatikus válasz",
        "автоматический ответ", "on vacation", "vacation reply",
        "away from the office",
    ]

    /// Words that mark an automatic answer only at the very start: a school may well answer
    /// "Re: Nieobecność ucznia" by hand.
    static let automaticOpenings = ["nieobecność", "absence", "abwesend", "away until", "ooo:"]

    /// Whether the subject reads like an automatic answer.
    static func looksAutomatic(_ subject: String) -> Bool {
        let lower = subject.lowercased().trimmingCharacters(in: .whitespaces)
        return automaticPhrases.contains { lower.contains($0) }
            || automaticOpenings.contains { lower.hasPrefix($0) }
    }
}
