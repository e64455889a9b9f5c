import Foundation
import Ledger

extension DispatchMerge {
    /// The dispatch's form, when it was sent with one.
    /// - Throws: `FormDefinitionError` when the stored definition no longer parses.
    public func form() throws -> FormDefinition? {
        let dispatch = try ledger.dispatch(self.dispatch)
        return try dispatch.form.map { try FormDefinition.parse($0, title: dispatch.subject) }
    }

    /// The template to merge by: `--template`, else the form's fields, else the first
    /// spreadsheet attached to the dispatch.
    /// - Throws: `MergeError` when there is none.
    public func template(from url: URL?, preferringForm: Bool) throws -> MergeTemplate {
        if url == nil, preferringForm, let form = try form() { return form.mergeTemplate }
        return try template(from: url)
    }

    /// Answers written in the reply's text (`Pole: wartość` lines) for a dispatch with a
    /// form: one input per counted message that filed no file, parsed against the form.
    /// - Throws: `SQLiteError`, `FormDefinitionError`.
    public func formAnswers() throws -> [MergeInput] {
        guard let form = try form() else { return [] }
        let rows = try ledger.db.query(
            """
            SELECT m.id, m.text, d.institution_code, d.person_login FROM messages m
            JOIN deliveries d ON d.id = m.delivery_id
            WHERE d.dispatch_id = ? AND m.counted = 1
                AND NOT EXISTS (SELECT 1 FROM files f WHERE f.message_id = m.id)
            ORDER BY d.institution_code, m.id
            """, [dispatch])
        return try rows.map { row in
            let code = row.string("institution_code") ?? row.text("person_login")
            let name = try row.string("institution_code").flatMap {
                try ledger.institution($0)?.name
            } ?? code
            return MergeInput(
                code: code, name: name, file: "treść wiadomości \(row.text("id"))",
                content: .form(FormAnswer.parse(text: row.text("text"), form: form)))
        }
    }
}
