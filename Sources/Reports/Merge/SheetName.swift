import Foundation

/// Tab names a workbook accepts: at most 31 characters, none of `[ ] : * ? / \`, not
/// starting or ending with `'`, unique apart from case.
struct SheetName {
    private var taken: Set<String> = []

    /// `wanted` made valid and different from every name given before.
    mutating func claim(_ wanted: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var base = String(wanted.map { forbidden.contains($0) ? "_" : $0 })
            .trimmingCharacters(in: ["'", " "])
        if base.isEmpty { base = "Arkusz" }
        base = String(base.prefix(31))

        var name = base
        var number = 2
        while taken.contains(name.lowercased()) {
            let suffix = " (\(number))"
            name = String(base.prefix(31 - suffix.count)) + suffix
            number += 1
        }
        taken.insert(name.lowercased())
        return name
    }
}
