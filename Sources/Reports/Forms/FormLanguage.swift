/// The language of the words around a form's fields in the outgoing mail.
public enum FormLanguage: String, Sendable, CaseIterable {
    /// Polish, the default for the schools.
    case polish = "pl"
    /// English.
    case english = "en"

    var opening: String {
        switch self {
        case .polish: "----- FORMULARZ: proszę wpisać odpowiedzi po dwukropkach -----"
        case .english: "----- FORM: please type your answers after the colons -----"
        }
    }

    var closing: String {
        switch self {
        case .polish: "----- KONIEC FORMULARZA -----"
        case .english: "----- END OF FORM -----"
        }
    }

    var legendTitle: String {
        switch self {
        case .polish: "Objaśnienia (nazw pól prosimy nie zmieniać):"
        case .english: "Notes (please keep the field names as they are):"
        }
    }

    /// How a field's kind and flag are explained in the legend.
    func explain(_ field: FormField) -> String {
        var parts: [String] = []
        switch (field.kind, self) {
        case (.text, .polish): parts.append("tekst")
        case (.text, .english): parts.append("text")
        case (.number, .polish): parts.append("liczba")
        case (.number, .english): parts.append("a number")
        case (.date, .polish): parts.append("data (RRRR-MM-DD lub DD.MM.RRRR)")
        case (.date, .english): parts.append("a date (YYYY-MM-DD or DD.MM.YYYY)")
        case (.yesNo, .polish): parts.append("tak lub nie")
        case (.yesNo, .english): parts.append("yes or no")
        case (.choice(let options), .polish):
            parts.append("jedno z – " + options.joined(separator: ", "))
        case (.choice(let options), .english):
            parts.append("one of – " + options.joined(separator: ", "))
        }
        if field.required { parts.append(self == .polish ? "wymagane" : "required") }
        return "  " + field.name + " – " + parts.joined(separator: "; ")
    }
}
