import Testing
import Workflows

@Suite("Reminder digest of late institutions")
struct ReminderDigestTests {
    static let entries = [
        LateDigest.Entry(
            institution: "P7", name: "Przedszkole nr 7",
            addresses: ["p7@schools.example.net", "dyr.p7@example.com"],
            dispatch: "SP-2026-009", subject: "Arkusz organizacyjny", deadline: "2026-12-02",
            daysLate: 1),
        LateDigest.Entry(
            institution: "SP1", name: "Szkoła Podstawowa nr 1",
            addresses: ["sp1@schools.example.net"], dispatch: "SP-2026-007",
            subject: "Ankieta: liczba uczniów", deadline: "2026-12-01", daysLate: 3),
        LateDigest.Entry(
            institution: "LO12", name: "XII Liceum\nOgólnokształcące",
            addresses: [], dispatch: "SP-2026-007",
            subject: "Ankieta: liczba uczniów", deadline: "2026-12-01", daysLate: 3),
        LateDigest.Entry(
            institution: "P7", name: "Przedszkole nr 7",
            addresses: ["p7@schools.example.net", "dyr.p7@example.com"],
            dispatch: "SP-2026-007", subject: "Ankieta: liczba uczniów",
            deadline: "2026-12-01", daysLate: 5),
    ]

    @Test("the Polish digest groups by dispatch, oldest deadline and longest overdue first")
    func polish() throws {
        let day = try #require(CalendarDay("2026-12-04"))
        let digest = LateDigest(entries: Self.entries)

        let text = digest.text(on: day)
        let subject = digest.subject(on: day)

        #expect(subject == "Zaległe odpowiedzi: 3 placówki (2026-12-04)")
        #expect(
            text == """
                Zaległe odpowiedzi — stan na 2026-12-04

                Brak odpowiedzi od 3 placówek w 2 sprawach.

                [SP-2026-007] Ankieta: liczba uczniów
                Termin: 2026-12-01 · brak odpowiedzi: 3 placówki
                  P7    Przedszkole nr 7 — 5 dni po terminie
                        p7@schools.example.net, dyr.p7@example.com
                  LO12  XII Liceum Ogólnokształcące — 3 dni po terminie
                  SP1   Szkoła Podstawowa nr 1 — 3 dni po terminie
                        sp1@schools.example.net

                [SP-2026-009] Arkusz organizacyjny
                Termin: 2026-12-02 · brak odpowiedzi: 1 placówka
                  P7  Przedszkole nr 7 — 1 dzień po terminie
                      p7@schools.example.net, dyr.p7@example.com

                -- 
                Zestawienie przygotowane automatycznie przez schoolpost.
                """)
    }

    @Test("the English digest says the same")
    func english() throws {
        let day = try #require(CalendarDay("2026-12-04"))
        let digest = LateDigest(entries: Self.entries, language: .english)

        let text = digest.text(on: day)

        #expect(digest.subject(on: day) == "Late answers: 3 institutions (2026-12-04)")
        #expect(text.hasPrefix("Late answers — as of 2026-12-04\n"))
        #expect(text.contains("3 institutions have not answered, in 2 dispatches."))
        #expect(text.contains("Deadline: 2026-12-02 · not answered: 1 institution"))
        #expect(text.contains("  P7  Przedszkole nr 7 — 1 day late"))
        #expect(text.contains("  P7    Przedszkole nr 7 — 5 days late"))
    }

    @Test(
        "with nobody late the digest says so",
        arguments: [
            (MailTexts.Language.polish, "Brak zaległych odpowiedzi.", "Zaległe odpowiedzi: brak"),
            (MailTexts.Language.english, "No late answers.", "Late answers: none"),
        ])
    func empty(language: MailTexts.Language, line: String, subject: String) throws {
        let day = try #require(CalendarDay("2026-12-04"))
        let digest = LateDigest(entries: [], language: language)

        let text = digest.text(on: day)

        #expect(text.split(separator: "\n").contains(Substring(line)))
        #expect(digest.subject(on: day).hasPrefix(subject))
    }

    @Test(
        "Polish counts take the right noun form",
        arguments: [
            (1, "1 placówka"), (2, "2 placówki"), (4, "4 placówki"), (5, "5 placówek"),
            (12, "12 placówek"), (14, "14 placówek"), (21, "21 placówek"), (22, "22 placówki"),
            (112, "112 placówek"), (123, "123 placówki"),
        ])
    func plural(count: Int, expected: String) throws {
        let day = try #require(CalendarDay("2026-12-04"))
        let entries = (0..<count).map {
            LateDigest.Entry(
                institution: "S\($0)", name: "Szkoła \($0)", addresses: [],
                dispatch: "SP-2026-001", subject: "Ankieta", deadline: "2026-12-01", daysLate: 2)
        }

        let subject = LateDigest(entries: entries).subject(on: day)

        #expect(subject == "Zaległe odpowiedzi: \(expected) (2026-12-04)")
    }
}
