/// Finds the elapsed-time cells (formats such as `[h]:mm:ss`) of a BIFF8 workbook
/// stream with their stored numbers. libfreexl reports such cells as a clock time modulo
/// 24 hours, which loses the days; this scan of the cell records ([MS-XLS] 2.4) gives
/// the number back. Records are bounds-checked; a damaged stream yields fewer cells.
enum BIFFDurationScanner {
    /// For each sheet in BOUNDSHEET order, the duration cells by 1-based position.
    static func durations(in stream: [UInt8]) -> [[CellPosition: Double]] {
        var customFormats: [Int: NumberFormat] = [:]
        var cellFormats: [Int] = []
        var sheetOffsets: [Int] = []

        walk(stream, from: 0) { type, data in
            switch type {
            case 0x041E where data.count >= 5:
                let id = Int(u16(data, 0))
                customFormats[id] = NumberFormat.classify(string(data, at: 2))
            case 0x00E0 where data.count >= 4:
                cellFormats.append(Int(u16(data, 2)))
            case 0x0085 where data.count >= 4:
                sheetOffsets.append(Int(u32(data, 0)))
            default:
                break
            }
        }
        let durationStyles = Set(
            cellFormats.indices.filter { index in
                (customFormats[cellFormats[index]] ?? NumberFormat.builtIn(cellFormats[index]))
                    == .duration
            })
        guard !durationStyles.isEmpty else { return sheetOffsets.map { _ in [:] } }

        return sheetOffsets.map { offset in
            cells(stream, from: offset, styles: durationStyles)
        }
    }

    private static func cells(
        _ stream: [UInt8], from offset: Int, styles: Set<Int>
    ) -> [CellPosition: Double] {
        var found: [CellPosition: Double] = [:]
        func record(_ row: UInt16, _ column: UInt16, _ style: UInt16, _ value: Double) {
            guard styles.contains(Int(style)) else { return }
            found[CellPosition(row: Int(row) + 1, column: Int(column) + 1)] = value
        }

        walk(stream, from: offset) { type, data in
            switch type {
            case 0x0203 where data.count >= 14:
                record(u16(data, 0), u16(data, 2), u16(data, 4), double(data, at: 6))
            case 0x027E where data.count >= 10:
                record(u16(data, 0), u16(data, 2), u16(data, 4), rk(u32(data, 6)))
            case 0x00BD where data.count >= 6:
                let first = u16(data, 2)
                for index in 0..<((data.count - 6) / 6) {
                    let at = 4 + index * 6
                    record(
                        u16(data, 0), first &+ UInt16(index), u16(data, at),
                        rk(u32(data, at + 2)))
                }
            case 0x0006 where data.count >= 14 && !(data[12] == 0xFF && data[13] == 0xFF):
                record(u16(data, 0), u16(data, 2), u16(data, 4), double(data, at: 6))
            default:
                break
            }
        }
        return found
    }

    /// Calls `body` with each record from `offset` to the next EOF record.
    private static func walk(
        _ stream: [UInt8], from offset: Int, _ body: (UInt16, ArraySlice<UInt8>) -> Void
    ) {
        var position = offset
        var count = 0
        while position >= 0, position + 4 <= stream.count, count < 10_000_000 {
            let type = UInt16(stream[position]) | UInt16(stream[position + 1]) << 8
            let length = Int(stream[position + 2]) | Int(stream[position + 3]) << 8
            let end = position + 4 + length
            guard end <= stream.count else { return }
            body(type, stream[(position + 4)..<end])
            if type == 0x000A { return }
            position = end
            count += 1
        }
    }

    private static func u16(_ data: ArraySlice<UInt8>, _ offset: Int) -> UInt16 {
        let base = data.startIndex + offset
        return UInt16(data[base]) | UInt16(data[base + 1]) << 8
    }

    private static func u32(_ data: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(u16(data, offset)) | UInt32(u16(data, offset + 2)) << 16
    }

    private static func double(_ data: ArraySlice<UInt8>, at offset: Int) -> Double {
        Double(bitPattern: UInt64(u32(data, offset)) | UInt64(u32(data, offset + 4)) << 32)
    }

    /// An RK number: a 30-bit integer or the high bits of a double, maybe divided by 100.
    private static func rk(_ raw: UInt32) -> Double {
        let value =
            raw & 0x02 != 0
            ? Double(Int32(bitPattern: raw) >> 2)
            : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        return raw & 0x01 != 0 ? value / 100 : value
    }

    /// A BIFF8 XLUnicodeString (2-byte count, flags, Latin-1 or UTF-16LE characters).
    private static func string(_ data: ArraySlice<UInt8>, at offset: Int) -> String {
        let count = Int(u16(data, offset))
        let wide = data[data.startIndex + offset + 2] & 0x01 != 0
        let start = data.startIndex + offset + 3
        if wide {
            let end = min(start + count * 2, data.endIndex)
            let units = stride(from: start, to: end - 1, by: 2).map {
                UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8
            }
            return String(decoding: units, as: UTF16.self)
        }
        let end = min(start + count, data.endIndex)
        return String(data[start..<end].map { Character(Unicode.Scalar($0)) })
    }
}
