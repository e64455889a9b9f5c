import Foundation

/// The relationships of one OPC part (`_rels/*.rels`), with targets resolved to part
/// names. Targets may be relative, absolute (`/xl/...`) or written with backslashes.
struct OOXMLRelationships {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private(set) var all: [Relationship] = []

    /// Reads the relationships of `source` from the archive; none when the .rels part
    /// is absent.
    /// - Throws: `SheetFailure` when the .rels part is damaged or too large.
    init(of source: String, in archive: ZipArchive) throws {
        let relsName = Self.relsName(of: source)
        guard archive.contains(relsName) else { return }

        let reader = try XMLStreamReader(stream: archive.open(relsName), part: relsName)
        while try reader.read() {
            guard reader.kind == .element, reader.nameIs("Relationship"),
                reader.attribute("TargetMode")?.lowercased() != "external",
                let id = reader.attribute("Id"), let target = reader.attribute("Target")
            else { continue }
            let type = reader.attribute("Type") ?? ""
            all.append(
                Relationship(
                    id: id, type: type, target: Self.resolve(target, from: source)))
        }
    }

    /// The target of the relationship with this id.
    func target(id: String) -> String? {
        all.first { $0.id == id }?.target
    }

    /// The target of the first relationship whose type ends with `/suffix`, in the
    /// transitional or the strict namespace.
    func target(typeSuffix suffix: String) -> String? {
        all.first { $0.type.lowercased().hasSuffix("/" + suffix.lowercased()) }?.target
    }

    /// The .rels part holding the relationships of `part` (`""` is the package).
    static func relsName(of part: String) -> String {
        let (folder, file) = split(part)
        return folder.isEmpty ? "_rels/\(file).rels" : "\(folder)/_rels/\(file).rels"
    }

    /// The part name `target` names, seen from the part `source`.
    static func resolve(_ target: String, from source: String) -> String {
        let cleaned = target.replacingOccurrences(of: "\\", with: "/")
        let base = cleaned.hasPrefix("/") ? [] : split(source).folder.split(separator: "/")
        var segments = base.map(String.init)
        for segment in cleaned.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(removingPercentEscapes(String(segment)))
            }
        }
        return segments.joined(separator: "/")
    }

    private static func split(_ part: String) -> (folder: String, file: String) {
        let trimmed = part.hasPrefix("/") ? String(part.dropFirst()) : part
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", trimmed) }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }

    private static func removingPercentEscapes(_ segment: String) -> String {
        guard segment.contains("%") else { return segment }
        return segment.removingPercentEncoding ?? segment
    }
}
