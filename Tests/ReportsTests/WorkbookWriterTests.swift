import Foundation
import Testing
import Reports

@Suite("Workbook writer")
struct WorkbookWriterTests {
    /// A fresh folder per test, removed afterwards.
    private final class TemporaryFolder {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory
                .appendingPathComponent("workbook-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// Runs `unzip` with `arguments` and returns its standard output.
    private func unzip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    private var unzipAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip")
    }

    private let survey = WorkbookSheet(name: "Ankieta żółć", rows: [
        [.string("Liczba uczniów"), .string("Liczba oddziałów"), .string("Uwagi")],
        [.number(412), .number(17.5), .string("=HYPERLINK(\"http://example.com\")")],
        [.bool(true), .empty, .string("Zażółć gęślą jaźń")],
        [.string("+48 600"), .string("-5"), .string("@SUM(A1)")],
    ])

    @Test("a workbook file is a zip holding the workbook, sheet and strings")
    func writeFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("raport.xlsx").path

        try WorkbookWriter.write([survey, WorkbookSheet(name: "Druga", rows: [])], to: path)

        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.prefix(2) == Data("PK".utf8))
        guard unzipAvailable else {
            Issue.record("unzip is not installed; only the zip signature was checked")
            return
        }
        let listing = try unzip(["-l", path])
        #expect(listing.contains("xl/workbook.xml"))
        #expect(listing.contains("xl/worksheets/sheet1.xml"))
        #expect(listing.contains("xl/worksheets/sheet2.xml"))
    }

    @Test("Polish names and text survive, and formula-like text stays text")
    func polishAndFormulas() throws {
        guard unzipAvailable else {
            Issue.record("unzip is not installed")
            return
        }
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("ankieta.xlsx").path

        try WorkbookWriter.write([survey], to: path)

        let workbook = try unzip(["-p", path, "xl/workbook.xml"])
        let strings = try unzip(["-p", path, "xl/sharedStrings.xml"])
        let sheet = try unzip(["-p", path, "xl/worksheets/sheet1.xml"])
        #expect(workbook.contains("name=\"Ankieta żółć\""))
        #expect(strings.contains("Liczba uczniów"))
        #expect(strings.contains("Zażółć gęślą jaźń"))
        #expect(strings.contains("=HYPERLINK(&quot;http://example.com&quot;)")
            || strings.contains("=HYPERLINK(\"http://example.com\")"))
        #expect(strings.contains("@SUM(A1)"))
        #expect(!sheet.contains("<f>"))
        #expect(sheet.contains("<v>412</v>"))
        #expect(sheet.contains("<v>17.5</v>"))
        #expect(sheet.contains("t=\"b\""))
    }

    @Test("data(_:) returns the workbook bytes and leaves no file behind")
    func data() throws {
        let before = try FileManager.default
            .contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("schoolpost-") && $0.hasSuffix(".xlsx") }

        let data = try WorkbookWriter.data([survey])

        let after = try FileManager.default
            .contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("schoolpost-") && $0.hasSuffix(".xlsx") }
        #expect(data.count > 1000)
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(Set(after).isSubset(of: Set(before)))
    }

    @Test("invalid and duplicate sheet names are refused", arguments: [
        "Ankieta[1]", "a/b", "Zbyt długa nazwa arkusza ponad limit", "", "x:y",
    ])
    func badSheetNames(_ name: String) throws {
        let folder = try TemporaryFolder()
        let writer = try WorkbookWriter(path: folder.url.appendingPathComponent("a.xlsx").path)

        #expect(throws: XLSXError.self) {
            try writer.add(WorkbookSheet(name: name, rows: [[.number(1)]]))
        }
    }

    @Test("a second sheet of the same name is refused")
    func duplicateSheet() throws {
        let folder = try TemporaryFolder()
        let writer = try WorkbookWriter(path: folder.url.appendingPathComponent("a.xlsx").path)
        try writer.add(WorkbookSheet(name: "Ankieta", rows: []))

        #expect(throws: XLSXError.self) {
            try writer.add(WorkbookSheet(name: "Ankieta", rows: []))
        }
    }

    @Test("closing into a missing folder throws and the writer stays closed")
    func closeFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("missing/a.xlsx").path
        let writer = try WorkbookWriter(path: path)
        try writer.add(survey)

        #expect(throws: XLSXError.self) { try writer.close() }
        #expect(throws: XLSXError.self) { try writer.add(survey) }
    }
}
