// The built-in filters. Each is a pure function of its input and arguments.

import Foundation

/// Why a filter refused its input or arguments; the renderer adds the location.
struct FilterFailure: Error {
    var message: String
    var hint: String?
    /// The argument at fault (0 = the first), so the error points at it rather than at the filter name.
    var argument: Int?
    init(_ message: String, hint: String? = nil, argument: Int? = nil) {
        self.message = message
        self.hint = hint
        self.argument = argument
    }
}

/// An error a host filter may throw; its message becomes the template error's message.
public struct TemplateFilterError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

func applyBuiltinFilter(_ filter: BuiltinFilter, to value: TemplateValue, arguments: [TemplateValue]) throws(FilterFailure) -> TemplateValue {
    switch filter {
    case .upper: return try mapText(value, filter) { $0.uppercased() }
    case .lower: return try mapText(value, filter) { $0.lowercased() }
    case .title: return try mapText(value, filter, titleCase)
    case .length:
        switch value {
        case .string(let text), .safeHTML(let text): return .int(text.count)
        case .array(let array): return .int(array.count)
        case .dictionary(let dictionary): return .int(dictionary.count)
        case .null: return .int(0)
        default: throw FilterFailure("needs a string, list or dictionary, got \(typeName(value))")
        }
    case .default:
        if case .null = value { return arguments.first ?? .null }
        return value
    case .join: return try join(value, arguments)
    case .first, .last:
        switch value {
        case .array(let array): return (filter == .first ? array.first : array.last) ?? .null
        case .string(let text): return .string((filter == .first ? text.first : text.last).map(String.init) ?? "")
        default: throw FilterFailure("needs a list or a string, got \(typeName(value))")
        }
    case .reverse:
        switch value {
        case .array(let array): return .array(array.reversed())
        case .string(let text): return .string(String(text.reversed()))
        default: throw FilterFailure("needs a list or a string, got \(typeName(value))")
        }
    case .sort: return try sort(value, arguments)
    case .truncate: return try truncate(value, arguments)
    case .striptags:
        guard let text = value.text else { throw FilterFailure("needs a string, got \(typeName(value))") }
        return .string(stripTags(text))
    case .slug:
        guard value.text != nil || value.numeric != nil else { throw FilterFailure("needs a string, got \(typeName(value))") }
        return .string(slugify(value.plainText))
    case .date: return try formatDate(value, arguments)
    case .urlencode:
        switch value {
        case .string, .safeHTML, .int, .double, .bool: return .string(percentEncode(value.plainText))
        default: throw FilterFailure("needs a string, got \(typeName(value))")
        }
    case .json: return .safeHTML(jsonText(value))
    case .escape:
        switch value {
        case .safeHTML: return value
        case .array, .dictionary: throw FilterFailure("needs a string, got \(typeName(value))")
        default: return .safeHTML(escapeHTML(value.plainText))
        }
    case .safe:
        switch value {
        case .safeHTML: return value
        case .array, .dictionary: throw FilterFailure("needs a string, got \(typeName(value))")
        default: return .safeHTML(value.plainText)
        }
    }
}

private func mapText(_ value: TemplateValue, _ filter: BuiltinFilter, _ transform: (String) -> String) throws(FilterFailure) -> TemplateValue {
    switch value {
    case .string(let text): return .string(transform(text))
    case .safeHTML(let html): return .safeHTML(transform(html))
    case .int, .double, .bool, .null: return .string(transform(value.plainText))
    default: throw FilterFailure("needs a string, got \(typeName(value))")
    }
}

/// Capitalises the first letter of each word and lowercases the rest.
private func titleCase(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var atWordStart = true
    for scalar in text.unicodeScalars {
        let isWordCharacter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "'"
        if isWordCharacter {
            result += atWordStart ? String(scalar).uppercased() : String(scalar).lowercased()
            atWordStart = false
        } else {
            result.unicodeScalars.append(scalar)
            atWordStart = true
        }
    }
    return result
}

