import Foundation

/// Reads a block of header fields (RFC 5322 §2.2): splits lines, unfolds continuation
/// lines, keeps names and values undecoded apart from the byte-to-text step.
enum HeaderBlock {
    /// Splits raw part bytes at the first empty line into header fields and body.
    static func split(_ data: Data) -> (headers: [HeaderField], body: Data) {
        let bytes = [UInt8](data)
        guard let end = headerEnd(bytes) else {
            return (parse(data), Data())
        }
        let header = Data(bytes[..<end.header])
        let body = Data(bytes[end.body...])
        return (parse(header), body)
    }

    /// Where the header ends and the body begins, if there is an empty line.
    static func headerEnd(_ bytes: [UInt8]) -> (header: Int, body: Int)? {
        if bytes.first == 0x0A { return (0, 1) }
        if bytes.count >= 2, bytes[0] == 0x0D, bytes[1] == 0x0A { return (0, 2) }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x0A else {
                index += 1
                continue
            }
            var next = index + 1
            if next < bytes.count, bytes[next] == 0x0D { next += 1 }
            if next < bytes.count, bytes[next] == 0x0A { return (index + 1, next + 1) }
            index += 1
        }
        return nil
    }

    /// Parses header lines into fields. Lines that are not fields are skipped.
    static func parse(_ data: Data) -> [HeaderField] {
        var fields: [HeaderField] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        var open = false

        func close() {
            guard open else { return }
            let nameText = String(decoding: trimmed(name), as: UTF8.self)
            let valueText = TextDecoder.headerText(trimmed(value))
            if !nameText.isEmpty {
                fields.append(HeaderField(name: nameText, value: valueText))
            }
            open = false
        }

        for line in lines(data) {
            if let first = line.first, first == 0x20 || first == 0x09 {
                if open { value.append(contentsOf: line) }
                continue
            }
            close()
            guard let colon = line.firstIndex(of: 0x3A), colon > 0 else { continue }
            // A field name is printable ASCII without spaces (RFC 5322 §3.6.8); trailing
            // blanks before the colon are tolerated, as old mailers wrote `Subject :`.
            let core = trimmed(line[..<colon])
            guard !core.isEmpty, core.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { continue }
            name = Array(core)
            value = Array(line[(colon + 1)...])
            open = true
        }
        close()
        return fields
    }

    /// `bytes` without leading and trailing spaces and tabs.
    private static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence
    where C.Element == UInt8 {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !blank($0) }),
            let last = bytes.lastIndex(where: { !blank($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }

    /// The lines of `data` without their CR LF or LF ends.
    static func lines(_ data: Data) -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](data)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            var end = index
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            result.append(bytes[start..<end])
            start = index + 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == 0x0D { end -= 1 }
            result.append(bytes[start..<end])
        }
        return result
    }
}
