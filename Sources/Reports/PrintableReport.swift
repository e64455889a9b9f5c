/// A report staff read in any of the four forms.
public protocol PrintableReport {
    /// Columns for the terminal, with a line of totals.
    func table() -> String
    /// RFC 4180 lines with a header row.
    func csv() -> String
    /// One JSON object, keys sorted.
    func json() -> String
    /// One self-contained page in Polish.
    func html() -> String
}

extension PrintableReport {
    /// The report in `format`, ending with a newline.
    public func rendered(in format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .csv: csv()
        case .json: json()
        case .html: html()
        }
    }
}

extension StatusReport: PrintableReport {}
extension OverviewReport: PrintableReport {}
extension LateReport: PrintableReport {}
