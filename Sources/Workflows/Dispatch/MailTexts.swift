import Foundation
import Ledger

/// The words of the mail schoolpost writes to schools, in Polish (the default) and English.
public struct MailTexts: Sendable {
    public enum Language: String, Sendable {
        case polish = "pl"
        case english = "en"
    }

    public var language: Language

    public init(language: Language = .polish) {
        self.language = language
    }

    /// The footer under a dispatch's body: how and by when to answer.
    func footer(for dispatch: Dispatch, deadline: String?) -> String {
        var lines = ["", "-- "]
        switch (language, dispatch.expectedReply) {
        case (.polish, .attachment):
            lines.append(
                "Prosimy odpowiedzieć na tę wiadomość, dołączając wypełniony plik.")
        case (.polish, .text):
            lines.append("Prosimy odpowiedzieć na tę wiadomość.")
        case (.polish, .none):
            lines.append("Wiadomość informacyjna: odpowiedź nie jest wymagana.")
        case (.english, .attachment):
            lines.append("Please reply to this message with the completed file attached.")
        case (.english, .text):
            lines.append("Please reply to this message.")
        case (.english, .none):
            lines.append("For your information: no reply is needed.")
        }
        if let deadline, dispatch.expectedReply != .none {
            lines.append(
                language == .polish
                    ? "Termin odpowiedzi: \(deadline)." : "Please reply by \(deadline).")
        }
        lines.append(
            language == .polish
                ? "Prosimy nie zmieniać tematu wiadomości: znacznik [\(dispatch.id)] "
                    + "pozwala przypisać odpowiedź."
                : "Please keep the subject: the tag [\(dispatch.id)] files your answer.")
        return lines.joined(separator: "\n")
    }
}
