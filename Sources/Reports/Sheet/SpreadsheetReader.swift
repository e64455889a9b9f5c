import Foundation

/// Reads the spreadsheets schools send back: .xlsx/.xlsm, .ods, old .xls and Polish
/// .csv. It never throws and never trusts sizes a file declares: every limit in
/// `SheetLimits` is checked against what is actually inflated, parsed and stored.
///
/// Reading blocks in C code (libzip, libxml2, libfreexl): call it from a dedicated
/// thread or queue, not from the cooperative pool. Separate reads may run in parallel.
public enum SpreadsheetReader {
    /// Reads the file at `url` and says what it holds.
    public static func read(
        fileAt url: URL, limits: SheetLimits = .default
    ) -> SpreadsheetInspection {
        read(fileAt: url, named: url.lastPathComponent, limits: limits)
    }

    /// Reads the file at `url` as if it were called `name`: the name's extension tells a
    /// CSV file, and names its one sheet. For files kept under other names, such as the
    /// ledger's store, which names files by their digest.
    public static func read(
        fileAt url: URL, named name: String, limits: SheetLimits = .default
    ) -> SpreadsheetInspection {
        do {
            return try inspect(url, name: name, limits: limits)
        } catch let failure as SheetFailure {
            return SpreadsheetInspection(outcome: failure.outcome, problem: failure.problem)
        } catch {
            return SpreadsheetInspection(
                outcome: .notAWorkbook, problem: "cannot read the file: \(error)")
        }
    }

    private static func inspect(
        _ url: URL, name: String, limits: SheetLimits
    ) throws -> SpreadsheetInspection {
        guard url.isFileURL else {
            throw SheetFailure.damaged("not a local file")
        }
        let path = url.path
        let head = try leadingBytes(of: path, count: 8)
        let budget = CellBudget(limits: limits)

        if head.starts(with: [0x50, 0x4B]) {
            return try readZip(path, budget: budget)
        }
        if head.starts(with: CompoundFile.signature) {
            return try readCompoundFile(path, budget: budget)
        }
        let named = URL(fileURLWithPath: name)
        if named.pathExtension.lowercased() == "csv" {
            let sheet = try CSVDocument.read(
                path: path, name: named.deletingPathExtension().lastPathComponent,
                budget: budget)
            return SpreadsheetInspection(outcome: .readable, sheets: [sheet])
        }
        throw SheetFailure.damaged("not a zip, OLE2 or CSV file")
    }

    private static func readZip(
        _ path: String, budget: CellBudget
    ) throws -> SpreadsheetInspection {
        let archive = try ZipArchive(path: path, limits: budget.limits)
        if archive.contains("content.xml"), !archive.contains("[Content_Types].xml") {
            let sheets = try ODSDocumentReader(archive: archive, budget: budget).read()
            return SpreadsheetInspection(outcome: .readable, sheets: sheets)
        }

        let reader = OOXMLWorkbookReader(archive: archive, budget: budget)
        let sheets = try reader.read()
        return SpreadsheetInspection(outcome: .readable, sheets: sheets, notes: reader.notes)
    }

    private static func readCompoundFile(
        _ path: String, budget: CellBudget
    ) throws -> SpreadsheetInspection {
        let data = try fileBytes(path, limit: budget.limits.maxBytes)
        let file = CompoundFile(data)
        let streams = file?.streamNames ?? []
        if streams.contains("EncryptionInfo") || streams.contains("EncryptedPackage") {
            throw SheetFailure(
                outcome: .protected, problem: "an encrypted workbook that needs a password")
        }
        guard streams.contains("Workbook") || streams.contains("Book") else {
            throw SheetFailure.damaged("an OLE2 file without a workbook stream")
        }

        let workbook = try FreeXLWorkbook(path: path)
        let stream = file?.stream(named: "Workbook") ?? file?.stream(named: "Book") ?? []
        let durations = BIFFDurationScanner.durations(in: stream)
        return SpreadsheetInspection(
            outcome: .readable, sheets: try workbook.sheets(budget: budget, durations: durations))
    }

    private static func leadingBytes(of path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SheetFailure.damaged("the file cannot be opened")
        }
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }

    /// The whole file, when it is no larger than `limit`.
    /// - Throws: `SheetFailure` when it is larger or cannot be read.
    static func fileBytes(_ path: String, limit: Int) throws -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > limit {
            throw SheetFailure.tooLarge("the file is larger than \(limit) bytes")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SheetFailure.damaged("the file cannot be opened")
        }
        defer { try? handle.close() }

        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            throw SheetFailure.tooLarge("the file is larger than \(limit) bytes")
        }
        return [UInt8](data)
    }
}
