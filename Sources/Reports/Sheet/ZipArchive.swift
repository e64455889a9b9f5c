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
    fileprivate(set) var inflated = 0

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

    fileprivate func count(_ bytes: Int) -> Bool {
        inflated += bytes
        return inflated <= limits.maxBytes
    }

    fileprivate var ratioLimits: (ratio: Int, grace: Int) {
        (limits.maxCompressionRatio, limits.ratioGrace)
    }

    fileprivate var byteLimit: Int { limits.maxBytes }
}

/// One zip entry being inflated. Stops with a `failure` at the first limit passed, so a
/// bomb is caught while it inflates, whatever sizes its headers declare.
///
/// Not Sendable: it belongs to the read that opened it.
final class ZipEntryStream {
    private unowned let archive: ZipArchive
    private let file: OpaquePointer
    private let name: String
    private let compressedSize: Int
    private var inflated = 0
    /// Why reading stopped early, when it did.
    private(set) var failure: SheetFailure?

    fileprivate init(archive: ZipArchive, file: OpaquePointer, name: String, compressedSize: Int) {
        self.archive = archive
        self.file = file
        self.name = name
        self.compressedSize = compressedSize
    }

    deinit {
        zip_fclose(file)
    }

    /// Inflates up to `count` bytes into `buffer`: the byte count, 0 at the end, or -1
    /// with `failure` set on damage or a limit passed.
    func read(into buffer: UnsafeMutableRawPointer?, count: Int) -> Int {
        guard failure == nil, let buffer, count > 0 else { return failure == nil ? 0 : -1 }

        let read = zip_fread(file, buffer, zip_uint64_t(count))
        guard read >= 0 else {
            let message = String(cString: zip_file_strerror(file))
            failure = .damaged("\(name) in the zip is damaged (libzip: \(message))")
            return -1
        }

        inflated += Int(read)
        guard archive.count(Int(read)) else {
            failure = .tooLarge("the zip inflates to more than \(archive.byteLimit) bytes")
            return -1
        }
        let (ratio, grace) = archive.ratioLimits
        if inflated > grace, inflated / max(compressedSize, 1) > ratio {
            failure = .tooLarge("\(name) inflates more than \(ratio) times its stored size")
            return -1
        }
        return Int(read)
    }
}
