import Foundation

/// Quoted-printable bodies (RFC 2045 §6.7), decoded with the line ends left as sent.
enum QuotedPrintable {
    /// Soft breaks (`=` at a line end) are removed, `=XX` becomes its byte, anything
    /// malformed is kept literally.
    static func decode(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            var next = index + 1
            while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
            if next < bytes.count, bytes[next] == 0x0A {
                index = next + 1
            } else if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                index = next + 2
            } else if next >= bytes.count {
                index = next
            } else if index + 2 < bytes.count,
                let value = EncodedWord.hexValue(bytes[index + 1], bytes[index + 2])
            {
                output.append(value)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return Data(output)
    }
}
