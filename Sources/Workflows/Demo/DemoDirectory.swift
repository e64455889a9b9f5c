import Foundation
import Ledger
import MailBridge
import Reports

/// The demo's invented city: its institutions, people, and how each school answers.
enum DemoDirectory {
    static let csv = """
        code;name;short_name;type;emails
        SP1;Szkoła Podstawowa nr 1 im. Marii Konopnickiej;SP1 Konopnicka;szkola-podstawowa;\
        sp1@schools.example.net
        SP2;Szkoła Podstawowa nr 2;SP2;szkola-podstawowa;sp2@schools.example.net
        SP3;Szkoła Podstawowa nr 3 im. Jana Brzechwy;SP3 Brzechwa;szkola-podstawowa;\
        sp3@schools.example.net
        SP4;Szkoła Podstawowa nr 4;SP4;szkola-podstawowa;sp4@schools.example.net
        SP5;Szkoła Podstawowa nr 5;SP5;szkola-podstawowa;sp5@schools.example.net
        SP6;Szkoła Podstawowa nr 6;SP6;szkola-podstawowa;sp6@schools.example.net
        SP7;Szkoła Podstawowa nr 7;SP7;szkola-podstawowa;sp7@schools.example.net
        SP8;Szkoła Podstawowa nr 8;SP8;szkola-podstawowa;sp8@schools.example.net
        P1;Przedszkole Miejskie nr 1 „Słoneczko”;P1 Słoneczko;przedszkole;\
        p1@schools.example.net, dyrektor.p1@example.com
        P2;Przedszkole Miejskie nr 2;P2;przedszkole;p2@schools.example.net
        LO1;I Liceum Ogólnokształcące im. Mikołaja Kopernika;LO1 Kopernik;liceum;\
        lo1@schools.example.net
        LO2;II Liceum Ogólnokształcące;LO2;liceum;lo2@schools.example.net

        """

    static let people = [
        Person(login: "anna.nowak", name: "Anna Nowak", role: .staff,
               address: "anna.nowak@edu.example.org"),
        Person(login: "jan.kowalski", name: "Jan Kowalski", role: .sectionHead,
               address: "jan.kowalski@edu.example.org"),
    ]

    struct Plan {
        var style: DemoMail.Style?
        var person: String
        var values: [Double]?
        var filename = "Ankieta_liczba_uczniów.xlsx"
        var text: String?
    }

    /// How each school answers; those without a style stay silent.
    static let plan: [String: Plan] = [
        "SP1": Plan(style: .outlook, person: "Maria Wiśniewska", values: [412, 18]),
        "SP2": Plan(style: .gmail, person: "Piotr Zieliński", values: [236, 11],
                    filename: "ankieta SP2 – uzupełniona.xlsx"),
        "SP3": Plan(style: .thunderbird, person: "Katarzyna Wójcik", values: [318, 14]),
        "SP4": Plan(style: .appleMail, person: "Tomasz Kamiński", values: [190, 9]),
        "SP5": Plan(style: .polishWebmail, person: "Agnieszka Lewandowska", values: [275, 12],
                    filename: "Ankieta_żółta_SP5.xlsx"),
        "SP6": Plan(style: .freshMessage, person: "Michał Dąbrowski", values: [150, 7]),
        "SP7": Plan(style: .outOfOffice, person: "Joanna Szymańska"),
        "SP8": Plan(style: .bounce, person: "Paweł Woźniak"),
        "P1": Plan(style: .outlook, person: "Ewa Kozłowska", values: [125, 5]),
        "LO1": Plan(style: .gmail, person: "Marek Jankowski", values: nil,
                    text: "Dzień dobry, ankietę prześlemy do piątku. Pozdrawiam"),
    ]

    /// The survey's sheet: the template (no values) or one school's answer.
    static func surveySheet(values: [Double]?) -> WorkbookSheet {
        var rows: [[WorkbookCell]] = [
            [.string("Liczba uczniów"), .string("Liczba oddziałów"), .string("Uwagi")],
        ]
        if let values {
            rows.append([.number(values[0]), .number(values[1]), .string("brak")])
        }
        return WorkbookSheet(name: "Ankieta", rows: rows)
    }
}
