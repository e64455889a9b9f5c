import Foundation

/// Reads the directory's CSV form: header `code,name,short_name,type,emails`, UTF-8 (a BOM
/// is fine), comma or semicolon separated (detected from the header), RFC 4180 quoting.
/// Several addresses in `emails` are separated by whichever of `;`, `,` or spaces is not
/// the file's separator.
public enum InstitutionCSV {
    static let columns = ["code", "name", "short_name", "type", "emails"]

    /// Parses the whole file before anything is imported, so a bad row changes nothing.
    /// - Throws: `LedgerError(.badData)` naming the line of the first bad row.
    public static func parse(_ data: Data) throws -> [Institution] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw LedgerError.badData("the CSV file is not UTF-8")
        }

        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: Character = headerLine.contains(";") ? ";" : ","
        let records = try CSVReader(text: text, separator: separator).records()
        guard let header = records.first else { throw LedgerError.badData("the CSV file is empty") }

        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let index = try columnIndex(names)
        var seen = Set<String>()
        var result: [Institution] = []
        for record in records.dropFirst() where !record.isBlank {
            let institution = try institution(from: record, index: index, separator: separator)
            guard seen.insert(institution.code.lowercased()).inserted else {
                throw LedgerError.badData(
                    "line \(record.line): code \(institution.code) appears twice")
            }
            result.append(institution)
        }
        return result
    }

    private static func columnIndex(_ names: [String]) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for column in columns {
            guard let position = names.firstIndex(of: column) else {
                throw LedgerError.badData(
                    "line 1: the header needs the columns \(columns.joined(separator: ",")); "
                        + "\(column) is missing")
            }
            index[column] = position
        }
        return index
    }

    private static func institution(
        from record: CSVRecord, index: [String: Int], separator: Character
    ) throws -> Institution {
        func field(_ name: String) -> String {
            guard let position = index[name], position < record.fields.count else { return "" }
            return record.fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let code = field("code")
        guard !code.isEmpty else { throw LedgerError.badData("line \(record.line): no code") }
        guard code.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw LedgerError.badData(
                "line \(record.line): code \(code) may hold only letters, digits, - _ .")
        }
        let name = field("name")
        guard !name.isEmpty else { throw LedgerError.badData("line \(record.line): no name") }

        let addresses = try splitAddresses(field("emails"), separator: separator, line: record.line)
        guard !addresses.isEmpty else {
            throw LedgerError.badData("line \(record.line): \(code) has no e-mail address")
        }
        let shortName = field("short_name")
        let type = field("type")
        return Institution(
            code: code, name: name, shortName: shortName.isEmpty ? code : shortName,
            type: type.isEmpty ? "inna" : type, addresses: addresses)
    }

    private static func splitAddresses(
        _ text: String, separator: Character, line: Int
    ) throws -> [String] {
        let separators: Set<Character> = separator == ";" ? [",", " ", "\t"] : [";", " ", "\t"]
        let parts = text.split { separators.contains($0) }.map(String.init)
        var seen = Set<String>()
        return try parts.compactMap { address in
            guard EmailAddress.isPlausible(address) else {
                throw LedgerError.badData("line \(line): not an e-mail address: \(address)")
            }
            return seen.insert(address.lowercased()).inserted ? address : nil
        }
    }
}

/// A light check of addresses that come from data, enough to refuse typos and anything
/// that could smuggle a header line.
public enum EmailAddress {
    /// One `@`, a non-empty local part and a dotted domain, no spaces or controls.
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), address.count <= 254
        else { return false }
        return address.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value != 0x7F && !"<>()[]\\,;:\"".unicodeScalars.contains($0)
        }
    }
}

/// One record of a CSV file with the line it starts on.
struct CSVRecord {
    var fields: [String]
    var line: Int
    var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// RFC 4180 records: quoted fields may hold separators, quotes (doubled) and line breaks.
struct CSVReader {
    let text: String
    let separator: Character

    func records() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            records.append(CSVRecord(fields: fields, line: recordLine))
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
            case "\"":
                throw LedgerError.badData("line \(line): a quote inside an unquoted field")
            case separator:
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted && !character.isWhitespace {
                    throw LedgerError.badData("line \(line): text after a closing quote")
                }
                field.append(character)
            }
        }
        if quoted { throw LedgerError.badData("line \(recordLine): a quote is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