private func join(_ value: TemplateValue, _ arguments: [TemplateValue]) throws(FilterFailure) -> TemplateValue {
    guard case .array(let array) = value else { throw FilterFailure("needs a list, got \(typeName(value))") }
    let separator = arguments.first ?? .string("")
    guard separator.text != nil else { throw FilterFailure("the separator must be a string, got \(typeName(separator))", argument: 0) }
    for element in array {
        if case .array = element { throw FilterFailure("cannot join a list of lists") }
        if case .dictionary = element { throw FilterFailure("cannot join a list of dictionaries", hint: "loop over it with '{% for %}'") }
    }
    let anySafe = array.contains { if case .safeHTML = $0 { return true } else { return false } }
    if anySafe || { if case .safeHTML = separator { return true } else { return false } }() {
        return .safeHTML(array.map(\.htmlText).joined(separator: separator.htmlText))
    }
    return .string(array.map(\.plainText).joined(separator: separator.plainText))
}

private func sort(_ value: TemplateValue, _ arguments: [TemplateValue]) throws(FilterFailure) -> TemplateValue {
    guard case .array(let array) = value else { throw FilterFailure("needs a list, got \(typeName(value))") }
    var keys: [TemplateValue] = []
    keys.reserveCapacity(array.count)
    if let attribute = arguments.first {
        guard let path = attribute.text else { throw FilterFailure("the attribute name must be a string, got \(typeName(attribute))", argument: 0) }
        let parts = path.split(separator: ".").map(String.init)
        for element in array {
            var current = element
            for part in parts {
                guard case .dictionary(let dictionary) = current, let next = dictionary[part] else {
                    throw FilterFailure("an element has no attribute '\(path)'", hint: "every element must have it", argument: 0)
                }
                current = next
            }
            keys.append(current)
        }
    } else {
        keys = array
    }
    let allNumbers = keys.allSatisfy { $0.numeric != nil }
    let allText = keys.allSatisfy { $0.text != nil }
    guard allNumbers || allText else {
        throw FilterFailure("can only sort numbers or strings, not a mix", hint: arguments.isEmpty ? "sort dictionaries with '| sort(\"attribute\")'" : nil)
    }
    // Sorting indices with the index as tie-breaker keeps equal elements in their original order.
    let order = keys.indices.sorted { a, b in
        if allNumbers {
            let x = keys[a].numeric ?? 0, y = keys[b].numeric ?? 0
            return x != y ? x < y : a < b
        }
        let x = keys[a].text ?? "", y = keys[b].text ?? ""
        return x != y ? x < y : a < b
    }
    return .array(order.map { array[$0] })
}

private func truncate(_ value: TemplateValue, _ arguments: [TemplateValue]) throws(FilterFailure) -> TemplateValue {
    guard let text = value.text else { throw FilterFailure("needs a string, got \(typeName(value))") }
    guard case .int(let limit)? = arguments.first, limit >= 1 else {
        throw FilterFailure("the length must be a whole number of at least 1", hint: "write '| truncate(80)'",
                            argument: arguments.isEmpty ? nil : 0)
    }
    // Walk at most `limit` characters instead of counting a whole article body.
    guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), end != text.endIndex else {
        return .string(text)
    }
    var kept = Substring(text.prefix(limit - 1))
    // Prefer ending at a word boundary, unless that would drop more than half of the text.
    let nextIsSpace = text.dropFirst(limit - 1).first?.isWhitespace ?? true
    if !nextIsSpace, let space = kept.lastIndex(where: \.isWhitespace), kept.distance(from: kept.startIndex, to: space) >= (limit - 1) / 2 {
        kept = kept[..<space]
    }
    while let last = kept.last, last.isWhitespace { kept.removeLast() }
    return .string(kept + "…")
}

