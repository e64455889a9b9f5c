import CZip
import Foundation
import Ledger
import Reports
import Testing

/// A dispatch with a Polish short title: P1 answered with two files, SP1 with one, P2 not.
struct ZipFixture {
    let builder: ReportLedgerBuilder
    let id: DispatchID
    let files: [String: Data]

    init() throws {
        builder = try ReportLedgerBuilder(at: "2026-11-02T08:00:00Z", institutions: [
            ReportLedgerBuilder.school("SP1", "Szkoła Podstawowa nr 1"),
            ReportLedgerBuilder.school("P1", "Przedszkole nr 1", type: "przedszkole"),
            ReportLedgerBuilder.school("P2", "Przedszkole nr 2", type: "przedszkole"),
        ])
        id = try builder.dispatch("Żywienie", short: "Żywienie ąęśćźńół",
                                  targets: ["school:SP1", "type:przedszkole"],
                                  deadline: "2026-11-20")
        let first = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let second = Data("zażółć gęślą jaźń\n".utf8)
        let third = Data(repeating: 0x41, count: 100_000)
        try builder.move(to: "2026-11-03T09:00:00Z")
        try builder.answer(id, from: "P1", files: [("arkusz.xlsx", first), ("uwagi.txt", second)])
        try builder.answer(id, from: "SP1", files: [("dane.ods", third)])
        files = [
            "P1_P1_Żywienie ąęśćźńół.xlsx": first,
            "P1_P1_Żywienie ąęśćźńół_2.txt": second,
            "SP1_SP1_Żywienie ąęśćźńół.ods": third,
        ]
    }
}

/// The entries of a zip file as libzip reads them back, and the general purpose flags
/// of each name's central and local headers as the bytes say (APPNOTE 4.3.7, 4.3.12).
struct ZipReadBack {
    var contents: [String: Data] = [:]
    var rawNames: [[UInt8]] = []
    var centralFlags: [String: UInt16] = [:]
    var localFlags: [String: UInt16] = [:]

    init(_ url: URL) throws {
        var code: Int32 = 0
        let archive = try #require(zip_open(url.path, ZIP_RDONLY, &code))
        defer { zip_discard(archive) }
        for index in 0..<zip_uint64_t(max(0, zip_get_num_entries(archive, 0))) {
            let raw = try #require(zip_get_name(archive, index, ZIP_FL_ENC_RAW))
            let bytes = Array(UnsafeBufferPointer(start: raw, count: strlen(raw)))
                .map { UInt8(bitPattern: $0) }
            rawNames.append(bytes)
            let name = String(decoding: bytes, as: UTF8.self)
            let file = try #require(zip_fopen_index(archive, index, 0))
            defer { zip_fclose(file) }
            var data = Data()
            var chunk = [UInt8](repeating: 0, count: 8192)
            while true {
                let count = zip_fread(file, &chunk, zip_uint64_t(chunk.count))
                guard count > 0 else { break }
                data.append(contentsOf: chunk[0..<Int(count)])
            }
            contents[name] = data
        }
        try readFlags(Array(try Data(contentsOf: url)))
    }

    private mutating func readFlags(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let end = try #require(
            stride(from: bytes.count - 22, through: 0, by: -1).first { u32($0) == 0x0605_4b50 })
        var at = u32(end + 16)
        for _ in 0..<u16(end + 10) {
            #expect(u32(at) == 0x0201_4b50)
            let nameLength = u16(at + 28)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            centralFlags[name] = UInt16(u16(at + 8))
            let local = u32(at + 42)
            #expect(u32(local) == 0x0403_4b50)
            localFlags[name] = UInt16(u16(local + 6))
            at += 46 + nameLength + u16(at + 30) + u16(at + 32)
        }
    }
}

/// Collects progress reports.
final class ProgressLog: @unchecked Sendable {
    // Only the test's own thread calls it (libzip reports from inside zip_close).
    var fractions: [Double] = []
}

