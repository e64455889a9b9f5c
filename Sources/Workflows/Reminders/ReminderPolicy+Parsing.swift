extension ReminderPolicy {
    /// Reads a policy as staff write it (grammar in ``ReminderPolicy``).
    /// - Throws: `ReminderPolicyError` naming the first token that does not fit.
    public init(parsing text: String) throws(ReminderPolicyError) {
        let tokens = Self.tokens(of: text)
        guard let first = tokens.first else { throw ReminderPolicyError(.empty, token: "") }

        if first.lowercased() == "none" {
            if tokens.count > 1 { throw ReminderPolicyError(.noneWithOthers, token: tokens[1]) }
            self = .none
            return
        }

        var items: (offsets: [Int], repetition: Repetition?)?
        var workdays = false
        var window: Window?
        var time: TimeOfDay?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let word = token.lowercased()
            index += 1
            if word == "none" {
                throw ReminderPolicyError(.noneWithOthers, token: token)
            } else if word == "workdays" {
                guard !workdays else { throw ReminderPolicyError(.duplicate, token: token) }
                workdays = true
            } else if word == "at" {
                guard index < tokens.count else {
                    throw ReminderPolicyError(.missingTime, token: token)
                }
                let written = tokens[index]
                index += 1
                guard time == nil else {
                    throw ReminderPolicyError(.duplicate, token: "\(token) \(written)")
                }
                guard let parsed = Self.time(written) else {
                    throw ReminderPolicyError(.badTime, token: written)
                }
                time = parsed
            } else if Self.looksLikeWindow(word) {
                guard window == nil else { throw ReminderPolicyError(.duplicate, token: token) }
                window = try Self.window(token)
            } else if Self.looksLikeItems(word) {
                guard items == nil else { throw ReminderPolicyError(.duplicate, token: token) }
                items = try Self.items(token)
            } else if Self.time(word) != nil {
                throw ReminderPolicyError(.missingTime, token: token)
            } else {
                throw ReminderPolicyError(.unknownToken, token: token)
            }
        }

        guard let items else { throw ReminderPolicyError(.noOffsets, token: "") }
        try self.init(
            offsets: items.offsets, repetition: items.repetition, workdaysOnly: workdays,
            window: window, time: time)
    }

    // MARK: - Tokens

    /// Words split at white space, with spaces around commas dropped first so that
    /// `-2d, 0d` is one list.
    private static func tokens(of text: String) -> [String] {
        var joined = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
            } else if character == "," {
                joined.append(",")
                pendingSpace = false
            } else {
                if pendingSpace, let last = joined.last, last != "," { joined.append(" ") }
                joined.append(character)
                pendingSpace = false
            }
        }
        return joined.split(separator: " ").map(String.init)
    }

    private static func looksLikeWindow(_ word: String) -> Bool {
        word.contains(":") && word.dropFirst().contains("-")
    }

    private static func looksLikeItems(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        if first == "+" || first == "-" || first == "," { return true }
        return first.isNumber && !word.contains(":")
    }

    // MARK: - Offsets

    private static func items(
        _ token: String
    ) throws(ReminderPolicyError) -> (offsets: [Int], repetition: Repetition?) {
        var offsets: [Int] = []
        var repetition: Repetition?
        for part in token.split(separator: ",", omittingEmptySubsequences: false) {
            let item = String(part)
            guard repetition == nil else {
                throw ReminderPolicyError(.repeatNotLast, token: item)
            }
            if item.contains("*") {
                let parsed = try Self.repetition(item)
                if let last = offsets.last, parsed.interval <= last {
                    throw ReminderPolicyError(.notIncreasing, token: item)
                }
                repetition = parsed
            } else {
                let offset = try Self.offset(item)
                if let last = offsets.last, offset <= last {
                    throw ReminderPolicyError(.notIncreasing, token: item)
                }
                offsets.append(offset)
            }
        }
        return (offsets, repetition)
    }

    /// `-Nd`, `0d`, `+Nd` (also `+0d`, `-0d`).
    private static func offset(_ item: String) throws(ReminderPolicyError) -> Int {
        let lowered = item.lowercased()
        guard lowered.hasSuffix("d") else { throw ReminderPolicyError(.badOffset, token: item) }
        let body = lowered.dropLast()
        let sign = body.first == "-" ? -1 : 1
        let digits = body.first == "-" || body.first == "+" ? body.dropFirst() : body[...]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII),
            digits.allSatisfy(\.isNumber), let days = Int(digits)
        else { throw ReminderPolicyError(.badOffset, token: item) }
        guard days == 0 || body.first == "-" || body.first == "+" else {
            throw ReminderPolicyError(.badOffset, token: item)
        }
        guard days <= limitDays else { throw ReminderPolicyError(.outOfRange, token: item) }
        return sign * days
    }

    /// `+Nd*K`.
    private static func repetition(_ item: String) throws(ReminderPolicyError) -> Repetition {
        let halves = item.lowercased().split(separator: "*", omittingEmptySubsequences: false)
        guard halves.count == 2, halves[0].first == "+", halves[0].hasSuffix("d"),
            halves[1].count <= 3, halves[1].allSatisfy(\.isASCII),
            halves[1].allSatisfy(\.isNumber), let times = Int(halves[1])
        else { throw ReminderPolicyError(.badRepeat, token: item) }
        let interval: Int
        do {
            interval = try offset(String(halves[0]))
        } catch {
            throw ReminderPolicyError(
                error.kind == .outOfRange ? .outOfRange : .badRepeat,
                token: item)
        }
        guard let repetition = Repetition(every: interval, times: times) else {
            throw ReminderPolicyError(.badRepeat, token: item)
        }
        guard times <= limitRepeats, interval * times <= limitDays else {
            throw ReminderPolicyError(.outOfRange, token: item)
        }
        return repetition
    }

    // MARK: - Times

    /// `HH:MM-HH:MM`.
    private static func window(_ token: String) throws(ReminderPolicyError) -> Window {
        let halves = token.split(separator: "-", omittingEmptySubsequences: false)
        guard halves.count == 2, let start = time(String(halves[0])),
            let end = time(String(halves[1])), let window = Window(start: start, end: end)
        else { throw ReminderPolicyError(.badWindow, token: token) }
        return window
    }

    /// `HH:MM` with two digits each (`8:00` is accepted too).
    static func time(_ text: String) -> TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }
}
