import CZip
import Foundation

/// Generated spreadsheet fixtures for the reader tests: zips written with libzip from
/// parts given as text, in a fresh temporary folder per test.
final class SheetFixtures {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sheet-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes a zip holding `entries` (name, bytes) in order, deflated.
    func zip(_ name: String, _ entries: [(String, [UInt8])]) throws -> URL {
        let url = folder.appendingPathComponent(name)
        var code: Int32 = 0
        guard let archive = zip_open(url.path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw FixtureError(message: "zip_open failed with \(code)")
        }
        for (entry, bytes) in entries {
            // libzip reads the buffer at zip_close and frees it then (freep = 1).
            guard let copy = malloc(max(bytes.count, 1)) else {
                zip_discard(archive)
                throw FixtureError(message: "out of memory")
            }
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(copy, base, bytes.count) }
            }
            guard let source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.count), 1),
                zip_file_add(archive, entry, source, zip_flags_t(ZIP_FL_OVERWRITE)) >= 0
            else {
                zip_discard(archive)
                throw FixtureError(message: "cannot add \(entry)")
            }
        }
        guard zip_close(archive) == 0 else {
            throw FixtureError(message: "zip_close failed")
        }
        return url
    }

    /// Writes a zip from text parts.
    func zip(_ name: String, text entries: [(String, String)]) throws -> URL {
        try zip(name, entries.map { ($0.0, Array($0.1.utf8)) })
    }

    /// Writes raw bytes to a file.
    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// A minimal .xlsx: one sheet `Ankieta` with `sheetData` (the XML inside
    /// `<sheetData>`), optional shared strings, styles and workbook properties.
    func xlsx(
        _ name: String, sheetData: String, sharedStrings: String? = nil,
        styles: String? = nil, workbookPr: String = "",
        sheetPart: String = "worksheets/sheet1.xml",
        sheetTarget: String? = nil, sheetPrologue: String = ""
    ) throws -> URL {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8"?><Types \
                xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="xml" ContentType="application/xml"/></Types>
                """
            ),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8"?><Relationships \
                xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(rel)/officeDocument" \
                Target="xl/workbook.xml"/></Relationships>
                """
            ),
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" \
                xmlns:r="\(rel)">\(workbookPr)<sheets><sheet name="Ankieta" sheetId="1" \
                r:id="rId1"/></sheets></workbook>
                """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8"?><Relationships \
                xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(rel)/worksheet" \
                Target="\(sheetTarget ?? sheetPart)"/>\
                <Relationship Id="rId2" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>\
                <Relationship Id="rId3" Type="\(rel)/styles" Target="styles.xml"/>\
                </Relationships>
                """
            ),
            (
                "xl/" + sheetPart,
                """
                <?xml version="1.0" encoding="UTF-8"?>\(sheetPrologue)<worksheet \
                xmlns="\(main)"><sheetData>\(sheetData)</sheetData></worksheet>
                """
            ),
        ]
        if let sharedStrings {
            parts.append(
                (
                    "xl/sharedStrings.xml",
                    "<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">\(sharedStrings)</sst>"
                ))
        }
        if let styles {
            parts.append(
                (
                    "xl/styles.xml",
                    "<?xml version=\"1.0\"?><styleSheet xmlns=\"\(main)\">\(styles)</styleSheet>"
                ))
        }
        return try zip(name, text: parts)
    }

    /// A minimal .ods whose only table holds `rows` (the XML inside `<table:table>`).
    func ods(_ name: String, rows: String) throws -> URL {
        let content = """
            <?xml version="1.0" encoding="UTF-8"?><office:document-content \
            xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>\
            <office:spreadsheet><table:table table:name="Arkusz1">\(rows)</table:table>\
            </office:spreadsheet></office:body></office:document-content>
            """
        return try zip(
            name,
            text: [
                ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", content),
            ])
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
