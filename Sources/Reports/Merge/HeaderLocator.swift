/// Finds a template sheet in an answer workbook by its header texts: the sheet and row
/// whose cells match the most template headers, whatever the sheet is called, however
/// many rows stand above, and in whatever order the columns come.
enum HeaderLocator {
    /// How one template column was found.
    enum Found: Equatable {
        /// Its header, as written apart from case and spacing.
        case exact(column: Int)
        /// Its header, once diacritics and punctuation are set aside.
        case folded(column: Int, text: String)
        /// Another header text at the column's place among matched neighbours.
        case position(column: Int, text: String)

        var column: Int {
            switch self {
            case .exact(let column), .folded(let column, _), .position(let column, _): column
            }
        }
    }

    /// Where a template sheet's headers stand in one answer sheet.
    struct Match {
        /// The index of the answer sheet in its workbook.
        var sheet: Int
        /// The 1-based header row.
        var row: Int
        /// Per template header, where it was found; `nil` when missing.
        var columns: [Found?]
        /// Non-empty header cells the template does not have.
        var extras: [(column: Int, text: String)]

        /// How many template headers were found by their text.
        var byText: Int {
            columns.filter {
                if case .position = $0 { return false }
                return $0 != nil
            }.count
        }

        /// How many were found exactly.
        var exact: Int {
            columns.filter { if case .exact = $0 { return true } else { return false } }.count
        }
    }

    /// The header texts of a template sheet, prepared for comparison.
    struct Keys {
        var normalized: [String]
        var folded: [String]

        init(_ headers: [String]) {
            normalized = headers.map(HeaderText.normalized)
            folded = headers.map(HeaderText.folded)
        }
    }

    /// Per template sheet (by index), its match among `sheets`; each answer sheet serves
    /// one template sheet at most. A sheet of the template's name is preferred when its
    /// headers match well enough; otherwise the best match by headers.
    static func assign(
        _ template: MergeTemplate, to sheets: [SheetRows]
    ) -> [Int: Match] {
        var claimed: Set<Int> = []
        var result: [Int: Match] = [:]
        for (index, templateSheet) in template.sheets.enumerated() {
            let keys = Keys(templateSheet.headers)
            let needed = max(1, (templateSheet.headers.count + 1) / 2)
            let candidates = sheets.indices.filter { !claimed.contains($0) }.compactMap {
                best(keys, template: templateSheet, in: sheets[$0], index: $0)
            }.filter { $0.byText >= needed }

            let sameName = candidates.first {
                HeaderText.normalized(sheets[$0.sheet].name)
                    == HeaderText.normalized(templateSheet.name)
            }
            let strongest = candidates.max {
                ($0.byText, $0.exact, -$0.sheet) < ($1.byText, $1.exact, -$1.sheet)
            }
            guard let chosen = sameName ?? strongest else { continue }
            claimed.insert(chosen.sheet)
            result[index] = chosen
        }
        return result
    }

    /// The best header row of `template` among the first rows of `sheet`.
    static func best(
        _ keys: Keys, template: MergeTemplate.Sheet, in sheet: SheetRows, index: Int
    ) -> Match? {
        var best: Match?
        for row in sheet.rows.prefix(MergeTemplate.headerSearchRows) {
            let match = self.match(keys, in: row, sheet: index)
            guard match.byText > 0 else { continue }
            if let current = best, (match.byText, match.exact) <= (current.byText, current.exact) {
                continue
            }
            best = match
        }
        guard var found = best, let row = sheet.rows.first(where: { $0.number == found.row })
        else { return nil }
        matchByPosition(&found, template: template, row: row)
        return found
    }

    /// Matches header texts of one row, exact ones first, then folded ones; each cell
    /// serves one template header, duplicates left to right.
    private static func match(_ keys: Keys, in row: SheetRows.Row, sheet: Int) -> Match {
        let texts = row.cells.map { (column: $0.column, text: HeaderText.text(of: $0.value)) }
        let normalized = texts.map { HeaderText.normalized($0.text) }
        var used = Set<Int>()
        var columns: [Found?] = Array(repeating: nil, count: keys.normalized.count)

        for (header, key) in keys.normalized.enumerated() {
            if let cell = normalized.indices.first(where: {
                !used.contains($0) && normalized[$0] == key
            }) {
                used.insert(cell)
                columns[header] = .exact(column: texts[cell].column)
            }
        }
        let folded = texts.map { HeaderText.folded($0.text) }
        for (header, key) in keys.folded.enumerated()
        where columns[header] == nil && !key.isEmpty {
            if let cell = folded.indices.first(where: {
                !used.contains($0) && folded[$0] == key
            }) {
                used.insert(cell)
                columns[header] = .folded(column: texts[cell].column, text: texts[cell].text)
            }
        }

        let extras = texts.indices.filter { !used.contains($0) && !normalized[$0].isEmpty }
            .map { texts[$0] }
        return Match(sheet: sheet, row: row.number, columns: columns, extras: extras)
    }

    /// A template header still missing takes the extra header at its place, when the
    /// matched columns keep the template's order: the column is there, renamed.
    private static func matchByPosition(
        _ match: inout Match, template: MergeTemplate.Sheet, row: SheetRows.Row
    ) {
        let found = match.columns.compactMap { $0?.column }
        guard found == found.sorted() else { return }

        for header in match.columns.indices where match.columns[header] == nil {
            let neighbour = match.columns.indices
                .filter { match.columns[$0] != nil }
                .min { abs($0 - header) < abs($1 - header) }
            guard let neighbour, let column = match.columns[neighbour]?.column else { continue }
            let expected = column + template.columns[header] - template.columns[neighbour]
            guard let extra = match.extras.firstIndex(where: { $0.column == expected }) else {
                continue
            }
            match.columns[header] = .position(column: expected, text: match.extras[extra].text)
            match.extras.remove(at: extra)
        }
    }
}
