import Foundation

/// The per-recipient blocks of a `message/delivery-status` body (RFC 3464 §2.3).
enum DeliveryStatusBlock {
    static func recipients(in text: String) -> [ReportedRecipient] {
        var blocks: [[HeaderField]] = []
        var current: [String] = []
        let lines = BodyText.normalizeLines(text)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let trimmed = String(line)
            if trimmed.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { blocks.append(fields(current)) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { blocks.append(fields(current)) }

        return blocks.compactMap(recipient)
    }

    private static func fields(_ lines: [String]) -> [HeaderField] {
        HeaderBlock.parse(Data(lines.joined(separator: "\n").utf8))
    }

    private static func recipient(_ block: [HeaderField]) -> ReportedRecipient? {
        let original = block.first(named: "Original-Recipient").flatMap(address)
        let final = block.first(named: "Final-Recipient").flatMap(address)
        guard let address = original ?? final else { return nil }

        let action =
            (block.first(named: "Action") ?? "")
            .split(separator: " ").first.map { $0.lowercased() } ?? ""
        let status = block.first(named: "Status").flatMap(StatusCode.find)
        let diagnostic = block.first(named: "Diagnostic-Code") ?? ""
        let reason = FailureReason.diagnose(status: status, text: diagnostic)
        return ReportedRecipient(
            address: address, action: action.isEmpty ? inferredAction(status) : action,
            status: status, reason: reason)
    }

    /// `rfc822; a@b` → `a@b`; nil when no address is left.
    private static func address(_ value: String) -> String? {
        var text = Substring(value)
        if let semicolon = text.firstIndex(of: ";") {
            text = text[text.index(after: semicolon)...]
        }
        let bare = AddressList.bare(String(text))
        return bare.contains("@") ? bare : nil
    }

    private static func inferredAction(_ status: String?) -> String {
        guard let status else { return "failed" }
        if status.hasPrefix("4") { return "delayed" }
        if status.hasPrefix("2") { return "delivered" }
        return "failed"
    }
}
