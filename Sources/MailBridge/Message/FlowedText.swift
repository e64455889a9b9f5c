import Foundation

/// RFC 3676 format=flowed: lines ending in a space continue on the next line.
enum FlowedText {
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var current: String?
        for line in text.components(separatedBy: "\n") {
            let unstuffed = line.hasPrefix(" ") ? String(line.dropFirst()) : line
            let joined = (current ?? "") + unstuffed
            if unstuffed.hasSuffix(" "), unstuffed != "-- " {
                current = deleteSpace ? String(joined.dropLast()) : joined
            } else {
                output.append(joined)
                current = nil
            }
        }
        if let current { output.append(current) }
        return output.joined(separator: "\n")
    }
}
