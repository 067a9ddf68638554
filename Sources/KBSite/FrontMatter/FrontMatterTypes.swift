/// A value read from YAML front matter.
public indirect enum FrontMatterValue: Sendable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String)
    /// A date or timestamp, exactly as written (trimmed), e.g. "2026-11-20" or "2026-11-20T10:30:00Z".
    case date(String)
    case list([FrontMatterValue])
    case map(FrontMatterMap)
}

/// One `key: value` pair; `line` and `column` locate the key (1-based, in the file).
public struct FrontMatterEntry: Sendable, Equatable {
    public var key: String
    public var value: FrontMatterValue
    public var line: Int
    public var column: Int
    /// Where the value starts when it is on the key's line (else the key's position), for errors about the value.
    public var valueLine: Int
    public var valueColumn: Int

    /// Creates an entry located at `line`:`column` of the file; the value is located there too unless given.
    public init(key: String, value: FrontMatterValue, line: Int, column: Int, valueLine: Int? = nil, valueColumn: Int? = nil) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
        self.valueLine = valueLine ?? line
        self.valueColumn = valueColumn ?? column
    }

    /// Equal key, value and key position; the value's position only locates messages.
    public static func == (lhs: FrontMatterEntry, rhs: FrontMatterEntry) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value && lhs.line == rhs.line && lhs.column == rhs.column
    }
}

/// A YAML mapping that keeps its keys in source order.
public struct FrontMatterMap: Sendable, Equatable {
    /// The entries in source order; keys are unique after parsing.
    public var entries: [FrontMatterEntry]

    /// Creates a map from entries in source order.
    public init(entries: [FrontMatterEntry] = []) {
        self.entries = entries
    }

    /// The value stored under `key`, or nil when the key is absent.
    public subscript(key: String) -> FrontMatterValue? {
        entry(key)?.value
    }

    /// The entry for `key` (with its source location), or nil when absent.
    public func entry(_ key: String) -> FrontMatterEntry? {
        // Maps are small (a dozen fields); a linear scan beats building an index per map.
        entries.first { $0.key == key }
    }

    /// The keys in source order.
    public var keys: [String] { entries.map(\.key) }

    /// True when the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }
}

/// A front matter problem at a 1-based line and column of the file.
public struct FrontMatterError: Error, CustomStringConvertible, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?

    /// Creates an error at `line`:`column` with an optional hint on how to fix it.
    public init(line: Int, column: Int, message: String, hint: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// "line:column: message (hint)"; the caller prefixes the file path.
    public var description: String {
        if let hint { return "\(line):\(column): \(message) (\(hint))" }
        return "\(line):\(column): \(message)"
    }
}

/// A Markdown file split into its front matter and its body.
public struct FrontMatterDocument: Sendable {
    /// The parsed front matter; empty when the file has none.
    public var frontMatter: FrontMatterMap
    /// True when the file starts with a `---` front matter block (even an empty one).
    public var hasFrontMatter: Bool
    /// The text after the closing `---` line, with the BOM removed and CRLF turned into LF.
    public var body: String
    /// The 1-based line of the file where `body` begins.
    public var bodyStartLine: Int

    /// Creates a document from its parts.
    public init(frontMatter: FrontMatterMap, hasFrontMatter: Bool, body: String, bodyStartLine: Int) {
        self.frontMatter = frontMatter
        self.hasFrontMatter = hasFrontMatter
        self.body = body
        self.bodyStartLine = bodyStartLine
    }
}

extension FrontMatterValue {
    /// The text of a string, or an int, double or date rendered as text; nil otherwise.
    public var stringValue: String? {
        switch self {
        case .string(let text), .date(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .null, .bool, .list, .map: return nil
        }
    }

    /// The integer, or nil when the value is not an integer.
    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    /// The number as a Double (ints included), or nil when the value is not a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// The boolean, or nil when the value is not `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// A list of scalars as text, or a single scalar as a one-element list; nil for anything else.
    public var stringList: [String]? {
        switch self {
        case .list(let items):
            var texts: [String] = []
            texts.reserveCapacity(items.count)
            for item in items {
                guard let text = item.stringValue else { return nil }
                texts.append(text)
            }
            return texts
        case .string, .int, .double, .date:
            return stringValue.map { [$0] }
        case .null, .bool, .map:
            return nil
        }
    }

    /// The items of a list, or nil when the value is not a list.
    public var listValue: [FrontMatterValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The map, or nil when the value is not a map.
    public var mapValue: FrontMatterMap? {
        if case .map(let map) = self { return map }
        return nil
    }

    /// True for `null`, `~` and an empty value.
    public var isNull: Bool { self == .null }
}
