import Foundation
import MailBridge
import Testing

@Suite("Message reader: delivery reports and bounces")
struct MessageReportTests {
    static func dsn(
        _ blocks: String,
        contentType: String = "multipart/report; "
            + "report-type=delivery-status; boundary=\"r\"",
        statusType: String = "message/delivery-status"
    ) -> Data {
        MessageFixtures.mail(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
            To: oswiata+q1w2@example.net
            Subject: Undelivered Mail Returned to Sender
            Auto-Submitted: auto-replied
            Return-Path: <>
            Content-Type: \(contentType)

            --r
            Content-Type: text/plain

            Your message could not be delivered.
            --r
            Content-Type: \(statusType)

            Reporting-MTA: dns; mx.example.net

            \(blocks)
            --r
            Content-Type: text/rfc822-headers

            Message-ID: <req-99@example.net>
            To: Dyrektor <dyrektor@sp3.example.org>
            Subject: Ankieta
            --r--
            """, crlf: true)
    }

    @Test("every recipient block is read; Original-Recipient wins over Final-Recipient")
    func recipientBlocks() {
        let raw = Self.dsn(
            """
            Final-Recipient: rfc822; dyrektor@mx.sp3.example.org
            Original-Recipient: rfc822;dyrektor@sp3.example.org
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

            Final-Recipient: rfc822; sekretariat@sp3.example.org
            Action: delayed
            Status: 4.4.7
            """)

        let message = MessageReader.read(raw)

        #expect(message.kind == .bounce)
        #expect(
            message.reportedRecipients == [
                ReportedRecipient(
                    address: "dyrektor@sp3.example.org", action: "failed",
                    status: "5.2.2", reason: .mailboxFull),
                ReportedRecipient(
                    address: "sekretariat@sp3.example.org", action: "delayed",
                    status: "4.4.7", reason: .expired),
            ])
        #expect(message.returnedMessageIDs == ["req-99@example.net"])
        #expect(message.returnedRecipients == ["dyrektor@sp3.example.org"])
        #expect(message.attachments.isEmpty)
        #expect(message.returnPath == "")
    }

    @Test("only delayed recipients make a delay; upper-case types without report-type")
    func delayOnly() {
        let raw = Self.dsn(
            """
            Final-Recipient: RFC822; sekretariat@sp3.example.org
            Action: Delayed
            Status: 4.2.0
            """, contentType: "MULTIPART/REPORT; boundary=\"r\"",
            statusType: "MESSAGE/DELIVERY-STATUS")

        let message = MessageReader.read(raw)

        #expect(message.kind == .delay)
        #expect(message.failedRecipients.isEmpty)
        #expect(message.reportedRecipients.first?.action == "delayed")
    }

    @Test(
        "plain-text bounces",
        arguments: [
            BounceCase(
                name: "qmail", from: "MAILER-DAEMON@mx.example.com", subject: "failure notice",
                body: """
                    Hi. This is the qmail-send program at mx.example.com.
                    I'm afraid I wasn't able to deliver your message to the following addresses.
                    This is a permanent error; I've given up. Sorry it didn't work out.

                    <dyrektor@sp7.example.org>:
                    192.0.2.5 does not like recipient.
                    Remote host said: 550 5.1.1 User unknown
                    Giving up on 192.0.2.5.

                    --- Below this line is a copy of the message.

                    Return-Path: <oswiata@example.net>
                    Message-ID: <req-42@example.net>
                    To: dyrektor@sp7.example.org
                    Subject: Ankieta

                    Treść
                    """,
                address: "dyrektor@sp7.example.org", status: "5.1.1", reason: .userUnknown),
            BounceCase(
                name: "GMX", from: "mailer-daemon@gmx.example.net",
                subject: "Mail delivery failed: returning message to sender",
                body: """
                    This message was created automatically by mail delivery software.

                    A message that you sent could not be delivered to one or more of
                    its recipients. This is a permanent error. The following address(es)
                    failed:

                    uczen@example.com:
                    SMTP error from remote server for RCPT TO command, host: mx.example.com
                    reason: 552 5.2.2 Mailbox full

                    --- The header of the original message is following. ---

                    Message-ID: <req-43@example.net>
                    To: uczen@example.com
                    """,
                address: "uczen@example.com", status: "5.2.2", reason: .mailboxFull),
            BounceCase(
                name: "German Exchange without a known marker",
                from: "postmaster@ex.example.com", subject: "Unzustellbar: Ankieta",
                body: """
                    Fehler bei der Zustellung an diese Empfänger oder Gruppen:

                    biuro@sp9.example.org
                    Die E-Mail-Adresse wurde nicht gefunden.

                    Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'

                    Kopfzeilen der Nachricht:

                    Received: from mail.example.net (192.0.2.1) by ex.example.com
                    Message-ID: <req-45@example.net>
                    From: oswiata@example.net
                    To: biuro@sp9.example.org
                    """,
                address: "biuro@sp9.example.org", status: "5.1.1", reason: .userUnknown),
            BounceCase(
                name: "Polish host unknown", from: "postmaster@poczta.example.com",
                subject: "Niedostarczalne: Ankieta",
                body: """
                    Nie można dostarczyć wiadomości do następujących adresatów:

                    kadry@nieistniejaca.example.org
                    Host or domain name not found. Name service error.

                    -----Original Message-----
                    Message-ID: <req-44@example.net>
                    To: kadry@nieistniejaca.example.org
                    """,
                address: "kadry@nieistniejaca.example.org", status: nil, reason: .hostUnknown),
        ])
    func textBounce(_ fixture: BounceCase) {
        let raw = MessageFixtures.mail(
            """
            From: Mail Delivery System <\(fixture.from)>
            To: oswiata@example.net
            Subject: \(fixture.subject)
            Content-Type: text/plain; charset=utf-8

            \(fixture.body)
            """)

        let message = MessageReader.read(raw)

        #expect(message.kind == .bounce)
        #expect(message.failedRecipients.map(\.address) == [fixture.address])
        #expect(message.failedRecipients.first?.status == fixture.status)
        #expect(message.failedRecipients.first?.reason == fixture.reason)
        #expect(message.returnedMessageIDs.count == 1)
    }

    @Test("an ARF feedback report is a complaint")
    func feedbackReport() {
        let raw = MessageFixtures.mail(
            """
            From: abuse@isp.example.com
            To: oswiata@example.net
            Subject: Abuse report
            Content-Type: multipart/report; report-type=feedback-report; boundary="f"

            --f
            Content-Type: text/plain

            A user marked your message as spam.
            --f
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: Example-FBL/1.0
            Version: 1
            --f
            Content-Type: message/rfc822

            Message-ID: <req-7@example.net>
            To: someone@example.com
            Subject: Ankieta

            Treść
            --f--
            """)

        let message = MessageReader.read(raw)

        #expect(message.kind == .complaint)
        #expect(message.attachments.isEmpty)
        #expect(message.returnedMessageIDs == ["req-7@example.net"])
    }

    @Test("an RFC 8098 disposition notification is a read receipt")
    func readReceipt() {
        let raw = MessageFixtures.mail(
            """
            From: Anna Nowak <sekretariat@sp5.example.org>
            To: oswiata@example.net
            Subject: Przeczytano: Ankieta
            Content-Type: multipart/report; report-type=disposition-notification; boundary="d"

            --d
            Content-Type: text/plain; charset=utf-8

            Wiadomość została wyświetlona.
            --d
            Content-Type: message/disposition-notification

            Final-Recipient: rfc822; sekretariat@sp5.example.org
            Original-Message-ID: <req-8@example.net>
            Disposition: manual-action/MDN-sent-manually; displayed
            --d--
            """)

        #expect(MessageReader.read(raw).kind == .readReceipt)
    }

    @Test("a person's message with an earlier mail attached is not a bounce")
    func attachedOriginalIsNotBounce() {
        let raw = MessageFixtures.mail(
            """
            From: Anna Nowak <sekretariat@sp5.example.org>
            To: oswiata@example.net
            Subject: Zobacz poniżej
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain; charset=utf-8

            Przesyłam wcześniejszą wiadomość.
            --m
            Content-Type: message/rfc822

            From: Mail Delivery System <mailer-daemon@example.com>
            Subject: Undelivered Mail Returned to Sender

            stara treść
            --m--
            """)

        let message = MessageReader.read(raw)

        #expect(message.kind == .other)
        #expect(message.attachments.map(\.filename) == ["Undelivered Mail Returned to Sender.eml"])
    }
}

/// One plain-text bounce fixture and what the reader should find in it.
struct BounceCase: Sendable, CustomStringConvertible {
    var name: String
    var from: String
    var subject: String
    var body: String
    var address: String
    var status: String?
    var reason: FailureReason

    var description: String { name }
}
