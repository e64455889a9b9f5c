import Foundation
import Ledger

/// The review list as people read it: sender, subject, date and why nobody claimed it.
public struct ReviewListing {
    public var items: [ReviewItem]
    public var calendar: DepartmentCalendar

    public init(items: [ReviewItem], calendar: DepartmentCalendar) {
        self.items = items
        self.calendar = calendar
    }

    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .table:
            guard !items.isEmpty else { return "Brak wiadomości do przejrzenia.\n" }
            let rows = items.map { item in
                [String(item.message), item.sender ?? "-", String(item.subject.prefix(40)),
                 (item.date ?? item.receivedAt).map(calendar.short) ?? "-", item.kind,
                 item.reason]
            }
            return TextTable.render(
                header: ["Nr", "Nadawca", "Temat", "Data", "Rodzaj", "Powód"], rows: rows
            ).joined(separator: "\n") + "\n"
        case .csv:
            let lines = ["message,sender,subject,date,kind,reason"] + items.map { item in
                [String(item.message), item.sender ?? "", item.subject,
                 (item.date ?? item.receivedAt).map(calendar.display) ?? "", item.kind,
                 item.reason].map(CSVField.quote).joined(separator: ",")
            }
            return lines.joined(separator: "\r\n") + "\r\n"
        case .json:
            let objects: [[String: Any]] = items.map { item in
                ["message": item.message, "sender": item.sender ?? NSNull(),
                 "subject": item.subject,
                 "date": (item.date ?? item.receivedAt).map(calendar.display) ?? NSNull(),
                 "kind": item.kind, "reason": item.reason]
            }
            let data = (try? JSONSerialization.data(
                withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
