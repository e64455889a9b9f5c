/// One line of the `Problemy` sheet: what did not fit the template, in which file and
/// where, and the original value when a value was changed on the way.
public struct MergeProblem: Sendable, Equatable {
    /// What went wrong, worded for the department's staff (the `Rodzaj` column).
    public enum Kind: String, Sendable, CaseIterable {
        /// The recipient has not answered.
        case noAnswer = "brak odpowiedzi"
        /// An answer came, but without a spreadsheet or form values.
        case noSpreadsheet = "brak arkusza w odpowiedzi"
        /// A filed file that is not a spreadsheet (a PDF, a Word document …).
        case notASpreadsheet = "nie jest arkuszem"
        /// A spreadsheet that cannot be read: damaged, or another format inside.
        case unreadable = "plik nieczytelny"
        /// An encrypted workbook that needs a password.
        case protected = "chroniony hasłem"
        /// A file past the reader's limits, such as a zip bomb.
        case tooLarge = "plik za duży"
        /// No sheet of the file carries the headers of a template sheet.
        case sheetMissing = "brak arkusza szablonu"
        /// A template sheet found under another name, by its headers.
        case sheetRenamed = "inna nazwa arkusza"
        /// A sheet the template does not have; its cells are not merged.
        case extraSheet = "dodatkowy arkusz"
        /// The header row is lower or further right than in the template.
        case headerMoved = "przesunięty nagłówek"
        /// A template column the file does not have.
        case columnMissing = "brak kolumny"
        /// A template column found under a different header text.
        case columnRenamed = "zmieniona nazwa kolumny"
        /// The template's columns come in another order.
        case columnsReordered = "inna kolejność kolumn"
        /// A column the template does not have; its cells are not merged.
        case extraColumn = "dodatkowa kolumna"
        /// A number stored as text, converted to a number.
        case textToNumber = "liczba zapisana jako tekst"
        /// Text that looks like a formula, kept as text.
        case formulaText = "tekst wyglądający na formułę"
        /// A formula the file holds without its computed value.
        case formulaWithoutValue = "formuła bez wartości"
        /// An error value such as `#DIV/0!`, kept as its text.
        case errorValue = "błąd w komórce"
        /// A value of a form answer that could not be read, or a required one missing.
        case formValue = "wartość formularza"
        /// More rows than one sheet holds; the rest is left out.
        case truncated = "za dużo wierszy"
    }

    /// The institution's code.
    public var code: String
    /// The institution's name.
    public var name: String
    /// The filed name of the file; empty when the line is about the recipient.
    public var file: String
    /// The sheet of the file concerned; empty when the whole file is.
    public var sheet: String
    /// The cell concerned as `C5`; empty when no single cell is.
    public var cell: String
    /// What went wrong.
    public var kind: Kind
    /// The particulars, in Polish.
    public var detail: String
    /// The value as the file held it, when it was changed; empty otherwise.
    public var original: String

    /// Makes a problem line from its parts.
    public init(
        code: String, name: String, file: String = "", sheet: String = "", cell: String = "",
        kind: Kind, detail: String, original: String = ""
    ) {
        self.code = code
        self.name = name
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.kind = kind
        self.detail = detail
        self.original = original
    }

    /// The header of the `Problemy` sheet.
    public static let headers = [
        "Kod", "Nazwa", "Plik", "Arkusz", "Komórka", "Rodzaj", "Opis", "Wartość oryginalna",
    ]

    /// The line as the `Problemy` sheet holds it, in the order of `headers`.
    public var cells: [String] {
        [code, name, file, sheet, cell, kind.rawValue, detail, original]
    }
}
