/// The parsed arguments of one subcommand.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var switches: Set<String> = []

    func value(_ flag: FlagSpec) -> String? { values[flag.name] }
    func has(_ name: String) -> Bool { switches.contains(name) }
}

/// A command-line mistake; exits 64.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let command: String?
    var description: String { message }
}

enum ArgumentParser {
    /// Parses `arguments` (after the subcommand name) against `spec`.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let flag = spec.flag(named: name) else {
                var message = "kb \(spec.name): unknown flag '\(name)'"
                if let close = closestMatch(to: name, in: spec.flags.map(\.name)) {
                    message += "; did you mean '\(close)'?"
                }
                throw UsageError(message: message, command: spec.name)
            }
            if flag.value == nil {
                if inlineValue != nil {
                    throw UsageError(message: "kb \(spec.name): flag '\(name)' takes no value", command: spec.name)
                }
                parsed.switches.insert(name)
            } else if let inlineValue {
                parsed.values[name] = inlineValue
            } else if index < arguments.count {
                parsed.values[name] = arguments[index]
                index += 1
            } else {
                throw UsageError(message: "kb \(spec.name): flag '\(name)' needs a value (\(flag.value ?? "VALUE"))", command: spec.name)
            }
        }
        if parsed.positionals.count > spec.maxPositionals {
            let extra = parsed.positionals[spec.maxPositionals]
            throw UsageError(message: "kb \(spec.name): unexpected argument '\(extra)'", command: spec.name)
        }
        return parsed
    }

    /// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
    static func closestMatch(to word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Damerau-Levenshtein (optimal string alignment) distance, so a swap like `biuld` counts as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
