import Foundation

/// Builds raw test messages from readable literals. Invented people; example domains only.
enum MessageFixtures {
    /// "Zażółć gęślą jaźń" in ISO-8859-2.
    static let latin2Pangram: [UInt8] = [
        0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0xB6, 0x6C, 0xB1, 0x20, 0x6A,
        0x61, 0xBC, 0xF1,
    ]
    /// "Zażółć gęślą jaźń" in Windows-1250.
    static let windows1250Pangram: [UInt8] = [
        0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0x9C, 0x6C, 0xB9, 0x20, 0x6A,
        0x61, 0x9F, 0xF1,
    ]
    static let pangram = "Zażółć gęślą jaźń"

    /// The message `text` with LF line ends, or CR LF when `crlf` is set.
    static func mail(_ text: String, crlf: Bool = false) -> Data {
        Data((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
    }

    /// The message `text` with each `marker` replaced by raw bytes.
    static func mail(_ text: String, replacing marker: String, with bytes: [UInt8]) -> Data {
        var data = Data()
        let pieces = text.components(separatedBy: marker)
        for (index, piece) in pieces.enumerated() {
            data.append(contentsOf: Array(piece.utf8))
            if index < pieces.count - 1 { data.append(contentsOf: bytes) }
        }
        return data
    }

    static let outlookPolishReply = """
        From: "Szkoła Podstawowa nr 5" <sekretariat@sp5.example.org>
        To: =?utf-8?Q?Wydzia=C5=82_O=C5=9Bwiaty?= <oswiata+t7k2@example.net>
        Subject: ODP: Ankieta =?windows-1250?Q?=96_termin?=
        Date: Mon, 4 Mar 2024 11:02:13 +0100
        Message-ID: <AM0PR01-reply-1@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset="windows-1250"
        Content-Transfer-Encoding: quoted-printable
        X-Mailer: Microsoft Outlook 16.0

        Dzie=F1 dobry,
        przesy=B3amy ankiet=EA.

        Z powa=BFaniem
        Anna Nowak

        Od: Wydzia=B3 O=9Cwiaty <oswiata@example.net>
        Wys=B3ano: poniedzia=B3ek, 4 marca 2024 10:00
        Do: sekretariat@sp5.example.org
        Temat: Ankieta =96 termin

        Prosz=EA o odpowied=9F do pi=B9tku.
        """

    static let gmailPolishReply = """
        From: Jan Kowalski <dyrektor@sp12.example.org>
        To: oswiata@example.net
        Subject: Re: Ankieta
        In-Reply-To: <req-17@example.net>
        References: <root-1@example.net>
         <req-17@example.net>
        Message-ID: <CAB-gmail-1@mail.example.com>
        Date: Tue, 5 Mar 2024 08:15:00 +0100
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="000000000000abc"

        --000000000000abc
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: quoted-printable

        Odsy=C5=82am wype=C5=82nion=C4=85 ankiet=C4=99.

        W dniu wt., 5 mar 2024 o 07:00 Wydzia=C5=82 O=C5=9Bwiaty <oswiata@example.ne=
        t>
        napisa=C5=82(a):

        > Prosz=C4=99 o wype=C5=82nienie ankiety.
        >

        --000000000000abc
        Content-Type: text/html; charset="UTF-8"

        <div dir="ltr">Odsyłam wypełnioną ankietę.</div>
        --000000000000abc--
        """

    static let thunderbirdPolishReply = """
        From: Ewa Zielinska <ewa.zielinska@lo3.example.org>
        To: Wydzial Oswiaty <oswiata+k9p4@example.net>
        Subject: Re: Re: Ankieta
        User-Agent: Mozilla Thunderbird
        Content-Type: text/plain; charset=UTF-8; format=flowed
        Content-Transfer-Encoding: 8bit
        MIME-Version: 1.0

        Dzień dobry, w załączeniu brakujące dane. Termin jest dla nas\u{20}
        odpowiedni.

        W dniu 4.03.2024 o 10:00, Wydział Oświaty pisze:
        > Prosimy o dane.

        --\u{20}
        Ewa Zielińska
        Liceum nr 3
        """

    static let polishOutOfOffice = """
        From: Marek Wisniewski <m.wisniewski@sp8.example.org>
        To: oswiata+a1b2@example.net
        Subject: =?UTF-8?Q?Automatyczna_odpowied=C5=BA:_Ankieta?=
        Date: Mon, 4 Mar 2024 10:01:00 +0100
        Content-Type: text/plain; charset=UTF-8

        Jestem nieobecny do 11 marca. W pilnych sprawach proszę pisać do sekretariatu.
        """

    static let polishAttachments = """
        From: Anna Nowak <sekretariat@sp5.example.org>
        To: oswiata@example.net
        Subject: Ankieta
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        W załączeniu.
        --b1
        Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
        Content-Disposition: attachment; filename*=UTF-8''Ankieta_%C5%BC%C3%B3%C5%82%C4%87.xlsx
        Content-Transfer-Encoding: base64

        UEsDBA==
        --b1
        Content-Type: application/pdf
        Content-Disposition: attachment;
         filename*0*=iso-8859-2''Sprawozdanie_%BF%F3;
         filename*1*=%B3%E6;
         filename*2=.pdf
        Content-Transfer-Encoding: base64

        JVBERi0=
        --b1
        Content-Type: text/plain; name="notatka.txt"
        Content-Disposition: attachment;
         filename="=?UTF-8?Q?Notatka=5Fdyrektora=5F=C5=82=C3=B3d=C5=BA.txt?="

        abc
        --b1--
        """
}
