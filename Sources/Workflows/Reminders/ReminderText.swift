import Foundation
import Ledger

/// The words of a reminder to a school that has not answered, in Polish (the default) or
/// English: a polite note that the answer has not arrived, the deadline, and how to reply
/// so that the answer is filed (reply to this message and keep the `[ID]` tag).
public struct ReminderText: Sendable {
    public var language: MailTexts.Language

    public init(language: MailTexts.Language = .polish) {
        self.language = language
    }

    /// `[SP-2026-007] Przypomnienie: Ankieta`, or `Przypomnienie (2): …` from the second on.
    /// A copy of the tag already in `original` is dropped, so the tag appears once.
    /// - Parameters:
    ///   - original: the dispatch's subject.
    ///   - dispatch: the dispatch's id.
    ///   - count: which reminder this is for the delivery, 1 for the first.
    public func subject(original: String, dispatch: DispatchID, count: Int) -> String {
        let word = language == .polish ? "Przypomnienie" : "Reminder"
        let label = count >= 2 ? "\(word) (\(count))" : word
        return "[\(dispatch)] \(label): \(Self.untagged(original, dispatch: dispatch))"
    }

    /// The reminder's plain-text body.
    /// - Parameters:
    ///   - original: the dispatch's subject.
    ///   - dispatch: the dispatch's id.
    ///   - deadline: the deadline date, `YYYY-MM-DD`.
    ///   - isAfterDeadline: whether the deadline date has ended when the reminder goes.
    ///   - expectedReply: what the dispatch asks for; a file adds a line about attaching it.
    ///   - signature: the department's name under the text; nil for none.
    public func body(
        original: String, dispatch: DispatchID, deadline: String, isAfterDeadline: Bool,
        expectedReply: ExpectedReply = .text, signature: String? = nil
    ) -> String {
        let subject = Self.untagged(original, dispatch: dispatch)
        var lines: [String]
        switch language {
        case .polish:
            lines = [
                "Szanowni Państwo,",
                "",
                "uprzejmie przypominamy o sprawie „\(subject)” [\(dispatch)].",
                isAfterDeadline
                    ? "Termin odpowiedzi upłynął \(deadline), a odpowiedź od Państwa "
                        + "do nas nie dotarła."
                    : "Termin odpowiedzi: \(deadline). Nie otrzymaliśmy jeszcze odpowiedzi "
                        + "od Państwa.",
                "",
                expectedReply == .attachment
                    ? "Prosimy odpowiedzieć na tę wiadomość, dołączając wypełniony plik."
                    : "Prosimy odpowiedzieć na tę wiadomość.",
                "Prosimy nie zmieniać tematu wiadomości: znacznik [\(dispatch)] "
                    + "pozwala przypisać odpowiedź do sprawy.",
                "",
                "Jeśli odpowiedź została już wysłana, dziękujemy i prosimy "
                    + "uznać to przypomnienie za nieaktualne.",
                "",
                "Z poważaniem",
            ]
        case .english:
            lines = [
                "Dear Sir or Madam,",
                "",
                "this is a kind reminder about “\(subject)” [\(dispatch)].",
                isAfterDeadline
                    ? "The deadline was \(deadline), and your answer has not reached us."
                    : "Please reply by \(deadline). We have not received your answer yet.",
                "",
                expectedReply == .attachment
                    ? "Please reply to this message with the completed file attached."
                    : "Please reply to this message.",
                "Please keep the subject: the tag [\(dispatch)] files your answer.",
                "",
                "If you have already answered, thank you, and please disregard this reminder.",
                "",
                "Kind regards",
            ]
        }
        if let signature, !signature.isEmpty { lines.append(LateDigest.flat(signature)) }
        return lines.joined(separator: "\n")
    }

    /// The subject without the `[ID]` tag and the blanks around it.
    static func untagged(_ subject: String, dispatch: DispatchID) -> String {
        LateDigest.flat(subject)
            .replacingOccurrences(of: "[\(dispatch)]", with: "")
            .split(separator: " ", omittingEmptySubsequences: true)
            .joined(separator: " ")
    }
}
