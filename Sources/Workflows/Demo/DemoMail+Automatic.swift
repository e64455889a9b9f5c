import Foundation
import MailBridge

/// The answers no person wrote: an out-of-office reply and a Postfix bounce.
extension DemoMail {
    // MARK: - Out of office

    /// An Exchange-style Polish auto-reply. Sent with an empty envelope sender as RFC 3834
    /// asks, so its Return-Path is `<>` as a bounce's is: only Auto-Submitted and the lack
    /// of a delivery report tell the two apart.
    static func outOfOffice(_ c: Context) -> String {
        let original = c.original
        let text = "Dzień dobry,\n\ndo 18 grudnia przebywam na urlopie i nie mam dostępu do "
            + "poczty. W sprawach pilnych proszę o kontakt z sekretariatem placówki.\n\n"
            + "\(c.school.personName)\n\(c.institutionName)\n"

        var head = "Return-Path: <>\r\n"
        head += addressHeader("From", [c.sender], style: .b)
        head += addressHeader("To", [original.replyTo], style: .b)
        head += unstructured("Subject", "Odpowiedź automatyczna: " + original.subject,
                             style: .b)
        head += unstructured("Thread-Topic", original.subject, style: .b)
        head += "Date: \(headerDate(c.date))\r\n"
        head += "Message-ID: <\(c.hex("id", count: 32).uppercased())@\(c.schoolDomain)>\r\n"
        head += "References: <\(original.messageID)>\r\n"
        head += "In-Reply-To: <\(original.messageID)>\r\n"
        head += "Auto-Submitted: auto-replied\r\n"
        head += "X-Auto-Response-Suppress: All\r\n"
        head += "X-Autoreply: yes\r\n"
        head += "Content-Language: pl-PL\r\nMIME-Version: 1.0\r\n"
        return head + qpTextPart(text, subtype: "plain", charsetParameter: "\"utf-8\"")
    }

    // MARK: - Bounce

    /// A Postfix non-delivery report (RFC 3464) from MAILER-DAEMON to the department
    /// address: 5.1.1 user unknown for the school's address, with the returned original's
    /// headers as text/rfc822-headers.
    static func bounce(_ c: Context) -> String {
        let original = c.original
        let host = "mail.\(c.departmentDomain)"
        let remote = "mx.\(c.schoolDomain)"
        let failed = c.school.address.address
        let queueID = c.hex("queue", count: 10).uppercased()
        let boundary = "\(queueID).\(Int(c.date.timeIntervalSince1970))/\(host)"
        let diagnostic = "550 5.1.1 <\(failed)>: Recipient address rejected: User unknown"
            + " in virtual mailbox table"

        var head = "Return-Path: <>\r\n"
        head += "Received: by \(host) (Postfix)\r\n\tid \(queueID); \(headerDate(c.date))\r\n"
        head += "Date: \(headerDate(c.date))\r\n"
        head += "From: MAILER-DAEMON@\(host) (Mail Delivery System)\r\n"
        head += "Subject: Undelivered Mail Returned to Sender\r\n"
        head += "To: \(original.department.address)\r\n"
        head += "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        head += "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        head += "\tboundary=\"\(boundary)\"\r\nContent-Transfer-Encoding: 8bit\r\n"
        head += "Message-Id: <\(compactDate(c.date)).\(queueID)@\(host)>\r\n"

        let notice = """
            This is the mail system at host \(host).

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            For further assistance, please send mail to postmaster.

            If you do so, please include this problem report. You can
            delete your own text from the attached returned message.

                               The mail system

            <\(failed)>: host \(remote)[192.0.2.25] said: 550
                5.1.1 <\(failed)>: Recipient address rejected: User unknown in
                virtual mailbox table (in reply to RCPT TO command)

            """
        let status = """
            Reporting-MTA: dns; \(host)
            X-Postfix-Queue-ID: \(queueID)
            X-Postfix-Sender: rfc822; \(original.department.address)
            Arrival-Date: \(headerDate(original.date))

            Final-Recipient: rfc822; \(failed)
            Original-Recipient: rfc822;\(failed)
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; \(remote)
            Diagnostic-Code: smtp; \(diagnostic)

            """

        let parts = [
            "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii"
                + "\r\n\r\n" + TransferEncoding.crlfLines(notice),
            "Content-Description: Delivery report\r\nContent-Type: message/delivery-status"
                + "\r\n\r\n" + TransferEncoding.crlfLines(status),
            "Content-Description: Undelivered Message Headers\r\n"
                + "Content-Type: text/rfc822-headers\r\n\r\n" + returnedHeaders(c, host: host),
        ]
        return head + "\r\n" + multipart(
            boundary: boundary, parts: parts, preamble: "This is a MIME-encapsulated message.")
    }

    /// The headers of the department's message as Postfix returns them.
    private static func returnedHeaders(_ c: Context, host: String) -> String {
        let original = c.original
        var text = "Return-Path: <\(original.department.address)>\r\n"
        text += "Received: from localhost (localhost [127.0.0.1])\r\n"
        text += "\tby \(host) (Postfix) with ESMTP id \(c.hex("queue", count: 10).uppercased())"
        text += "\r\n\tfor <\(c.school.address.address)>; \(headerDate(original.date))\r\n"
        text += "Date: \(headerDate(original.date))\r\n"
        text += addressHeader("From", [original.department], style: .q)
        text += addressHeader("To", [c.school.address], style: .q)
        text += addressHeader("Reply-To", [original.replyTo], style: .q)
        text += unstructured("Subject", original.subject, style: .q)
        text += "Message-ID: <\(original.messageID)>\r\n"
        text += "MIME-Version: 1.0\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n"
        text += "Content-Transfer-Encoding: quoted-printable\r\n"
        return text
    }

    /// `20261204134120` in UTC, as Postfix starts its bounce Message-Ids.
    private static func compactDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: date)
        let values = [c.month, c.day, c.hour, c.minute, c.second]
            .map { String($0 ?? 0).leftPadded(to: 2) }
        return String(c.year ?? 1970) + values.joined()
    }
}
