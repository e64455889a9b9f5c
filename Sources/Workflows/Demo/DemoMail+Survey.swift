import Foundation
import Reports

/// The spreadsheet a school sends back in the demo.
extension DemoMail {
    /// A small survey workbook: sheet `Ankieta` with the header row `Liczba uczniów`,
    /// `Liczba oddziałów`, `Uwagi` and one row of values invented from the institution's
    /// name (the same name always gives the same values).
    /// - Throws: `XLSXError` when the workbook cannot be written.
    public static func surveyWorkbook(for institution: String) throws -> Data {
        let seed = stableHash([institution, "survey"])
        let classes = 6 + Int(seed % 20)
        let pupils = classes * (18 + Int((seed >> 8) % 9))
        let notes = [
            "Brak uwag.", "Dane według stanu na 30 września.",
            "W tym 3 oddziały integracyjne.", "Liczba uczniów bez oddziału przedszkolnego.",
        ]
        let note = notes[Int((seed >> 16) % UInt64(notes.count))]

        let sheet = WorkbookSheet(name: "Ankieta", rows: [
            [.string("Liczba uczniów"), .string("Liczba oddziałów"), .string("Uwagi")],
            [.number(Double(pupils)), .number(Double(classes)), .string(note)],
        ])
        return try WorkbookWriter.data([sheet])
    }
}
