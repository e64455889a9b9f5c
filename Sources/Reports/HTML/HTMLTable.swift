/// A table for an HTML page whose columns sort when their header is clicked (with the
/// page's small script); without the script it is an ordinary, complete table.
struct HTMLTable {
    /// One column: its header and how its cells compare.
    struct Column {
        var title: String
        /// Numeric columns compare their sort keys as numbers and align right.
        var numeric = false
        /// A longer name shown as the header's tooltip.
        var hint: String?
    }

    /// One cell: the text shown and, when it differs, the key it sorts by.
    struct Cell {
        /// The lines shown, each escaped, one under the other.
        var lines: [String]
        var sortKey: String?
        /// A CSS class for the cell (`state-replied` …).
        var style: String?

        init(_ text: String, sortKey: String? = nil, style: String? = nil) {
            self.init(lines: [text], sortKey: sortKey, style: style)
        }

        /// A list shown one item a line, sorted by its first item.
        init(lines: [String], sortKey: String? = nil, style: String? = nil) {
            self.lines = lines
            self.sortKey = sortKey
            self.style = style
        }

        /// A number shown as itself and sorted numerically.
        init(number: Int, style: String? = nil) {
            self.init(String(number), sortKey: String(number), style: style)
        }
    }

    var caption: String
    var columns: [Column]
    var rows: [[Cell]]
    /// The text shown instead of an empty body.
    var emptyText = "Brak pozycji."

    /// The table's markup; every text escaped.
    func markup() -> String {
        var html = "<div class=\"wide\">\n<table class=\"sortable\">\n"
            + "<caption>\(HTMLText.escape(caption))</caption>\n"
        html += "<thead><tr>"
        for column in columns {
            let numeric = column.numeric ? " data-numeric=\"1\" class=\"num\"" : ""
            let hint = column.hint.map { " title=\"\(HTMLText.escape($0))\"" } ?? ""
            html += "<th scope=\"col\"\(numeric)\(hint) aria-sort=\"none\">"
                + "\(HTMLText.escape(column.title))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"

        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                var classes: [String] = []
                if index < columns.count, columns[index].numeric { classes.append("num") }
                if let style = cell.style { classes.append(style) }
                let names = classes.joined(separator: " ")
                let classText = classes.isEmpty ? "" : " class=\"\(names)\""
                let key = cell.sortKey.map { " data-sort=\"\(HTMLText.escape($0))\"" } ?? ""
                let text = cell.lines.map(HTMLText.escape).joined(separator: "<br>")
                html += "<td\(classText)\(key)>\(text)</td>"
            }
            html += "</tr>\n"
        }
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(columns.count)\" class=\"empty\">"
                + "\(HTMLText.escape(emptyText))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }
}
