import Foundation
import MailBridge
import Testing

@Suite("Message reader: headers and subjects")
struct MessageHeaderTests {
    @Test("folded headers, split encoded words, addresses, ids, Return-Path, delivery headers")
    func headers() {
        let raw = MessageFixtures.mail(
            """
            Return-Path: <>
            Delivered-To: oswiata+abc@example.net
            X-Original-To: oswiata+def@example.net
            From: =?ISO-8859-2?Q?Szko=B3a_nr_5?= <sekretariat@sp5.example.org>
            To: "Nowak, Anna" <anna.nowak@example.org>, jan@example.org (Jan Kowalski),
             Zespol: kadry@example.org, place@example.org;
            Cc: =?UTF-8?B?xbvDs8WC?= =?UTF-8?B?xIc=?= <zolc@example.org>
            Subject: =?UTF-8?B?WmHFvMOzxYLEhyBn?=
             =?UTF-8?B?xJnFm2zEhSBqYcW6xYQ=?=
            Message-ID: <abc.123@sp5.example.org>
            In-Reply-To: <req-1@example.net>
            References: <root@example.net> <req-1@example.net>
            Date: 4 Mar 2024 10:00 +0100

            x
            """)

        let message = MessageReader.read(raw)

        #expect(message.subject == MessageFixtures.pangram)
        #expect(
            message.from
                == MailAddress(name: "Szkoła nr 5", address: "sekretariat@sp5.example.org"))
        #expect(
            message.to.map(\.address) == [
                "anna.nowak@example.org", "jan@example.org", "kadry@example.org",
                "place@example.org",
            ])
        #expect(message.to.first?.name == "Nowak, Anna")
        #expect(message.to[1].name == "Jan Kowalski")
        #expect(message.cc.first?.name == "Żółć")
        #expect(message.messageID == "abc.123@sp5.example.org")
        #expect(message.references == ["req-1@example.net", "root@example.net"])
        #expect(message.returnPath == "")
        #expect(message.deliveredTo == ["oswiata+abc@example.net", "oswiata+def@example.net"])
        #expect(message.tokens == ["abc", "def"])
        #expect(message.date == Date(timeIntervalSince1970: 1_709_542_800))
        #expect(message.header("message-id") == "<abc.123@sp5.example.org>")
    }

    @Test(
        "subject prefixes are stripped in any run and language",
        arguments: [
            ("Re: RE: Odp: Fwd: Re[2]: AW: Tekst", "Tekst"),
            ("ODP: Re: ankieta", "ankieta"),
            ("Re : Sujet", "Sujet"),
            ("Re:Ankieta", "Ankieta"),
            ("SV: VS: Kysely", "Kysely"),
            ("PD: WG: TR: FW: Plan", "Plan"),
            ("Odp.: Plan", "Plan"),
            ("Reply needed", "Reply needed"),
            ("Regulamin: zmiany", "Regulamin: zmiany"),
            ("", ""),
        ])
    func stripPrefixes(subject: String, expected: String) {
        #expect(SubjectLine.stripPrefixes(subject) == expected)
    }

    @Test(
        "forward and reply kinds from subjects and bodies",
        arguments: [
            ("PD: Ankieta", "Treść", MessageKind.forward),
            ("WG: Umfrage", "Text", .forward),
            (
                "Ankieta", "Uwaga\n\n---------- Forwarded message ---------\nFrom: x@example.org",
                .forward
            ),
            ("Re[2]: Ankieta", "Tak", .reply),
            ("Ankieta", "Tak\n\n-----Original Message-----\nFrom: x@example.org", .reply),
            (
                "Ankieta",
                "Tak\n\nOd: Wydział <x@example.net>\nWysłano: wtorek\nDo: y@example.org", .reply
            ),
            ("Ankieta", "Zwykła wiadomość", .other),
        ])
    func kinds(subject: String, body: String, expected: MessageKind) {
        let raw = MessageFixtures.mail(
            """
            From: Osoba <osoba@example.org>
            To: oswiata@example.net
            Subject: \(subject)
            Content-Type: text/plain; charset=utf-8

            \(body)
            """)

        #expect(MessageReader.read(raw).kind == expected)
    }

    @Test(
        "automatic headers win over reply evidence",
        arguments: [
            "Auto-Submitted: auto-replied", "X-Autoreply: yes", "X-Autorespond: vacation",
            "Precedence: auto_reply", "Precedence: bulk", "Precedence: junk",
            "X-MS-Exchange-Inbox-Rules-Loop: oswiata@example.net", "Return-Path: <>",
            "X-Apple-Action: vacation",
        ])
    func automaticHeaders(header: String) {
        let raw = MessageFixtures.mail(
            """
            From: Osoba <osoba@example.org>
            To: oswiata+tok@example.net
            Subject: Re: Ankieta
            In-Reply-To: <req-1@example.net>
            \(header)

            Jestem na urlopie.
            """)

        #expect(MessageReader.read(raw).kind == .autoReply)
    }

    @Test("Auto-Submitted: no and a lone X-Auto-Response-Suppress do not make an auto-reply")
    func notAutomatic() {
        let raw = MessageFixtures.mail(
            """
            From: Osoba <osoba@example.org>
            To: oswiata@example.net
            Subject: Re: Ankieta
            Auto-Submitted: no
            X-Auto-Response-Suppress: All

            Odpowiedź.
            """)

        #expect(MessageReader.read(raw).kind == .reply)
    }

    @Test(
        "Precedence: list is bulk unless the message answers one of ours",
        arguments: [
            ("Subject: Biuletyn\n", MessageKind.autoReply),
            ("Subject: Re: Ankieta\n", .reply),
            ("Subject: Ankieta\nIn-Reply-To: <req-5@example.net>\n", .reply),
        ])
    func listMail(headers: String, expected: MessageKind) {
        let raw = MessageFixtures.mail(
            "From: grupa@lists.example.org\nPrecedence: list\n\(headers)\nTekst\n")

        #expect(MessageReader.read(raw).kind == expected)
    }

    @Test(
        "robot senders",
        arguments: [
            "noreply@example.com", "no-reply@example.com", "postmaster@example.com",
            "MAILER-DAEMON@example.com", "donotreply@example.com",
        ])
    func robotSenders(sender: String) {
        let raw = MessageFixtures.mail("From: \(sender)\nSubject: Info\n\nTekst\n")

        #expect(MessageReader.read(raw).kind == .autoReply)
    }
}
