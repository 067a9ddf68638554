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

/// Appends `string` with `& < > " '` escaped; unescaped runs are appended as slices of the original
/// string, so no byte is re-validated as UTF-8.
func appendEscapedHTML(_ string: String, to output: inout String) {
    var contiguous = string
    let original = contiguous
    contiguous.withUTF8 { bytes in
        var runStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Every escaped byte is at most '>' (0x3E); most text bytes fail this first test.
            if byte > 0x3E { index += 1; continue }
            let replacement: String
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: index += 1; continue
            }
            if runStart < index { appendSlice(of: original, from: runStart, to: index, to: &output) }
            output.append(replacement)
            index += 1
            runStart = index
        }
        if runStart == 0 {
            output.append(original)
        } else if runStart < bytes.count {
            appendSlice(of: original, from: runStart, to: bytes.count, to: &output)
        }
    }
}

/// Appends the UTF-8 byte range `start..<end` of `string`; both ends sit next to ASCII bytes, so they are
/// scalar boundaries. Slicing by scalars (not Characters) keeps a combining mark after '<' from pulling it in.
@inline(__always) private func appendSlice(of string: String, from start: Int, to end: Int, to output: inout String) {
    let utf8 = string.utf8
    let lower = utf8.index(utf8.startIndex, offsetBy: start)
    let upper = utf8.index(lower, offsetBy: end - start)
    output.append(contentsOf: Substring(string.unicodeScalars[lower..<upper]))
}

func escapeHTML(_ string: String) -> String {
    var output = ""
    output.reserveCapacity(string.utf8.count + 16)
    appendEscapedHTML(string, to: &output)
    return output
}
