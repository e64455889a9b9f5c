import Foundation

/// Finds a reply's own text: everything above the quoted history and the signature.
enum ReplyText {
    /// Endings of "wrote" lines (`On … wrote:`, `W dniu … napisał(a):`, Thunderbird's
    /// `… pisze:`) in the languages we see.
    private static let wroteEndings = [
        "wrote:", "napisał(a):", "napisał:", "napisała:", "pisze:", "schrieb:", "a écrit :",
        "a écrit:", "ha scritto:", "escribió:", "skrev:", "schreef:", "написал:",
        "napsal:",
        "napsal(a):", "kirjoitti:", "escreveu:",
    ]

    /// Separator lines that open quoted history (compared lower case, dashes trimmed).
    private static let separators = [
        "original message", "wiadomość oryginalna", "oryginalna wiadomość",
        "ursprüngliche nachricht", "message d'origine", "message original",
        "messaggio originale", "mensaje original", "forwarded message",
        "wiadomość przekazana dalej", "przekazana wiadomość", "weitergeleitete nachricht",
        "message transféré", "forwarded message follows", "begin forwarded message:",
        "początek przekazywanej wiadomości:", "treść przekazanej wiadomości",
    ]

    /// Separators that mean the message forwards another one.
    private static let forwardSeparators = [
        "forwarded message", "wiadomość przekazana dalej", "przekazana wiadomość",
        "weitergeleitete nachricht", "message transféré", "begin forwarded message:",
        "początek przekazywanej wiadomości:", "treść przekazanej wiadomości",
    ]

    /// Field names of a quoted header block (`From:`/`Od:` then `Sent:`/`Wysłano:` …).
    private static let fromNames = ["from", "od", "von", "de", "da", "van", "fra", "från"]
    private static let detailNames = [
        "sent", "wysłano", "date", "data", "gesendet", "datum", "envoyé", "to", "do", "an",
        "à", "a", "subject", "temat", "betreff", "objet", "oggetto", "asunto", "cc", "dw",
        "inviato", "enviado", "wysłany",
    ]

    /// Lines that end a message body as a signature.
    private static let signatureOpenings = [
        "sent from my", "wysłane z mojego", "wysłano z mojego", "wysłane z iphone",
        "wysłane z aplikacji", "get outlook for", "pobierz outlook", "von meinem iphone",
        "envoyé de mon",
    ]

    /// The text above the first quote, with `>` lines and the signature removed.
    static func ownText(of text: String) -> String {
        let lines = text.components(separatedBy: "\n")
        let end = quoteStart(lines) ?? lines.count
        var kept: [String] = []
        for line in lines[..<end] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line == "-- " || trimmed == "--" || trimmed == "—" { break }
            let lower = trimmed.lowercased()
            if signatureOpenings.contains(where: lower.hasPrefix) { break }
            if trimmed.hasPrefix(">") { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the text quotes an earlier message with a header block or a "wrote" line.
    static func hasQuotedReply(_ text: String) -> Bool {
        quoteStart(text.components(separatedBy: "\n")) != nil
    }

    /// Whether the text carries a forwarded message block.
    static func hasForwardedBlock(_ text: String) -> Bool {
        text.components(separatedBy: "\n").contains { line in
            let core = separatorCore(line)
            return forwardSeparators.contains { core.hasPrefix($0) }
        }
    }

    /// The index of the line where quoted history begins.
    static func quoteStart(_ lines: [String]) -> Int? {
        for index in lines.indices {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if isSeparator(line) || isHeaderBlock(lines, at: index) { return index }
            if let start = wroteLineStart(lines, at: index) { return start }
            if line.hasPrefix(">"), isQuotedHeaderBlock(lines, at: index) { return index }
        }
        return nil
    }

    /// `-----Original Message-----`, `________________________________` and the like.
    private static func isSeparator(_ line: String) -> Bool {
        if line.count >= 10, line.allSatisfy({ $0 == "_" }) { return true }
        guard
            line.hasPrefix("--") || line.hasPrefix("__") || line.hasPrefix("==")
                || line.lowercased().hasPrefix("begin forwarded")
                || line.lowercased().hasPrefix("początek przekazywanej")
        else { return false }
        let core = separatorCore(line)
        return separators.contains { core.hasPrefix($0) }
    }

    private static func separatorCore(_ line: String) -> String {
        line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "-_=* \t"))
    }

    /// A "wrote" line, possibly wrapped over up to three lines; returns its first line.
    private static func wroteLineStart(_ lines: [String], at index: Int) -> Int? {
        let line = lines[index].trimmingCharacters(in: .whitespaces).lowercased()
        guard line.count < 400, wroteEndings.contains(where: line.hasSuffix) else { return nil }
        if opensWroteLine(line) { return index }
        for back in 1...2 where index - back >= 0 {
            let previous = lines[index - back].trimmingCharacters(in: .whitespaces).lowercased()
            if previous.isEmpty || previous.hasPrefix(">") { break }
            if opensWroteLine(previous) { return index - back }
        }
        return index
    }

    /// How "wrote" lines begin: `On`, `W dniu`, `Dnia`, `Am`, `Le`, `Il`, `El`, a date.
    private static func opensWroteLine(_ line: String) -> Bool {
        let openers = ["on ", "w dniu", "dnia ", "am ", "le ", "il ", "el ", "em ", "op "]
        return openers.contains(where: line.hasPrefix) || line.first?.isNumber == true
    }

    /// A `From:`/`Od:` line followed by two more quoted-header fields within four lines.
    private static func isHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        guard let name = fieldName(lines[index]), fromNames.contains(name) else { return false }
        var details = 0
        for next in lines[(index + 1)..<min(lines.count, index + 6)] {
            if let name = fieldName(next), detailNames.contains(name) { details += 1 }
        }
        return details >= 2
    }

    /// A run of `> Field:` lines, as Hotmail quotes the original's headers.
    private static func isQuotedHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        var fields = 0
        for line in lines[index..<min(lines.count, index + 5)] {
            let unquoted = line.trimmingCharacters(in: .whitespaces)
                .drop { $0 == ">" || $0 == " " }
            if let name = fieldName(String(unquoted)),
                fromNames.contains(name) || detailNames.contains(name)
            {
                fields += 1
            }
        }
        return fields >= 3
    }

    /// The lower-case name of a `Name: value` line (bold markers of HTML mail removed).
    private static func fieldName(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: " \t*"))
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let name = trimmed[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " *"))
        guard !name.isEmpty, name.count <= 12 else { return nil }
        return name.lowercased()
    }
}
