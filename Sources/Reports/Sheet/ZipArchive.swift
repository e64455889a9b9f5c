import CZip
import Foundation

/// A zip file opened read-only with libzip, with its entry names indexed the way OPC
/// wants them found: ASCII case-insensitively, with `\` read as `/` and no leading `/`.
/// Every byte inflated from it counts against one `SheetLimits` budget.
/// See https://libzip.org/documentation/zip_open.html.
///
/// Not Sendable: the handle belongs to the read that opened it.
final class ZipArchive {
    private let handle: OpaquePointer
    private let limits: SheetLimits
    private var indexByName: [String: Int] = [:]
    /// Bytes inflated so far from all entries together.
    private(set) var inflated = 0

    /// Opens the zip at `path`.
    /// - Throws: `SheetFailure` (not a workbook) when libzip cannot open it as a zip.
    init(path: String, limits: SheetLimits) throws {
        var code: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            let message = String(cString: zip_error_strerror(&error))
            throw SheetFailure.damaged("not a readable zip file (libzip: \(message))")
        }
        self.handle = handle
        self.limits = limits

        let count = zip_get_num_entries(handle, 0)
        for index in 0..<max(0, count) {
            guard let raw = zip_get_name(handle, zip_uint64_t(index), ZIP_FL_ENC_GUESS) else {
                continue
            }
            let key = Self.key(String(cString: raw))
            if indexByName[key] == nil {
                indexByName[key] = Int(index)
            }
        }
    }

    deinit {
        zip_discard(handle)
    }

    /// Every entry name in its lookup form (lower case, `/` separators).
    var names: Dictionary<String, Int>.Keys { indexByName.keys }

    /// Whether an entry with this part name exists.
    func contains(_ partName: String) -> Bool {
        indexByName[Self.key(partName)] != nil
    }

    /// Opens an entry for reading.
    /// - Throws: `SheetFailure` (not a workbook) when the entry is missing or unreadable.
    func open(_ partName: String) throws -> ZipEntryStream {
        guard let index = indexByName[Self.key(partName)] else {
            throw SheetFailure.damaged("the zip has no part \(partName)")
        }

        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0,
            let file = zip_fopen_index(handle, zip_uint64_t(index), 0)
        else {
            let message = String(cString: zip_error_strerror(zip_get_error(handle)))
            throw SheetFailure.damaged("cannot open \(partName) in the zip (libzip: \(message))")
        }
        let compressed = stat.valid & UInt64(ZIP_STAT_COMP_SIZE) != 0 ? Int(stat.comp_size) : 0
        return ZipEntryStream(
            archive: self, file: file, name: partName, compressedSize: compressed)
    }

    /// The whole inflated content of an entry, within the limits.
    /// - Throws: `SheetFailure` as `ZipEntryStream.read(into:count:)`.
    func contents(of partName: String) throws -> [UInt8] {
        let stream = try open(partName)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                stream.read(into: buffer.baseAddress, count: buffer.count)
            }
            if let failure = stream.failure { throw failure }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// The lookup form of a part name.
    static func key(_ partName: String) -> String {
        var name = partName.replacingOccurrences(of: "\\", with: "/")
        while name.hasPrefix("/") {
            name.removeFirst()
        }
        return name.lowercased()
    }

    /// Adds `bytes` to the inflated total; `false` once it passes the byte limit.
    func recordInflated(_ bytes: Int) -> Bool {
        inflated += bytes
        return inflated <= limits.maxBytes
    }

    /// The highest compression ratio, and the bytes an entry may inflate before it counts.
    var ratioLimits: (ratio: Int, grace: Int) {
        (limits.maxCompressionRatio, limits.ratioGrace)
    }

    /// The most bytes all entries together may inflate to.
    var byteLimit: Int { limits.maxBytes }
}