/// Removes tags, decodes the common entities and collapses whitespace.
func stripTags(_ html: String) -> String {
    let bytes = Array(html.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var pendingSpace = false
    func emit(_ byte: UInt8) {
        if isTemplateSpace(byte) {
            pendingSpace = !output.isEmpty
            return
        }
        if pendingSpace { output.append(0x20); pendingSpace = false }
        output.append(byte)
    }
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "<"), index + 1 < bytes.count,
           isNameStart(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "!") || bytes[index + 1] == UInt8(ascii: "?") {
            var end = index + 1
            while end < bytes.count && bytes[end] != UInt8(ascii: ">") { end += 1 }
            // A tag separates words: "<p>a</p><p>b</p>" reads "a b".
            if !output.isEmpty { pendingSpace = true }
            index = end + 1
            continue
        }
        if byte == UInt8(ascii: "&"), let (decoded, length) = decodeEntity(bytes, at: index) {
            for unit in decoded.utf8 { emit(unit) }
            index += length
            continue
        }
        emit(byte)
        index += 1
    }
    return String(decoding: output, as: UTF8.self)
}

private func decodeEntity(_ bytes: [UInt8], at start: Int) -> (String, Int)? {
    var end = start + 1
    while end < bytes.count && end - start < 12 && bytes[end] != UInt8(ascii: ";") { end += 1 }
    guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
    let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
    let length = end - start + 1
    switch name {
    case "amp": return ("&", length)
    case "lt": return ("<", length)
    case "gt": return (">", length)
    case "quot": return ("\"", length)
    case "apos": return ("'", length)
    case "nbsp": return (" ", length)
    default: break
    }
    guard name.hasPrefix("#") else { return nil }
    let digits = name.dropFirst()
    let code: UInt32?
    if digits.hasPrefix("x") || digits.hasPrefix("X") {
        code = UInt32(digits.dropFirst(), radix: 16)
    } else {
        code = UInt32(digits, radix: 10)
    }
    guard let code, let scalar = Unicode.Scalar(code) else { return nil }
    return (String(Character(scalar)), length)
}

/// Lowercase ASCII letters and digits joined by single hyphens; accents are folded first ("Café" → "cafe").
func slugify(_ text: String) -> String {
    var source = text
    if text.utf8.contains(where: { $0 >= 0x80 }) {
        source = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
    }
    var output: [UInt8] = []
    output.reserveCapacity(source.utf8.count)
    var pendingHyphen = false
    for byte in source.utf8 {
        let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || isDigit(lower) {
            if pendingHyphen && !output.isEmpty { output.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            output.append(lower)
        } else {
            pendingHyphen = true
        }
    }
    return String(decoding: output, as: UTF8.self)
}

/// Percent-encodes every byte except the URL-unreserved `A-Z a-z 0-9 - _ . ~`.
func percentEncode(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
        if isNameStart(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~") {
            output.append(byte)
        } else {
            output.append(UInt8(ascii: "%"))
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }
    return String(decoding: output, as: UTF8.self)
}

// MARK: - JSON

/// JSON with object keys sorted, safe to embed in `<script>` and in attributes: `< > & '` and U+2028/U+2029
/// become `\u` escapes, so the text can never close the element, open a comment or end an attribute.
func jsonText(_ value: TemplateValue) -> String {
    var output: [UInt8] = []
    appendJSON(value, to: &output)
    return String(decoding: output, as: UTF8.self)
}

private func appendJSON(_ value: TemplateValue, to output: inout [UInt8]) {
    switch value {
    case .null: output.append(contentsOf: "null".utf8)
    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
    case .int(let number): output.append(contentsOf: String(number).utf8)
    case .double(let number): output.append(contentsOf: (number.isFinite ? formatNumber(number) : "null").utf8)
    case .string(let text), .safeHTML(let text): appendJSONString(text, to: &output)
    case .array(let array):
        output.append(UInt8(ascii: "["))
        for (index, element) in array.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendJSON(element, to: &output)
        }
        output.append(UInt8(ascii: "]"))
    case .dictionary(let dictionary):
        output.append(UInt8(ascii: "{"))
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            appendJSON(dictionary[key] ?? .null, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

private func appendJSONString(_ text: String, to output: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    func unicodeEscape(_ code: Int) {
        output.append(contentsOf: "\\u".utf8)
        for shift in [12, 8, 4, 0] { output.append(hex[(code >> shift) & 0xF]) }
    }
    output.append(UInt8(ascii: "\""))
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
        case 0x0A: output.append(contentsOf: "\\n".utf8)
        case 0x0D: output.append(contentsOf: "\\r".utf8)
        case 0x09: output.append(contentsOf: "\\t".utf8)
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "'"): unicodeEscape(Int(byte))
        case 0x00..<0x20: unicodeEscape(Int(byte))
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
            index += 2
        default: output.append(byte)
        }
        index += 1
    }
    output.append(UInt8(ascii: "\""))
}

