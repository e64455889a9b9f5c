import Foundation

/// The name under which a submitted file is filed:
/// `<institution code>_<institution short name>_<dispatch short title>.<ext>`, with `_2`,
/// `_3`… before the extension for the second and later files of one delivery.
///
/// Sanitising, decided once for every part of the name:
/// - text is NFC-normalised; Polish and other letters are kept as they are;
/// - white space of any kind (tab, CR and LF included) becomes `_`, and so do the path
///   separators `/` and `\` and the characters Windows refuses, `: * ? " < > |`;
/// - other control and format characters (NUL, DEL, bidirectional overrides, zero-width
///   marks) are dropped;
/// - runs of `_` shrink to one; pieces between `_` made only of dots or hyphens (`..`)
///   are dropped, and `_`, `.` and `-` are trimmed from both ends of a part;
/// - empty parts are left out; an empty name becomes `plik`;
/// - a Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`) gets
///   a trailing `_`;
/// - the whole name is at most 200 bytes of UTF-8, shortened at a character boundary
///   before the suffix and extension, which are always kept;
/// - the extension is the original name's last one, lower-cased, ASCII letters and digits
///   only, at most 10 characters; otherwise the file is filed without one.
public enum FiledName {
    /// The longest filed name in bytes of UTF-8.
    public static let maxBytes = 200
    /// The longest extension kept.
    public static let maxExtensionLength = 10
    /// The name used when every part sanitises to nothing.
    public static let fallbackStem = "plik"

    /// The filed name of one submitted file.
    /// - Parameters:
    ///   - index: the file's position among the files filed for the same delivery,
    ///     from 1; index 1 has no suffix.
    public static func make(
        institutionCode: String, institutionShortName: String, dispatchShortTitle: String,
        originalFilename: String, index: Int = 1
    ) -> String {
        let parts = [institutionCode, institutionShortName, dispatchShortTitle]
            .map(sanitizedComponent)
            .filter { !$0.isEmpty }
        var stem = parts.isEmpty ? fallbackStem : parts.joined(separator: "_")

        let suffix = index > 1 ? "_\(index)" : ""
        let ext = fileExtension(of: originalFilename).map { "." + $0 } ?? ""
        let budget = maxBytes - suffix.utf8.count - ext.utf8.count
        while stem.utf8.count > budget {
            stem.removeLast()
        }
        stem = trimmed(stem)
        if stem.isEmpty {
            stem = fallbackStem
        }

        if isReservedDeviceName(stem) {
            stem += "_"
        }
        return stem + suffix + ext
    }

    /// The default short title of a dispatch: the subject's first words (at most four,
    /// at most 40 characters), joined by `_`. Reply and forward prefixes are dropped;
    /// a subject with no words gives `pismo`.
    public static func shortTitle(fromSubject subject: String) -> String {
        let words = words(in: withoutReplyPrefixes(subject))

        var chosen: [String] = []
        for word in words.prefix(4) {
            let length = (chosen + [word]).joined(separator: "_").count
            if length > 40 {
                break
            }
            chosen.append(word)
        }
        if chosen.isEmpty, let first = words.first {
            chosen = [String(first.prefix(40))]
        }

        let title = sanitizedComponent(chosen.joined(separator: "_"))
        return title.isEmpty ? "pismo" : title
    }

    /// One part of a name, sanitised by the rules above.
    public static func sanitizedComponent(_ text: String) -> String {
        var result = ""
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let replace = scalar.properties.isWhitespace || forbidden.contains(scalar)
            switch scalar.properties.generalCategory {
            case _ where replace:
                break
            case .control, .format, .surrogate, .unassigned, .privateUse,
                 .lineSeparator, .paragraphSeparator:
                continue
            default:
                break
            }
            if replace {
                if !result.hasSuffix("_") {
                    result.append("_")
                }
            } else if scalar == "_", result.hasSuffix("_") {
                continue
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        let pieces = result.split(separator: "_").filter { piece in
            !piece.allSatisfy { $0 == "." || $0 == "-" }
        }
        return trimmed(pieces.joined(separator: "_"))
    }

    /// The sanitised extension of `filename`, or nil when it has none worth keeping.
    public static func fileExtension(of filename: String) -> String? {
        guard let dot = filename.lastIndex(of: ".") else { return nil }

        let raw = filename[filename.index(after: dot)...].lowercased()
        let isPlain = raw.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
        guard isPlain, !raw.isEmpty, raw.count <= maxExtensionLength else { return nil }
        return raw
    }

    // MARK: - Private

    private static let forbidden = Set("/\\:*?\"<>|".unicodeScalars)

    private static func trimmed(_ text: String) -> String {
        let edges = CharacterSet(charactersIn: "_.-")
        return text.trimmingCharacters(in: edges)
    }

    private static func isReservedDeviceName(_ stem: String) -> Bool {
        let base = stem.split(separator: ".", maxSplits: 1).first.map(String.init) ?? stem
        let upper = base.uppercased()
        if ["CON", "PRN", "AUX", "NUL"].contains(upper) {
            return true
        }
        guard upper.count == 4, let digit = upper.last, ("1"..."9").contains(digit) else {
            return false
        }
        return upper.hasPrefix("COM") || upper.hasPrefix("LPT")
    }

    private static func withoutReplyPrefixes(_ subject: String) -> String {
        let prefixes = ["re:", "odp:", "fwd:", "fw:", "pd:", "aw:", "wg:"]
        var text = subject.trimmingCharacters(in: .whitespaces)
        while let prefix = prefixes.first(where: { text.lowercased().hasPrefix($0) }) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// Runs of letters and digits, a hyphen inside a word kept (`2026-2027`).
    private static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.precomposedStringWithCanonicalMapping {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "-", !current.isEmpty {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty {
            words.append(current)
        }
        return words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
            .filter { !$0.isEmpty }
    }
}
