import Foundation
import MailBridge
import Testing

@Suite("Message reader: Polish clients")
struct MessagePolishClientTests {
    @Test("an Outlook reply in Windows-1250 keeps only the text above Od:/Wysłano:")
    func outlookReply() {
        let raw = MessageFixtures.mail(MessageFixtures.outlookPolishReply, crlf: true)

        let message = MessageReader.read(raw)

        #expect(message.kind == .reply)
        #expect(message.subject == "ODP: Ankieta – termin")
        #expect(message.to.first?.name == "Wydział Oświaty")
        #expect(message.tokens == ["t7k2"])
        #expect(message.text == "Dzień dobry,\nprzesyłamy ankietę.\n\nZ poważaniem\nAnna Nowak")
        #expect(message.fullText.contains("Proszę o odpowiedź do piątku."))
        #expect(message.messageID == "AM0PR01-reply-1@example.org")
    }

    @Test("a Gmail reply cuts at a wrapped 'W dniu … napisał(a):' line")
    func gmailReply() {
        let raw = MessageFixtures.mail(MessageFixtures.gmailPolishReply)

        let message = MessageReader.read(raw)

        #expect(message.kind == .reply)
        #expect(message.references == ["req-17@example.net", "root-1@example.net"])
        #expect(message.text == "Odsyłam wypełnioną ankietę.")
        #expect(message.from?.name == "Jan Kowalski")
        #expect(message.date == Date(timeIntervalSince1970: 1_709_622_900))
    }

    @Test("a Thunderbird reply: format=flowed joined, 'pisze:' quote and signature removed")
    func thunderbirdReply() {
        let raw = MessageFixtures.mail(MessageFixtures.thunderbirdPolishReply)

        let message = MessageReader.read(raw)

        #expect(message.kind == .reply)
        #expect(
            message.text
                == "Dzień dobry, w załączeniu brakujące dane. Termin jest dla nas odpowiedni.")
        #expect(message.tokens == ["k9p4"])
        #expect(message.fullText.contains("Liceum nr 3"))
    }

    @Test("a Polish out-of-office notice without automatic headers is an auto-reply")
    func outOfOffice() {
        let raw = MessageFixtures.mail(MessageFixtures.polishOutOfOffice)

        let message = MessageReader.read(raw)

        #expect(message.subject == "Automatyczna odpowiedź: Ankieta")
        #expect(message.kind == .autoReply)
        #expect(!message.kind.canBeAnswer)
    }

    @Test(
        "automatic subjects in several languages",
        arguments: [
            "Odpowiedź automatyczna: Ankieta", "Nieobecność: Ankieta", "Automatic reply: Survey",
            "Out of Office: Survey", "Abwesenheitsnotiz: Umfrage",
            "Réponse automatique : Enquête",
            "Risposta automatica: Sondaggio", "Respuesta automática: Encuesta",
            "[AUTO GENERATED] Survey",
        ])
    func automaticSubjects(subject: String) {
        let raw = MessageFixtures.mail(
            """
            From: Osoba <osoba@example.org>
            To: oswiata@example.net
            Subject: \(subject)

            Treść.
            """)

        #expect(MessageReader.read(raw).kind == .autoReply)
    }

    @Test("a reply about an absent pupil is not taken for an out-of-office notice")
    func absentPupil() {
        let raw = MessageFixtures.mail(
            """
            From: Osoba <osoba@example.org>
            To: oswiata@example.net
            Subject: Re: Nieobecność ucznia

            Uczeń był chory.
            """)

        #expect(MessageReader.read(raw).kind == .reply)
    }

    @Test("an HTML-only Outlook reply cuts at its Od:/Wysłano: block")
    func outlookHTMLReply() {
        let raw = MessageFixtures.mail(
            """
            From: sekretariat@sp5.example.org
            To: oswiata@example.net
            Subject: ODP: Ankieta
            Content-Type: text/html; charset="utf-8"

            <html><body><div class=WordSection1><p>Dzień dobry,<br>ankieta w załączeniu.</p>
            <div style="border:none;border-top:solid #E1E1E1 1.0pt"><p><b>Od:</b> Wydział
            Oświaty &lt;oswiata@example.net&gt;<br><b>Wysłano:</b> poniedziałek, 4 marca 2024
            10:00<br><b>Do:</b> sekretariat@sp5.example.org<br><b>Temat:</b> Ankieta</p></div>
            <p>Prośba o ankietę.</p></div></body></html>
            """)

        let message = MessageReader.read(raw)

        #expect(message.kind == .reply)
        #expect(message.text == "Dzień dobry,\nankieta w załączeniu.")
    }

    @Test("an HTML-only Gmail reply drops its gmail_quote block")
    func gmailHTMLReply() {
        let raw = MessageFixtures.mail(
            """
            From: dyrektor@sp12.example.org
            To: oswiata+x1@example.net
            Subject: Re: Ankieta
            Content-Type: text/html; charset="utf-8"

            <div dir="ltr">Potwierdzam udział.</div><br><div class="gmail_quote"><div dir="ltr"
            class="gmail_attr">W dniu pt., 1 mar 2024 o 09:00 Wydział Oświaty &lt;<a
            href="mailto:oswiata@example.net">oswiata@example.net</a>&gt; napisał(a):<br></div>
            <blockquote class="gmail_quote"><div dir="ltr">Prosimy o potwierdzenie.</div>
            </blockquote></div>
            """)

        let message = MessageReader.read(raw)

        #expect(message.text == "Potwierdzam udział.")
        #expect(message.fullText.contains("> Prosimy o potwierdzenie."))
    }
}
