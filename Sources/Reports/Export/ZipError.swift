import Ledger

/// A failure reported by libzip while writing an archive, with its words and what was
/// being done. See https://libzip.org/documentation/zip_error_strerror.html.
public struct ZipError: CategorizedError {
    /// libzip's error code (`ZIP_ER_…`); 0 when the failure was found before calling it.
    public var code: Int32
    /// libzip's words for the failure.
    public var message: String
    /// What was being done: `create`, `add manifest.csv`, `write` …
    public var operation: String

    public var description: String {
        "zip error \(code): \(message) — while trying to \(operation)"
    }

    /// A full disk or a folder that refuses the write is worth another try; so is most
    /// of what goes wrong while libzip writes, which is the disk's doing.
    public var category: FailureCategory { .temporary }
}
