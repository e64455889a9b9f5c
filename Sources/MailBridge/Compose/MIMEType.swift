/// Guesses a file's MIME type from its extension, for the files the department sends.
public enum MIMEType {
    /// The type for a file name such as `Ankieta.xlsx`; `application/octet-stream` when the
    /// extension is missing or unknown. The extension is matched without regard to case.
    public static func forFilename(_ filename: String) -> String {
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else {
            return octetStream
        }
        let ext = filename[filename.index(after: dot)...].lowercased()
        return known[ext] ?? octetStream
    }

    /// The type for data of unknown kind.
    public static let octetStream = "application/octet-stream"

    private static let known: [String: String] = [
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls": "application/vnd.ms-excel",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc": "application/msword",
        "pdf": "application/pdf",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odt": "application/vnd.oasis.opendocument.text",
        "csv": "text/csv",
        "txt": "text/plain",
        "zip": "application/zip",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
    ]
}
