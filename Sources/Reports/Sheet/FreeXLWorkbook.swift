import CFreeXL
import Foundation

/// An old binary .xls workbook (BIFF) opened with libfreexl
/// (https://www.gaia-gis.it/fossil/freexl/). libfreexl decodes text to UTF-8 and dates
/// by their formats, in the workbook's 1900 or 1904 system.
///
/// Not Sendable: the handle belongs to the read that opened it.
final class FreeXLWorkbook {
    private let handle: UnsafeRawPointer

    /// Opens the .xls file at `path`.
    /// - Throws: `SheetFailure`: protected for an obfuscated (password) workbook, not a
    ///   workbook when libfreexl cannot parse it.
    init(path: String) throws {
        var opened: UnsafeRawPointer?
        let result = freexl_open(path, &opened)
        guard result == FREEXL_OK, let opened else {
            if let opened { freexl_close(opened) }
            throw SheetFailure.damaged("libfreexl cannot read this .xls (error \(result))")
        }
        self.handle = opened

        var password: UInt32 = 0
        if freexl_get_info(handle, UInt16(FREEXL_BIFF_PASSWORD), &password) == FREEXL_OK,
            password == UInt32(FREEXL_BIFF_OBFUSCATED)
        {
            throw SheetFailure(
                outcome: .protected, problem: "a password-protected .xls workbook")
        }
    }

    deinit {
        freexl_close(handle)
    }

    /// Every sheet in workbook order. `durations` (per sheet, from
    /// `BIFFDurationScanner`) replaces libfreexl's clock text for elapsed-time cells.
    /// - Throws: `SheetFailure` when a sheet cannot be read or a limit is passed.
    func sheets(
        budget: CellBudget, durations: [[CellPosition: Double]]
    ) throws -> [SheetContent] {
        var count: UInt32 = 0
        guard freexl_get_info(handle, UInt16(FREEXL_BIFF_SHEET_COUNT), &count) == FREEXL_OK
        else { throw SheetFailure.damaged("libfreexl finds no sheet list") }

        return try (0..<UInt16(clamping: count)).map { index in
            var rawName: UnsafePointer<CChar>?
            _ = freexl_get_worksheet_name(handle, index, &rawName)
            let name = rawName.map { String(cString: $0) } ?? "Sheet\(index + 1)"
            let elapsed = Int(index) < durations.count ? durations[Int(index)] : [:]
            return try sheet(index, name: name, budget: budget, durations: elapsed)
        }
    }

    private func sheet(
        _ index: UInt16, name: String, budget: CellBudget, durations: [CellPosition: Double]
    ) throws -> SheetContent {
        guard freexl_select_active_worksheet(handle, index) == FREEXL_OK else {
            throw SheetFailure.damaged("libfreexl cannot select sheet \(index + 1)")
        }
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        guard freexl_worksheet_dimensions(handle, &rows, &columns) == FREEXL_OK else {
            throw SheetFailure.damaged("libfreexl cannot size sheet \(index + 1)")
        }

        var builder = SheetBuilder(name: name, budget: budget)
        for row in 0..<rows {
            for column in 0..<columns {
                var cell = FreeXL_CellValue()
                guard freexl_get_cell_value(handle, row, column, &cell) == FREEXL_OK,
                    var value = Self.value(cell)
                else { continue }
                let position = CellPosition(row: Int(row) + 1, column: Int(column) + 1)
                if let days = durations[position] {
                    value = .number(days)
                }
                try builder.set(value, row: position.row, column: position.column)
            }
        }
        return builder.build()
    }

    private static func value(_ cell: FreeXL_CellValue) -> SheetValue? {
        let text = { cell.value.text_value.map { String(cString: $0) } }
        switch Int32(cell.type) {
        case FREEXL_CELL_INT: return .number(Double(cell.value.int_value))
        case FREEXL_CELL_DOUBLE: return .number(cell.value.double_value)
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT: return text().map(SheetValue.text)
        case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            guard let text = text() else { return nil }
            let iso = text.replacingOccurrences(of: " ", with: "T")
            return ExcelSerialDate.iso(iso).map(SheetValue.date) ?? .text(text)
        default: return nil
        }
    }
}
