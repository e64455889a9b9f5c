/// Reads the directory and streams of an OLE2 compound file ([MS-CFB]) — enough to tell
/// an old .xls (`Workbook`/`Book`) from an encrypted OOXML package (`EncryptionInfo`,
/// `EncryptedPackage`), and to fetch a stream. Every offset is checked against the
/// bytes and every chain is bounded; a damaged file yields less, never a crash.
struct CompoundFile {
    /// The first 8 bytes of every compound file.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    private struct Entry {
        var name: String
        var start: Int
        var size: Int
    }

    private let bytes: [UInt8]
    private let sectorSize: Int
    private var fat: [UInt32] = []
    private var entries: [Entry] = []

    /// Parses the header, FAT and directory; `nil` when `bytes` is not a compound file.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 512, bytes.starts(with: Self.signature),
            let shift = Self.uint16(bytes, 0x1E), shift == 9 || shift == 12
        else { return nil }
        self.bytes = bytes
        self.sectorSize = 1 << Int(shift)
        self.fat = readFAT()

        for sector in chain(from: Int(Self.uint32(bytes, 0x30) ?? 0xFFFF_FFFE)) {
            let start = (sector + 1) * sectorSize
            for entry in stride(from: start, to: start + sectorSize, by: 128)
            where entry + 128 <= bytes.count {
                if let parsed = readEntry(at: entry) { entries.append(parsed) }
            }
        }
    }

    /// The names of every directory entry.
    var streamNames: Set<String> { Set(entries.map(\.name)) }

    /// The bytes of the stream called `name`, from the FAT or the mini stream.
    func stream(named name: String) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.name == name }) else { return nil }
        let cutoff = Int(Self.uint32(bytes, 0x38) ?? 4096)
        guard entry.size < cutoff, let root = entries.first else {
            return collect(chain(from: entry.start), sector: sectorSize, size: entry.size) {
                ($0 + 1) * sectorSize
            }
        }

        let miniFAT = collect(
            chain(from: Int(Self.uint32(bytes, 0x3C) ?? 0xFFFF_FFFE)),
            sector: sectorSize, size: Int.max
        ) { ($0 + 1) * sectorSize }
        let container = chain(from: root.start)
        var sectors: [Int] = []
        var next = entry.start
        while next < 0xFFFF_FFFA, sectors.count < 1_000_000,
            let value = Self.uint32(miniFAT, next * 4)
        {
            sectors.append(next)
            next = Int(value)
        }
        return collect(sectors, sector: 64, size: entry.size) { mini in
            let offset = mini * 64
            let index = offset / sectorSize
            guard index < container.count else { return bytes.count }
            return (container[index] + 1) * sectorSize + offset % sectorSize
        }
    }

    // MARK: - Private

    private func readFAT() -> [UInt32] {
        let count = Int(Self.uint32(bytes, 0x2C) ?? 0)
        var entries: [UInt32] = []
        for slot in 0..<min(count, 109) {
            guard let sector = Self.uint32(bytes, 0x4C + slot * 4), sector < 0xFFFF_FFFA else {
                continue
            }
            let start = (Int(sector) + 1) * sectorSize
            guard start + sectorSize <= bytes.count else { continue }
            for offset in stride(from: start, to: start + sectorSize, by: 4) {
                entries.append(Self.uint32(bytes, offset) ?? 0xFFFF_FFFF)
            }
        }
        return entries
    }

    private func chain(from first: Int) -> [Int] {
        var sectors: [Int] = []
        var visited = Set<Int>()
        var sector = first
        while sector < 0xFFFF_FFFA, visited.insert(sector).inserted, sector < fat.count {
            sectors.append(sector)
            sector = Int(fat[sector])
        }
        return sectors
    }

    private func collect(
        _ sectors: [Int], sector size: Int, size total: Int, offset: (Int) -> Int
    ) -> [UInt8] {
        var output: [UInt8] = []
        for sector in sectors where output.count < total {
            let start = offset(sector)
            let end = min(start + min(size, total - output.count), bytes.count)
            guard start >= 0, start < end else { break }
            output.append(contentsOf: bytes[start..<end])
        }
        return output
    }

    private func readEntry(at offset: Int) -> Entry? {
        guard let length = Self.uint16(bytes, offset + 0x40), length >= 2, length <= 64,
            bytes[offset + 0x42] != 0
        else { return nil }
        let units = (0..<(Int(length) / 2 - 1)).compactMap { Self.uint16(bytes, offset + $0 * 2) }
        return Entry(
            name: String(decoding: units, as: UTF16.self),
            start: Int(Self.uint32(bytes, offset + 0x74) ?? 0xFFFF_FFFE),
            size: Int(Self.uint32(bytes, offset + 0x78) ?? 0))
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
