import Ledger

/// The words of one command line: positionals in order, options by name.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var used: Set<String> = []

    /// Options that take no value.
    static let flagNames: Set<String> = ["once", "help", "keep"]

    /// - Throws: `UsageError` for an option without its value.
    init(_ words: [String]) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if Self.flagNames.contains(name) && value == nil {
                flags.insert(name)
                continue
            }
            if value == nil {
                guard index < words.count else { throw UsageError("--\(name) needs a value") }
                value = words[index]
                index += 1
            }
            options[name, default: []].append(value ?? "")
        }
    }

    /// The last value of option `name`.
    mutating func value(_ name: String) -> String? {
        used.insert(name)
        return options[name]?.last
    }

    /// Every value of a repeatable option.
    mutating func values(_ name: String) -> [String] {
        used.insert(name)
        return options[name] ?? []
    }

    /// The value of a required option.
    /// - Throws: `UsageError` when it is missing.
    mutating func required(_ name: String) throws -> String {
        guard let value = value(name), !value.isEmpty else {
            throw UsageError("--\(name) is required")
        }
        return value
    }

    mutating func flag(_ name: String) -> Bool {
        used.insert(name)
        return flags.contains(name)
    }

    /// Takes the next positional.
    /// - Throws: `UsageError` naming what is missing.
    mutating func next(_ what: String) throws -> String {
        guard !positionals.isEmpty else { throw UsageError("missing \(what)") }
        return positionals.removeFirst()
    }

    /// Fails on options or positionals nobody asked for: a typo must not pass silently.
    /// - Throws: `UsageError`.
    func finish() throws {
        if let unknown = Set(options.keys).union(flags).subtracting(used).sorted().first {
            throw UsageError("unknown option --\(unknown)")
        }
        if let extra = positionals.first { throw UsageError("unexpected argument \(extra)") }
    }
}

/// The command line was wrong (exit 64).
struct UsageError: CategorizedError {
    var description: String
    var category: FailureCategory { .usage }

    init(_ description: String) {
        self.description = description
    }
}
