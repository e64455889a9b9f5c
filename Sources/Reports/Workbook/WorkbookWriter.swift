import CXLSXWriter
import Foundation

/// Writes an .xlsx workbook with libxlsxwriter. Owns one `lxw_workbook`: `close()` writes
/// the file and frees it (`workbook_close`); a writer dropped unclosed frees it without
/// writing (`lxw_workbook_free`). See https://libxlsxwriter.github.io/workbook_8h.html.
///
/// Not Sendable: the handle belongs to the thread that made it.
public final class WorkbookWriter {
    /// The longest sheet Excel opens (1,048,576 rows by 16,384 columns).
    public static let maxRows = 1_048_576
    /// The widest sheet Excel opens.
    public static let maxColumns = 16_384
    /// The longest text one cell holds.
    public static let maxStringLength = 32_767

    private var handle: UnsafeMutablePointer<lxw_workbook>?
    /// The workbook's file path.
    public let path: String

    /// Starts a workbook that `close()` will write to `path`.
    /// - Throws: `XLSXError` when the library cannot start a workbook.
    public init(path: String) throws {
        guard let workbook = workbook_new(path) else {
            throw XLSXError(code: nil, message: "workbook_new returned no workbook",
                            operation: "create workbook")
        }
        self.handle = workbook
        self.path = path
    }

    deinit {
        if let handle {
            lxw_workbook_free(handle)
        }
    }

    /// Adds a sheet and writes its cells.
    /// - Throws: `XLSXError` for an invalid or duplicate sheet name, a sheet past Excel's
    ///   limits, text too long for a cell, or a closed writer.
    public func add(_ sheet: WorkbookSheet) throws {
        guard let handle else {
            throw XLSXError(code: nil, message: "already closed", operation: "add sheet")
        }
        try checkLimits(sheet)
        guard !sheet.name.isEmpty else {
            throw XLSXError(code: nil, message: "a sheet needs a name", operation: "add sheet")
        }

        let nameCheck = workbook_validate_sheet_name(handle, sheet.name)
        guard nameCheck == LXW_NO_ERROR else {
            throw Self.error(nameCheck, operation: "add sheet")
        }
        guard let worksheet = workbook_add_worksheet(handle, sheet.name) else {
            throw XLSXError(code: nil, message: "workbook_add_worksheet failed",
                            operation: "add sheet")
        }

        for (rowIndex, row) in sheet.rows.enumerated() {
            for (columnIndex, cell) in row.enumerated() {
                let result = write(cell, to: worksheet, row: lxw_row_t(rowIndex),
                                   column: lxw_col_t(columnIndex))
                guard result == LXW_NO_ERROR else {
                    throw Self.error(result, operation: "write cell")
                }
            }
        }
    }

    /// Writes the file and frees the workbook. The handle is gone afterwards even when
    /// writing failed, as `workbook_close` frees it in every case.
    /// - Throws: `XLSXError` when the file cannot be written.
    public func close() throws {
        guard let handle else { return }
        self.handle = nil

        let result = workbook_close(handle)
        guard result == LXW_NO_ERROR else {
            throw Self.error(result, operation: "close and write the workbook")
        }
    }

    // MARK: - Whole workbooks

    /// Writes `sheets` as a workbook at `path`.
    /// - Throws: `XLSXError` as `add(_:)` and `close()`.
    public static func write(_ sheets: [WorkbookSheet], to path: String) throws {
        let writer = try WorkbookWriter(path: path)
        for sheet in sheets {
            try writer.add(sheet)
        }
        try writer.close()
    }

    /// The bytes of a workbook holding `sheets`, written through a temporary file.
    /// - Throws: `XLSXError` as `write(_:to:)`, or when the file cannot be read back.
    public static func data(_ sheets: [WorkbookSheet]) throws -> Data {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolpost-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }

        try write(sheets, to: url.path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XLSXError(code: nil, message: "the written file cannot be read",
                            operation: "read back the workbook")
        }
        return data
    }

    // MARK: - Private

    private func checkLimits(_ sheet: WorkbookSheet) throws {
        let widest = sheet.rows.map(\.count).max() ?? 0
        guard sheet.rows.count <= Self.maxRows, widest <= Self.maxColumns else {
            throw XLSXError(code: nil, message: "more rows or columns than Excel holds",
                            operation: "add sheet")
        }
    }

    private func write(
        _ cell: WorkbookCell, to worksheet: UnsafeMutablePointer<lxw_worksheet>,
        row: lxw_row_t, column: lxw_col_t
    ) -> lxw_error {
        switch cell {
        case let .string(text):
            // worksheet_write_string always stores a string cell, so text that looks
            // like a formula stays text. A C string ends at NUL, so NUL is dropped.
            let clean = text.replacingOccurrences(of: "\0", with: "")
            return worksheet_write_string(worksheet, row, column, clean, nil)
        case let .number(value) where value.isFinite:
            return worksheet_write_number(worksheet, row, column, value, nil)
        case let .number(value):
            return worksheet_write_string(worksheet, row, column, "\(value)", nil)
        case let .bool(value):
            return worksheet_write_boolean(worksheet, row, column, value ? 1 : 0, nil)
        case .empty:
            return LXW_NO_ERROR
        }
    }

    private static func error(_ code: lxw_error, operation: String) -> XLSXError {
        let message = lxw_strerror(code).map { String(cString: $0) } ?? "unknown error"
        return XLSXError(code: Int32(code.rawValue), message: message, operation: operation)
    }
}