@Suite("Answer export as zip")
struct ZipExportTests {
    @Test("the zip holds every filed answer under its UTF-8 name, bit 11 set, bytes equal")
    func archive() throws {
        let fixture = try ZipFixture()
        let folder = fixture.builder.folder.appending(path: "wynik")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appending(path: "odpowiedzi-żłobki.zip")
        let export = AnswerExport(ledger: fixture.builder.ledger, dispatch: fixture.id)
        let log = ProgressLog()

        let count = try export.export(to: target) { log.fractions.append($0) }
        let zip = try ZipReadBack(target)

        #expect(count == 3)
        #expect(Set(zip.contents.keys) == Set(fixture.files.keys).union(
            ["manifest.csv", "missing.csv"]))
        for (name, data) in fixture.files {
            #expect(zip.contents[name] == data, "bytes of \(name)")
            #expect(zip.rawNames.contains(Array(name.utf8)), "UTF-8 bytes of \(name)")
            #expect((zip.centralFlags[name] ?? 0) & 0x0800 != 0, "central bit 11 of \(name)")
            #expect((zip.localFlags[name] ?? 0) & 0x0800 != 0, "local bit 11 of \(name)")
        }
        #expect(zip.contents["manifest.csv"] == Data(export.manifest(try export.entries()).utf8))
        let missing = String(decoding: zip.contents["missing.csv"] ?? Data(), as: UTF8.self)
        #expect(missing == "code,name,state,addresses\r\nP2,Przedszkole nr 2,sent,"
            + "p2@schools.example.net\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path)
            == ["odpowiedzi-żłobki.zip"])
        #expect(log.fractions.last == 1)
        #expect(log.fractions == log.fractions.sorted())
    }

    @Test("a name without .zip still exports to a folder, with the same files")
    func folder() throws {
        let fixture = try ZipFixture()
        let folder = fixture.builder.folder.appending(path: "eksport")

        let count = try AnswerExport(ledger: fixture.builder.ledger, dispatch: fixture.id)
            .export(to: folder)

        #expect(count == 3)
        for (name, data) in fixture.files {
            #expect(try Data(contentsOf: folder.appending(path: name)) == data)
        }
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "missing.csv").path))
    }

    @Test("a blob missing from the store fails the export and leaves the old zip as it was")
    func missingBlob() throws {
        let fixture = try ZipFixture()
        let target = fixture.builder.folder.appending(path: "out.zip")
        try Data("earlier export".utf8).write(to: target)
        let ledger = fixture.builder.ledger
        let export = AnswerExport(ledger: ledger, dispatch: fixture.id)
        let victim = try #require(try export.entries().last)
        try FileManager.default.removeItem(at: ledger.store.url(for: victim.sha256))

        #expect(throws: LedgerError.self) { try export.writeArchive(to: target) }

        #expect(try Data(contentsOf: target) == Data("earlier export".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: fixture.builder.folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
    }

    @Test("libzip's failure to write (no such folder) is a ZipError and leaves no file")
    func unwritable() throws {
        let fixture = try ZipFixture()
        let target = fixture.builder.folder.appending(path: "nie-ma/out.zip")
        let export = AnswerExport(ledger: fixture.builder.ledger, dispatch: fixture.id)

        let error = try #require(throws: ZipError.self) { try export.writeArchive(to: target) }

        #expect(error.category == .temporary)
        #expect(error.description.hasPrefix("zip error "))
        #expect(!FileManager.default.fileExists(
            atPath: fixture.builder.folder.appending(path: "nie-ma").path))
    }

    @Test("the progress bar fills from empty to full", arguments: [
        (0.0, "\r[----------]   0% x.zip"), (0.37, "\r[###-------]  37% x.zip"),
        (1.0, "\r[##########] 100% x.zip"), (7.0, "\r[##########] 100% x.zip"),
        (Double.nan, "\r[----------]   0% x.zip"),
    ])
    func progressBar(fraction: Double, line: String) {
        let bar = ProgressBar(label: "x.zip", width: 10)

        #expect(bar.line(fraction) == line)
    }
}
