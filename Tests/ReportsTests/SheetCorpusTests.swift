import Foundation
import Reports
import Testing

/// Checks the reader against the shared corpus of real public spreadsheets
/// (../shared/corpus/xlsx, relative to the package). Every difference from the manifest
/// fails unless Fixtures/xlsx-known-misses.tsv lists it with a reason; a listed miss that
/// no longer happens fails too, so the list only shrinks.
@Suite("Spreadsheet corpus")
struct SheetCorpusTests {
    /// One manifest row: the expected verdict on one file.
    struct Row: CustomTestStringConvertible, Sendable {
        var file: String
        var fields: [String: String]
        var testDescription: String { file }
    }

    /// The columns compared, in report order.
    static let columns = ["outcome", "sheets", "first_sheet_rows", "first_sheet_cols", "sample"]

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("../shared/corpus/xlsx")
        .standardizedFileURL
    static let manifest = corpus.appendingPathComponent("manifest.tsv")
    static let knownMissesFile =
        packageRoot
        .appendingPathComponent("Tests/ReportsTests/Fixtures/xlsx-known-misses.tsv")
    static let corpusPresent = FileManager.default.fileExists(atPath: manifest.path)

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.components(separatedBy: "\t") else { return [] }
        return lines.dropFirst().map { line in
            let values = line.components(separatedBy: "\t")
            let fields = Dictionary(uniqueKeysWithValues: zip(header, values).map { ($0, $1) })
            return Row(file: fields["file"] ?? "", fields: fields)
        }
    }()

    /// `file` → column → reason, from the committed known-misses file.
    static func knownMisses() -> [String: [String: String]] {
        guard let text = try? String(contentsOf: knownMissesFile, encoding: .utf8) else {
            return [:]
        }
        var misses: [String: [String: String]] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.components(separatedBy: "\t")
            guard parts.count >= 3 else { continue }
            misses[parts[0], default: [:]][parts[1]] = parts[2]
        }
        return misses
    }

    /// What the reader gives for each compared column of a file, as manifest text or
    /// parsed JSON for the sample.
    static func actual(for row: Row) -> [String: String] {
        let inspection = SpreadsheetReader.read(fileAt: corpus.appendingPathComponent(row.file))
        guard inspection.outcome == .readable else {
            return [
                "outcome": inspection.outcome.rawValue, "sheets": "-",
                "first_sheet_rows": "-", "first_sheet_cols": "-", "sample": "-",
            ]
        }
        let json = SheetTestJSON.parse(inspection.json())
        let firstSample: SheetTestJSON? =
            if case .array(let sheets)? = json?["sheets"] {
                sheets.first?["sample"]
            } else {
                nil
            }
        let first = inspection.sheets.first
        return [
            "outcome": inspection.outcome.rawValue,
            "sheets": inspection.sheets.map(\.name).joined(separator: "|"),
            "first_sheet_rows": first.map { String($0.rows) } ?? "0",
            "first_sheet_cols": first.map { String($0.columns) } ?? "0",
            "sample": firstSample?.description ?? "[]",
        ]
    }

    /// Whether one column of a file matches the manifest.
    static func matches(_ column: String, expected: String, actual: String) -> Bool {
        guard column == "sample", expected != "-" else { return expected == actual }
        guard let left = SheetTestJSON.parse(expected), let right = SheetTestJSON.parse(actual)
        else { return false }
        return left == right
    }

    @Test(
        "each corpus file reads as its manifest row says",
        .enabled(if: corpusPresent, "corpus absent: ../shared/corpus/xlsx not found"),
        arguments: rows)
    func corpusFile(_ row: Row) {
        let actual = Self.actual(for: row)
        let misses = Self.knownMisses()[row.file] ?? [:]

        for column in Self.columns {
            let expected = row.fields[column] ?? ""
            let got = actual[column] ?? ""
            let same = Self.matches(column, expected: expected, actual: got)
            if !same, misses[column] == nil {
                Issue.record("\(row.file) \(column): expected \(expected), got \(got)")
            }
            if same, let reason = misses[column] {
                Issue.record("\(row.file) \(column) is right now; drop its known miss: \(reason)")
            }
        }
    }

    @Test(
        "the known-misses file names only corpus files and columns",
        .enabled(if: corpusPresent, "corpus absent: ../shared/corpus/xlsx not found"))
    func knownMissesAreWellFormed() {
        let files = Set(Self.rows.map(\.file))
        for (file, columns) in Self.knownMisses() {
            #expect(files.contains(file), "unknown corpus file \(file)")
            for (column, reason) in columns {
                #expect(Self.columns.contains(column), "unknown column \(column) for \(file)")
                #expect(
                    !reason.trimmingCharacters(in: .whitespaces).isEmpty,
                    "known miss \(file) \(column) gives no reason")
            }
        }
        #expect(Self.rows.count == 27, "the manifest should list 27 files")
    }

    @Test(
        "share of corpus rows right per column",
        .enabled(if: corpusPresent, "corpus absent: ../shared/corpus/xlsx not found"))
    func shareRightPerColumn() {
        var right = Dictionary(uniqueKeysWithValues: Self.columns.map { ($0, 0) })
        for row in Self.rows {
            let actual = Self.actual(for: row)
            for column in Self.columns
            where Self.matches(
                column, expected: row.fields[column] ?? "",
                actual: actual[column] ?? "")
            {
                right[column, default: 0] += 1
            }
        }

        let summary = Self.columns.map { "\($0) \(right[$0] ?? 0)/\(Self.rows.count)" }
        print("corpus rows right per column: " + summary.joined(separator: ", "))
        #expect(!Self.rows.isEmpty)
    }
}
