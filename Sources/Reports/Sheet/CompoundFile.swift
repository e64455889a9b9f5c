/// Lists the stream names of an OLE2 compound file ([MS-CFB]) by walking its directory
/// chain through the FAT — enough to tell an old .xls (`Workbook`/`Book`) from an
/// encrypted OOXML package (`EncryptionInfo`, `EncryptedPackage`). Every offset is
/// checked against the bytes; a damaged file yields fewer names, never a crash.
enum CompoundFile {
    /// The first 8 bytes of every compound file.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func streamNames(_ bytes: [UInt8]) -> Set<String> {
        guard bytes.count >= 512, bytes.starts(with: signature) else { return [] }
        let shift = Int(uint16(bytes, 0x1E) ?? 9)
        guard shift == 9 || shift == 12 else { return [] }
        let sectorSize = 1 << shift

        let fat = fatEntries(bytes, sectorSize: sectorSize)
        var names = Set<String>()
        var sector = Int(uint32(bytes, 0x30) ?? 0xFFFF_FFFE)
        var visited = Set<Int>()
        while sector < 0xFFFF_FFFA, visited.insert(sector).inserted, visited.count < 100_000 {
            let start = (sector + 1) * sectorSize
            var entry = start
            while entry + 128 <= min(start + sectorSize, bytes.count) {
                if let name = entryName(bytes, at: entry) { names.insert(name) }
                entry += 128
            }
            guard sector < fat.count else { break }
            sector = Int(fat[sector])
        }
        return names
    }

    private static func fatEntries(_ bytes: [UInt8], sectorSize: Int) -> [UInt32] {
        let count = Int(uint32(bytes, 0x2C) ?? 0)
        var entries: [UInt32] = []
        for slot in 0..<min(count, 109) {
            guard let sector = uint32(bytes, 0x4C + slot * 4), sector < 0xFFFF_FFFA else {
                continue
            }
            let start = (Int(sector) + 1) * sectorSize
            guard start + sectorSize <= bytes.count else { continue }
            for offset in stride(from: start, to: start + sectorSize, by: 4) {
                entries.append(uint32(bytes, offset) ?? 0xFFFF_FFFF)
            }
        }
        return entries
    }

    private static func entryName(_ bytes: [UInt8], at offset: Int) -> String? {
        guard let length = uint16(bytes, offset + 0x40), length >= 2, length <= 64 else {
            return nil
        }
        let units = (0..<(Int(length) / 2 - 1)).compactMap { uint16(bytes, offset + $0 * 2) }
        return String(decoding: units, as: UTF16.self)
    }

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
