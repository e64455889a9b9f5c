import CZip

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

    init(archive: ZipArchive, file: OpaquePointer, name: String, compressedSize: Int) {
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
        guard archive.recordInflated(Int(read)) else {
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
