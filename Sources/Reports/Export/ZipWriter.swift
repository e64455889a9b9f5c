import CZip
import Foundation

/// A new zip file written with libzip: entries are collected, then written at `close`.
/// Names are stored as UTF-8; libzip then sets general purpose bit 11 for any name that
/// is not plain ASCII (APPNOTE 4.4.4). See https://libzip.org/documentation/zip_open.html
/// and https://libzip.org/documentation/zip_file_add.html.
///
/// Not Sendable: the handle belongs to the export that opened it.
final class ZipWriter {
    private var handle: OpaquePointer?
    let path: String

    /// Starts an archive at `path`, which must not exist yet.
    /// - Throws: `ZipError` when libzip refuses (the file exists, the folder is missing).
    init(creatingAt path: String) throws {
        var code: Int32 = 0
        guard let handle = zip_open(path, ZIP_CREATE | ZIP_EXCL, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw ZipError(code: code, message: String(cString: zip_error_strerror(&error)),
                           operation: "create \(path)")
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        // An archive never closed is thrown away: libzip writes nothing for it.
        if let handle { zip_discard(handle) }
    }

    /// Adds the file at `source` under `name`; its bytes are read at `close`.
    /// - Throws: `ZipError`, such as for a name already in the archive.
    func addFile(named name: String, from source: URL, modified: Date) throws {
        let handle = try open("add \(name)")
        guard let zipSource = zip_source_file(handle, source.path, 0, -1) else {
            throw failure("add \(name)")
        }
        try add(zipSource, named: name, modified: modified)
    }

    /// Adds `data` under `name`.
    /// - Throws: `ZipError`.
    func add(named name: String, data: Data, modified: Date) throws {
        let handle = try open("add \(name)")
        // libzip keeps the buffer until the archive is written and frees it itself
        // (the last argument, freep = 1), so it gets a malloc'd copy of its own.
        guard let buffer = malloc(max(data.count, 1)) else {
            throw ZipError(code: ZIP_ER_MEMORY, message: "out of memory", operation: "add \(name)")
        }
        data.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: data.count)
        guard let zipSource = zip_source_buffer(handle, buffer, zip_uint64_t(data.count), 1)
        else {
            free(buffer)
            throw failure("add \(name)")
        }
        try add(zipSource, named: name, modified: modified)
    }

    /// Writes the archive and closes it; `progress` hears the fraction written, from 0
    /// to 1, on this thread.
    /// - Throws: `ZipError`; the file is then not written.
    func close(progress: ((Double) -> Void)? = nil) throws {
        let handle = try open("write \(path)")
        let listener = ProgressListener(progress)
        if progress != nil {
            zip_register_progress_callback_with_state(
                handle, 0.01, { _, fraction, context in
                    guard let context else { return }
                    Unmanaged<ProgressListener>.fromOpaque(context).takeUnretainedValue()
                        .heard(fraction)
                }, nil, Unmanaged.passUnretained(listener).toOpaque())
        }

        let result = withExtendedLifetime(listener) { zip_close(handle) }
        guard result == 0 else {
            let error = failure("write \(path)")
            zip_discard(handle)
            self.handle = nil
            throw error
        }
        self.handle = nil
    }

    // MARK: - Parts

    private func open(_ operation: String) throws -> OpaquePointer {
        guard let handle else {
            throw ZipError(code: 0, message: "the archive is closed", operation: operation)
        }
        return handle
    }

    private func add(_ source: OpaquePointer, named name: String, modified: Date) throws {
        let handle = try open("add \(name)")
        let index = zip_file_add(handle, name, source, ZIP_FL_ENC_UTF_8)
        guard index >= 0 else {
            let error = failure("add \(name)")
            zip_source_free(source)
            throw error
        }
        let seconds = time_t(modified.timeIntervalSince1970)
        guard zip_file_set_mtime(handle, zip_uint64_t(index), seconds, 0) == 0 else {
            throw failure("set the time of \(name)")
        }
    }

    private func failure(_ operation: String) -> ZipError {
        guard let handle, let error = zip_get_error(handle) else {
            return ZipError(code: 0, message: "no archive", operation: operation)
        }
        return ZipError(code: zip_error_code_zip(error),
                        message: String(cString: zip_error_strerror(error)),
                        operation: operation)
    }
}

/// Carries a progress closure through libzip's callback, which captures nothing.
private final class ProgressListener {
    private let progress: ((Double) -> Void)?

    init(_ progress: ((Double) -> Void)?) {
        self.progress = progress
    }

    func heard(_ fraction: Double) {
        progress?(fraction)
    }
}
