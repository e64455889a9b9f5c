import Ledger
import MailBridge
import Testing
import Workflows

@Suite("Reminder mail wording")
struct ReminderTextTests {
    @Test(
        "the subject keeps the tag once and numbers reminders from the second",
        arguments: [
            (
                MailTexts.Language.polish, "Ankieta: liczba uczniów", 1,
                "[SP-2026-007] Przypomnienie: Ankieta: liczba uczniów"
            ),
            (
                MailTexts.Language.polish, "[SP-2026-007] Ankieta: liczba uczniów", 2,
                "[SP-2026-007] Przypomnienie (2): Ankieta: liczba uczniów"
            ),
            (
                MailTexts.Language.english, "Ankieta  [SP-2026-007]", 3,
                "[SP-2026-007] Reminder (3): Ankieta"
            ),
            (
                MailTexts.Language.english, "Ankieta\r\nprzedszkola", 1,
                "[SP-2026-007] Reminder: Ankieta przedszkola"
            ),
        ])
    func subject(language: MailTexts.Language, original: String, count: Int, expected: String) {
        let text = ReminderText(language: language)

        let subject = text.subject(original: original, dispatch: "SP-2026-007", count: count)

        #expect(subject == expected)
        #expect(ReplyTag.count(in: subject) == 1)
        #expect(ReplyMatcher.subjectTag(in: subject) == "SP-2026-007")
    }

    @Test("the Polish body before the deadline, asking for the file")
    func polishBefore() {
        let text = ReminderText()

        let body = text.body(
            original: "[SP-2026-007] Ankieta: liczba uczniów", dispatch: "SP-2026-007",
            deadline: "2026-12-11", isAfterDeadline: false, expectedReply: .attachment,
            signature: "Wydział Edukacji")

        #expect(
            body == """
                Szanowni Państwo,

                uprzejmie przypominamy o sprawie „Ankieta: liczba uczniów” [SP-2026-007].
                Termin odpowiedzi: 2026-12-11. Nie otrzymaliśmy jeszcze odpowiedzi od Państwa.

                Prosimy odpowiedzieć na tę wiadomość, dołączając wypełniony plik.
                Prosimy nie zmieniać tematu wiadomości: znacznik [SP-2026-007] \
                pozwala przypisać odpowiedź do sprawy.

                Jeśli odpowiedź została już wysłana, dziękujemy i prosimy uznać \
                to przypomnienie za nieaktualne.

                Z poważaniem
                Wydział Edukacji
                """)
    }

    @Test(
        "after the deadline the body says it has passed",
        arguments: [
            (
                MailTexts.Language.polish, "Termin odpowiedzi upłynął 2026-12-11",
                "Prosimy odpowiedzieć na tę wiadomość."
            ),
            (
                MailTexts.Language.english, "The deadline was 2026-12-11",
                "Please reply to this message."
            ),
        ])
    func after(language: MailTexts.Language, deadlineLine: String, replyLine: String) {
        let text = ReminderText(language: language)

        let body = text.body(
            original: "Ankieta", dispatch: "SP-2026-007", deadline: "2026-12-11",
            isAfterDeadline: true)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)

        #expect(body.contains(deadlineLine))
        #expect(lines.contains(Substring(replyLine)))
        #expect(body.contains("[SP-2026-007]"))
        #expect(!body.contains("2026-12-11."))
        #expect(lines.last == (language == .polish ? "Z poważaniem" : "Kind regards"))
    }
}

/// Counts `[SP-…]` tags the way a reader of the subject would.
enum ReplyTag {
    static func count(in subject: String) -> Int {
        subject.components(separatedBy: "[SP-").count - 1
    }
}