// MARK: - Dates

private let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
private let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

struct DateParts: Equatable {
    var year: Int, month: Int, day: Int, hour = 0, minute = 0, second = 0
}

/// Parses `YYYY-MM-DD` optionally followed by `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM` (kept as written).
func parseISODate(_ text: String) -> DateParts? {
    let bytes = Array(text.utf8)
    func number(_ start: Int, _ length: Int) -> Int? {
        guard start + length <= bytes.count else { return nil }
        var value = 0
        for index in start..<start + length {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        }
        return value
    }
    guard bytes.count >= 10, let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
          bytes[7] == UInt8(ascii: "-"), let day = number(8, 2), (1...12).contains(month),
          day >= 1, day <= daysInMonth(month, year: year) else { return nil }
    var parts = DateParts(year: year, month: month, day: day)
    if bytes.count == 10 { return parts }
    guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), let hour = number(11, 2), hour < 24,
          bytes.count > 13, bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2), minute < 60 else { return nil }
    parts.hour = hour
    parts.minute = minute
    var index = 16
    if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
        guard let second = number(index + 1, 2), second < 61 else { return nil }
        parts.second = second
        index += 3
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
    }
    if index == bytes.count { return parts }
    if bytes[index] == UInt8(ascii: "Z") && index + 1 == bytes.count { return parts }
    if (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) && index + 6 == bytes.count,
       number(index + 1, 2) != nil, bytes[index + 3] == UInt8(ascii: ":"), number(index + 4, 2) != nil {
        return parts
    }
    return nil
}

private func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// 0 = Sunday (Sakamoto's method).
private func weekday(_ parts: DateParts) -> Int {
    let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
    let year = parts.month < 3 ? parts.year - 1 : parts.year
    return (year + year / 4 - year / 100 + year / 400 + offsets[parts.month - 1] + parts.day) % 7
}

private func formatDate(_ value: TemplateValue, _ arguments: [TemplateValue]) throws(FilterFailure) -> TemplateValue {
    guard let text = value.text else {
        throw FilterFailure("needs a date string like \"2026-11-20\", got \(typeName(value))")
    }
    guard let parts = parseISODate(text) else {
        throw FilterFailure("'\(text)' is not a date", hint: "write dates as 2026-11-20 or 2026-11-20T10:00:00Z")
    }
    let formatValue = arguments.first ?? .string("%Y-%m-%d")
    guard let format = formatValue.text else {
        throw FilterFailure("the format must be a string, got \(typeName(formatValue))", argument: 0)
    }
    func pad(_ number: Int, _ width: Int = 2) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
    var result = ""
    var scalars = format.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
        guard scalar == "%" else { result.unicodeScalars.append(scalar); continue }
        guard let code = scalars.next() else { throw FilterFailure("the format ends with a lone '%'", hint: "write '%%' for a percent sign", argument: 0) }
        switch code {
        case "Y": result += pad(parts.year, 4)
        case "y": result += pad(parts.year % 100)
        case "m": result += pad(parts.month)
        case "d": result += pad(parts.day)
        case "e": result += String(parts.day)
        case "B": result += monthNames[parts.month - 1]
        case "b": result += String(monthNames[parts.month - 1].prefix(3))
        case "A": result += weekdayNames[weekday(parts)]
        case "a": result += String(weekdayNames[weekday(parts)].prefix(3))
        case "H": result += pad(parts.hour)
        case "M": result += pad(parts.minute)
        case "S": result += pad(parts.second)
        case "%": result += "%"
        default:
            throw FilterFailure("unknown date format '%\(code)'", hint: "use %Y %y %m %d %e %B %b %A %a %H %M %S or %%")
        }
    }
    return .string(result)
}
