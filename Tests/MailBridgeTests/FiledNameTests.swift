import Foundation
import Testing
import MailBridge

@Suite("Filed names")
struct FiledNameTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var code = "SP12"
        var school = "Szkoła Podstawowa 12"
        var title = "Ankieta"
        var original = "ankieta.xlsx"
        var index = 1
        var expected: String
        var testDescription: String { label }
    }

    @Test("names are built and sanitised", arguments: [
        Case(label: "plain", expected: "SP12_Szkoła_Podstawowa_12_Ankieta.xlsx"),
        Case(label: "second file", index: 2,
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta_2.xlsx"),
        Case(label: "third file, upper-case extension", original: "SKAN.PDF", index: 3,
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta_3.pdf"),
        Case(label: "path separators", school: "SP 12/../../etc", title: "a\\b",
             expected: "SP12_SP_12_etc_a_b.xlsx"),
        Case(label: "control characters and NUL", school: "Szkoła\u{0}\r\n\t12\u{7F}",
             expected: "SP12_Szkoła_12_Ankieta.xlsx"),
        Case(label: "bidi override dropped", title: "Ankieta\u{202E}xslx",
             expected: "SP12_Szkoła_Podstawowa_12_Ankietaxslx.xlsx"),
        Case(label: "Windows characters", title: "Ankieta: \"pilne\" <1>?*|",
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta_pilne_1.xlsx"),
        Case(label: "no extension", original: "README",
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta"),
        Case(label: "extension too long", original: "a.verylongextension",
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta"),
        Case(label: "extension with unsafe characters", original: "a.x/ls",
             expected: "SP12_Szkoła_Podstawowa_12_Ankieta"),
        Case(label: "reserved device name", code: "con", school: "", title: "",
             original: "x.txt", expected: "con_.txt"),
        Case(label: "everything empty", code: " ", school: "..", title: "\u{0}",
             original: "..", expected: "plik"),
        Case(label: "decomposed letters become NFC", school: "Z\u{307}ło\u{301}w",
             expected: "SP12_Żłów_Ankieta.xlsx"),
    ])
    func make(_ fixture: Case) {
        let name = FiledName.make(
            institutionCode: fixture.code, institutionShortName: fixture.school,
            dispatchShortTitle: fixture.title, originalFilename: fixture.original,
            index: fixture.index)

        #expect(name == fixture.expected)
        #expect(name.unicodeScalars.elementsEqual(
            name.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test("long names stop at 200 bytes on a character boundary, keeping suffix and extension")
    func truncation() {
        let school = String(repeating: "Źdźbło ", count: 40)

        let name = FiledName.make(
            institutionCode: "P7", institutionShortName: school, dispatchShortTitle: "x",
            originalFilename: "plik.ODS", index: 12)

        #expect(name.utf8.count <= FiledName.maxBytes)
        #expect(name.utf8.count >= FiledName.maxBytes - 4)
        #expect(name.hasPrefix("P7_Źdźbło_Źdźbło"))
        #expect(name.hasSuffix("_12.ods"))
        #expect(!name.contains("\u{FFFD}"))
        #expect(!name.dropLast("_12.ods".count).hasSuffix("_"))
    }

    @Test("the short title is the subject's first words", arguments: [
        ("Ankieta dotycząca liczby uczniów w roku szkolnym 2026/2027",
         "Ankieta_dotycząca_liczby_uczniów"),
        ("Re: ODP: Sprawozdanie", "Sprawozdanie"),
        ("Prośba: pilne!!! zestawienie (2026)", "Prośba_pilne_zestawienie_2026"),
        ("Inwentaryzacja środków trwałych placówek oświatowych",
         "Inwentaryzacja_środków_trwałych_placówek"),
        ("Sprawozdanie finansowe jednostek oświatowych", "Sprawozdanie_finansowe_jednostek"),
        ("Konstantynopolitańczykowianeczkaaaaaaaaaaaaaaaaa",
         "Konstantynopolitańczykowianeczkaaaaaaaaa"),
        ("   ", "pismo"),
        ("Dane/../../etc\u{0}", "Dane_etc"),
    ])
    func shortTitle(_ subject: String, _ expected: String) {
        let title = FiledName.shortTitle(fromSubject: subject)

        #expect(title == expected)
        #expect(title.count <= 40)
    }
}
