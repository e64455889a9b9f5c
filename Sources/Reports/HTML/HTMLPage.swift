/// A self-contained HTML page in Polish: inline CSS, inline SVG and one small inline
/// script that sorts tables; it loads nothing from anywhere.
struct HTMLPage {
    var title: String
    /// Lines under the title (subject, deadline, when the report was made), as text.
    var subtitle: [String] = []
    /// Figures shown as cards under the title: label and value, as text.
    var figures: [(label: String, value: String)] = []
    /// Ready markup of the sections, in order; each escapes its own data.
    var sections: [String] = []

    /// A section with a heading and ready markup.
    static func section(_ heading: String, _ body: String) -> String {
        "<section>\n<h2>\(HTMLText.escape(heading))</h2>\n\(body)</section>\n"
    }

    /// The whole document, ending with a newline.
    func document() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="pl">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(HTMLText.escape(title))</h1>

            """
        for line in subtitle {
            html += "<p class=\"subtitle\">\(HTMLText.escape(line))</p>\n"
        }
        html += "</header>\n"

        if !figures.isEmpty {
            html += "<dl class=\"figures\">\n"
            for figure in figures {
                html += "<div><dt>\(HTMLText.escape(figure.label))</dt>"
                    + "<dd>\(HTMLText.escape(figure.value))</dd></div>\n"
            }
            html += "</dl>\n"
        }
        html += sections.joined()
        return html + "<script>\n\(Self.script)\n</script>\n</body>\n</html>\n"
    }

    // MARK: - Style and script

    static let style = """
        :root { --ok: #2e7d32; --wait: #f2a900; --fail: #c62828; --ink: #1d2733;
                --muted: #5b6675; --line: #d8dde3; --band: #f4f6f8; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1240px; padding: 24px 28px 48px; color: var(--ink);
               font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
               background: #fff; }
        h1 { font-size: 26px; margin: 0 0 6px; }
        h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px;
             border-bottom: 2px solid var(--line); }
        .subtitle { margin: 2px 0; color: var(--muted); }
        .figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 0; }
        .figures div { background: var(--band); border-radius: 8px; padding: 10px 16px;
                       min-width: 130px; }
        .figures dt { font-size: 13px; color: var(--muted); }
        .figures dd { margin: 2px 0 0; font-size: 24px; font-weight: bold; }
        .charts { display: flex; flex-wrap: wrap; gap: 8px 32px; }
        figure { margin: 0 0 12px; }
        figcaption { font-weight: bold; margin-bottom: 6px; }
        svg { max-width: 100%; height: auto; }
        svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
                   font-size: 13px; fill: var(--ink); }
        svg .inside { fill: #fff; font-weight: bold; }
        svg .dark { fill: var(--ink); font-weight: bold; }
        svg .axis { stroke: var(--muted); stroke-width: 1; }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .note { fill: var(--muted); font-size: 12px; }
        .none { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        caption { text-align: left; color: var(--muted); padding-bottom: 6px; }
        th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left;
                 vertical-align: top; }
        th { background: var(--band); position: sticky; top: 0; white-space: nowrap; }
        th[aria-sort] { cursor: pointer; }
        th[aria-sort="ascending"]::after { content: " \\25B2"; }
        th[aria-sort="descending"]::after { content: " \\25BC"; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td.empty { color: var(--muted); text-align: center; }
        .state-replied { color: var(--ok); font-weight: bold; }
        .state-waiting { color: #8a6100; }
        .state-failed { color: var(--fail); font-weight: bold; }
        .late { color: var(--fail); }
        .small { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
        .list { min-width: 10em; }
        .wide { overflow-x: auto; }
        .nowrap { white-space: nowrap; }
        @media print { th { position: static; } }
        """

    /// Sorts a table by the clicked column (again: the other way). Cells sort by their
    /// `data-sort` key when they have one; numeric columns as numbers. `#sort=N` or
    /// `#sort=N-desc` in the address sorts the first table on load.
    static let script = """
        (function () {
          function key(cell) {
            var given = cell.getAttribute('data-sort');
            return given === null ? cell.textContent.trim() : given;
          }
          function compare(x, y, numeric) {
            if (numeric) { return (parseFloat(x) || 0) - (parseFloat(y) || 0); }
            return x.localeCompare(y, 'pl', { sensitivity: 'base', numeric: true });
          }
          function sortBy(table, index, descending) {
            var body = table.tBodies[0];
            var head = table.tHead.rows[0].cells;
            var numeric = head[index].hasAttribute('data-numeric');
            var rows = Array.prototype.slice.call(body.rows)
              .filter(function (row) { return row.cells.length > index; });
            rows.sort(function (a, b) {
              var order = compare(key(a.cells[index]), key(b.cells[index]), numeric);
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            Array.prototype.forEach.call(head, function (th, i) {
              var state = descending ? 'descending' : 'ascending';
              th.setAttribute('aria-sort', i === index ? state : 'none');
            });
          }
          var tables = document.querySelectorAll('table.sortable');
          Array.prototype.forEach.call(tables, function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
              th.tabIndex = 0;
              th.title = 'Kliknij, aby posortować';
              function sort() {
                sortBy(table, index, th.getAttribute('aria-sort') === 'ascending');
              }
              th.addEventListener('click', sort);
              th.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  sort();
                }
              });
            });
          });
          var wanted = /^#sort=(\\d+)(-desc)?$/.exec(window.location.hash);
          if (wanted && tables.length > 0) {
            var column = parseInt(wanted[1], 10);
            if (column < tables[0].tHead.rows[0].cells.length) {
              sortBy(tables[0], column, wanted[2] === '-desc');
            }
          }
          document.documentElement.setAttribute('data-sortable', 'ready');
        })();
        """
}
