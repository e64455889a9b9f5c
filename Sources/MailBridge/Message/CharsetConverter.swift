import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts bytes in a named charset to text with the C library's iconv.
///
/// Bytes iconv cannot convert become U+FFFD and the conversion goes on, so a message with
/// a few broken bytes still reads.
enum CharsetConverter {
    /// The text of `bytes` in `charset`, or nil when iconv does not know the charset.
    static func convert(_ bytes: [UInt8], from charset: String) -> String? {
        let name = canonicalName(charset)
        if name == "UTF-8" { return String(decoding: bytes, as: UTF8.self) }
        if bytes.isEmpty { return "" }

        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        return run(descriptor, bytes)
    }

    /// Whether iconv can convert from `charset`.
    static func isKnown(_ charset: String) -> Bool {
        let name = canonicalName(charset)
        if name == "UTF-8" { return true }
        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return false }
        iconv_close(descriptor)
        return true
    }

    /// A name iconv accepts for the common aliases mail clients write.
    static func canonicalName(_ charset: String) -> String {
        let trimmed = charset.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
        let lower = trimmed.lowercased()
        switch lower {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "cp1250", "win-1250", "windows1250", "x-cp1250": return "WINDOWS-1250"
        case "cp1252", "win-1252", "windows1252": return "WINDOWS-1252"
        case "ks_c_5601-1987", "ks_c_5601", "euc-kr": return "CP949"
        case "gb2312", "gb_2312-80", "x-gbk": return "GBK"
        case "iso-8859-8-i": return "ISO-8859-8"
        case "unicode-1-1-utf-7": return "UTF-7"
        case "x-sjis", "shift-jis", "sjis": return "CP932"
        case "latin1", "latin-1": return "ISO-8859-1"
        case "latin2", "latin-2": return "ISO-8859-2"
        default: return trimmed.uppercased()
        }
    }

    private static func run(_ descriptor: iconv_t?, _ bytes: [UInt8]) -> String {
        var input = bytes
        var output = [UInt8](repeating: 0, count: max(64, bytes.count * 4))
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress
                else { return }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let produced = outBuffer.count - outLeft
                    result.append(contentsOf: UnsafeBufferPointer(start: outBase, count: produced))
                    if status != -1 {
                        // Flush any shift state (ISO-2022-JP ends in ASCII mode).
                        break
                    }
                    let failure = errno
                    if failure == E2BIG { continue }
                    if failure == EILSEQ, inLeft > 0 {
                        result.append(contentsOf: replacement)
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        continue
                    }
                    if inLeft > 0 { result.append(contentsOf: replacement) }
                    break
                }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
