import Foundation
import Ledger
import Testing

@Suite("Directory import")
struct DirectoryImportTests {
    @Test("comma-separated UTF-8 with a BOM, quoted fields, addresses split by semicolons")
    func commaFile() throws {
        let csv = "\u{FEFF}code,name,short_name,type,emails\n"
            + "SP1,\"Szkoła Podstawowa nr 1, im. Marii Skłodowskiej\",SP1 Skłodowska,"
            + "szkola-podstawowa,sp1@schools.example.net; sekretariat.sp1@example.com\n"
            + "P7,Przedszkole nr 7,P7,przedszkole,p7@schools.example.net\n"

        let institutions = try InstitutionCSV.parse(Data(csv.utf8))

        #expect(institutions.count == 2)
        #expect(institutions[0].name == "Szkoła Podstawowa nr 1, im. Marii Skłodowskiej")
        #expect(institutions[0].addresses
            == ["sp1@schools.example.net", "sekretariat.sp1@example.com"])
        #expect(institutions[1].type == "przedszkole")
    }

    @Test("semicolon-separated file, addresses split by commas or spaces, CRLF lines")
    func semicolonFile() throws {
        let csv = "code;name;short_name;type;emails\r\n"
            + "LO3;III Liceum;LO3;liceum;lo3@schools.example.net, lo3.dyr@example.com\r\n"
            + "SP9;\"Szkoła \"\"Dziewiątka\"\"\";SP9;szkola-podstawowa;"
            + "a@example.org b@example.org\r\n"

        let institutions = try InstitutionCSV.parse(Data(csv.utf8))

        #expect(institutions.map(\.code) == ["LO3", "SP9"])
        #expect(institutions[0].addresses == ["lo3@schools.example.net", "lo3.dyr@example.com"])
        #expect(institutions[1].name == "Szkoła \"Dziewiątka\"")
        #expect(institutions[1].addresses == ["a@example.org", "b@example.org"])
    }

    @Test("a bad row names its line", arguments: [
        ("code,name,short_name,type,emails\nSP1,A,A,t,a@example.org\n,B,B,t,b@example.org\n",
         "line 3"),
        ("code,name,short_name,type,emails\nSP1,A,A,t,not-an-address\n", "line 2"),
        ("code,name,short_name,type,emails\nSP1,A,A,t,a@example.org\nSP1,B,B,t,b@example.org\n",
         "line 3"),
        ("code,name,type\nSP1,A,t\n", "line 1"),
        ("code,name,short_name,type,emails\nSP1,\"A,A,t,a@example.org\n", "line 2"),
    ])
    func badRow(csv: String, line: String) throws {
        let error = #expect(throws: LedgerError.self) { try InstitutionCSV.parse(Data(csv.utf8)) }

        #expect(error?.category == .badData)
        #expect(error?.description.hasPrefix(line) == true)
    }

    @Test("re-importing updates by code and reports added, updated and unchanged")
    func reimport() throws {
        let test = try TestLedger()
        try test.seed()
        let changed = Institution(
            code: "SP2", name: "Szkoła Podstawowa nr 2 im. Jana Pawła", shortName: "SP2",
            type: "szkola-podstawowa", addresses: ["nowy.sp2@schools.example.net"])
        let same = try #require(try test.ledger.institution("SP1"))
        let new = Institution(code: "LO1", name: "I Liceum", shortName: "LO1", type: "liceum",
                              addresses: ["lo1@example.org"])

        let summary = try test.ledger.importInstitutions([same, changed, new], actor: "test")

        #expect(summary.added == ["LO1"])
        #expect(summary.updated == ["SP2"])
        #expect(summary.unchanged == ["SP1"])
        #expect(try test.ledger.institution("SP2")?.addresses == ["nowy.sp2@schools.example.net"])
        #expect(try test.ledger.institutions(withAddress: "sp2@schools.example.net").isEmpty)
    }

    @Test("targets resolve to each recipient once, unknown ones are refused")
    func targets() throws {
        let test = try TestLedger()
        try test.seed()
        try test.ledger.addToGroup("male", codes: ["SP1", "P7"], actor: "test")

        let recipients = try test.ledger.resolveRecipients(
            ["group:male", "school:SP1", "type:szkola-podstawowa", "person:anna"])

        #expect(recipients.map(\.key) == ["P7", "SP1", "SP2", "anna"])
        #expect(recipients.first?.addresses.count == 2)
        #expect(throws: LedgerError.self) { try test.ledger.resolveRecipients(["school:XX"]) }
        #expect(throws: LedgerError.self) { try test.ledger.resolveRecipients(["group:nie"]) }
        #expect(throws: LedgerError.self) { try test.ledger.resolveRecipients(["SP1"]) }
        #expect(throws: LedgerError.self) {
            try test.ledger.addToGroup("x", codes: ["ZZ"], actor: "t")
        }
    }
}
