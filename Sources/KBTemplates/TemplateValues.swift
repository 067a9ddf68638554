// Value semantics shared by the renderer and filters: truthiness, text forms, equality, HTML escaping.

extension TemplateValue {
    /// Jinja truthiness: null, false, 0, 0.0 and empty strings, lists and dictionaries are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text), .safeHTML(let text): return !text.isEmpty
        case .array(let array): return !array.isEmpty
        case .dictionary(let dictionary): return !dictionary.isEmpty
        }
    }

    var isContainerOrText: Bool {
        switch self {
        case .null, .string, .safeHTML, .array, .dictionary: return true
        default: return false
        }
    }

    var numeric: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    var text: String? {
        switch self {
        case .string(let text), .safeHTML(let text): return text
        default: return nil
        }
    }

    /// The value as text, unescaped (null is empty).
    var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return formatNumber(number)
        case .string(let text), .safeHTML(let text): return text
        case .array(let array): return array.map(\.plainText).joined(separator: ", ")
        case .dictionary: return jsonText(self)
        }
    }

    /// The value as HTML: strings escaped, safe HTML as is.
    var htmlText: String {
        switch self {
        case .safeHTML(let html): return html
        default: return escapeHTML(plainText)
        }
    }
}

func typeName(_ value: TemplateValue) -> String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .safeHTML: return "safe HTML"
    case .array: return "a list"
    case .dictionary: return "a dictionary"
    }
}

/// Equality across representations: 1 == 1.0, and a string equals safe HTML of the same text.
func valuesEqual(_ left: TemplateValue, _ right: TemplateValue) -> Bool {
    if let a = left.numeric, let b = right.numeric { return a == b }
    if let a = left.text, let b = right.text { return a == b }
    switch (left, right) {
    case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { valuesEqual($0, $1) }
    case (.dictionary(let a), .dictionary(let b)):
        return a.count == b.count && a.allSatisfy { key, value in b[key].map { valuesEqual(value, $0) } ?? false }
    default:
        return left == right
    }
}

func formatNumber(_ number: Double) -> String {
    number.description
}

func containsSubstring(_ haystack: String, _ needle: String) -> Bool {
    if needle.isEmpty { return true }
    let hay = Array(haystack.utf8)
    let pin = Array(needle.utf8)
    guard pin.count <= hay.count, let first = pin.first else { return false }
    var index = 0
    let last = hay.count - pin.count
    while index <= last {
        if hay[index] == first && hay[index..<index + pin.count].elementsEqual(pin) { return true }
        index += 1
    }
    return false
}

// MARK: - Byte output

@inline(__always) func appendUTF8(_ string: String, to output: inout [UInt8]) {
    var string = string
    string.withUTF8 { output.append(contentsOf: $0) }
}

@inline(__always) private func append(_ literal: StaticString, to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
}

/// Appends `string` with `& < > " '` escaped, copying the runs between them in one go.
func appendEscapedHTML(_ string: String, to output: inout [UInt8]) {
    var string = string
    string.withUTF8 { bytes in
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            // Every escaped byte is at most '>' (0x3E); most text bytes fail this first test.
            guard byte <= 0x3E else { continue }
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            append(replacement, to: &output)
            runStart = index + 1
        }
        if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
    }
}

func escapeHTML(_ string: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(string.utf8.count + 16)
    appendEscapedHTML(string, to: &output)
    return String(decoding: output, as: UTF8.self)
}
