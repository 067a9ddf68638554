import Foundation
@testable import KBMarkdown

/// A Swift port of the normalization in ../shared/spec/run-spec.py (itself modelled on the
/// CommonMark spec's normalize.py): whitespace collapsed outside <pre>, whitespace around block
/// tags dropped, attributes sorted and re-quoted, character references decoded, `<br />` -> `<br>`.
enum HTMLNormalizer {
    static let blockTags: Set<String> = Set("""
        article header aside hgroup blockquote hr iframe body li map button object
        canvas ol caption output col p colgroup pre dd progress div section dl
        table td dt tbody embed textarea fieldset tfoot figcaption th figure thead
        footer tr form ul h1 h2 h3 h4 h5 h6 video script style
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    static let rawTextTags: Set<String> = ["script", "style"]

    enum Token {
        case text(String)
        case rawText(String)
        case start(name: String, attributes: [(String, String?)], selfClosing: Bool)
        case end(String)
        case verbatim(String)
    }

    static func isWS(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    static func string(_ b: [UInt8], _ s: Int, _ e: Int) -> String { String(decoding: b[s..<e], as: UTF8.self) }

    static func find(_ b: [UInt8], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.utf8)
        var i = from
        while i + n.count <= b.count {
            if b[i] == n[0] && Array(b[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }

    static func startsWith(_ b: [UInt8], _ prefix: String, at i: Int) -> Bool {
        let p = Array(prefix.utf8)
        return i + p.count <= b.count && Array(b[i..<(i + p.count)]) == p
    }

    static func searchAny(_ b: [UInt8], from: Int, _ set: String) -> Int? {
        let chars = Set(set.utf8)
        var i = from
        while i < b.count {
            if chars.contains(b[i]) { return i }
            i += 1
        }
        return nil
    }

    static func skipWS(_ b: [UInt8], _ i: Int) -> Int {
        var i = i
        while i < b.count && isWS(b[i]) { i += 1 }
        return i
    }

    /// Decodes every character reference (attribute values).
    static func unescapeAll(_ s: String) -> String {
        decodeReferences(s, keepSpecial: false)
    }

    /// Decodes `&...;` references; with keepSpecial, & < > " are written back as entities.
    static func decodeReferences(_ s: String, keepSpecial: Bool) -> String {
        let b = Array(s.utf8)
        guard b.contains(UInt8(ascii: "&")) else { return s }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "&"), let (decoded, after) = decodeOne(b, i) {
                for c in decoded {
                    if keepSpecial {
                        switch c {
                        case UInt8(ascii: "&"): out.append(contentsOf: Array("&amp;".utf8))
                        case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
                        case UInt8(ascii: ">"): out.append(contentsOf: Array("&gt;".utf8))
                        case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
                        default: out.append(c)
                        }
                    } else {
                        out.append(c)
                    }
                }
                i = after
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decodeOne(_ b: [UInt8], _ start: Int) -> ([UInt8], Int)? {
        var i = start + 1
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "#") {
            i += 1
            var hex = false
            if i < b.count && (b[i] | 0x20) == UInt8(ascii: "x") { hex = true; i += 1 }
            let digitsStart = i
            var value: UInt64 = 0
            while i < b.count {
                let c = b[i]
                if c >= 48 && c <= 57 {
                    value = min(value * (hex ? 16 : 10) + UInt64(c - 48), 0x7FFF_FFFF)
                } else if hex && (c | 0x20) >= 97 && (c | 0x20) <= 102 {
                    value = min(value * 16 + UInt64((c | 0x20) - 87), 0x7FFF_FFFF)
                } else {
                    break
                }
                i += 1
            }
            guard i > digitsStart, i < b.count, b[i] == UInt8(ascii: ";") else { return nil }
            let scalar = (value == 0 ? nil : Unicode.Scalar(UInt32(value))) ?? Unicode.Scalar(0xFFFD)!
            return (Array(String(Character(scalar)).utf8), i + 1)
        }
        let nameStart = i
        guard i < b.count, isLetter(b[i]) else { return nil }
        while i < b.count && (isLetter(b[i]) || (b[i] >= 48 && b[i] <= 57)) { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: ";"), let decoded = HTMLEntities.lookup(b[nameStart..<i]) else { return nil }
        return (decoded, i + 1)
    }

    static func parseTag(_ b: [UInt8], _ i: Int, lastGT: Int) -> (Token, Int)? {
        let n = b.count
        if startsWith(b, "<!--", at: i) {
            let j = i + 4
            let end: Int
            if startsWith(b, ">", at: j) {
                end = j + 1
            } else if startsWith(b, "->", at: j) {
                end = j + 2
            } else if let k = find(b, "-->", from: j) {
                end = k + 3
            } else {
                end = n
            }
            return (.verbatim(string(b, i, end)), end)
        }
        if startsWith(b, "<![CDATA[", at: i) {
            let end = find(b, "]]>", from: i + 9).map { $0 + 3 } ?? n
            return (.verbatim(string(b, i, end)), end)
        }
        if i > lastGT { return nil }
        if startsWith(b, "<!", at: i) || startsWith(b, "<?", at: i) {
            guard let k = find(b, ">", from: i + 2) else { return nil }
            return (.verbatim(string(b, i, k + 1)), k + 1)
        }
        if startsWith(b, "</", at: i) {
            guard i + 2 < n, isLetter(b[i + 2]) else { return nil }
            let nameEnd = searchAny(b, from: i + 2, " \t\n\r\u{0C}/>") ?? n
            guard let k = find(b, ">", from: nameEnd) else { return nil }
            return (.end(string(b, i + 2, nameEnd).lowercased()), k + 1)
        }
        guard i + 1 < n, isLetter(b[i + 1]) else { return nil }
        guard let nameEnd = searchAny(b, from: i + 1, " \t\n\r\u{0C}/>") else { return nil }
        let name = string(b, i + 1, nameEnd).lowercased()
        var j = nameEnd
        var attributes: [(String, String?)] = []
        while true {
            while j < n && (isWS(b[j]) || (b[j] == UInt8(ascii: "/") && !startsWith(b, "/>", at: j))) { j += 1 }
            if j >= n { return nil }
            if b[j] == UInt8(ascii: ">") { return (.start(name: name, attributes: attributes, selfClosing: false), j + 1) }
            if startsWith(b, "/>", at: j) { return (.start(name: name, attributes: attributes, selfClosing: true), j + 2) }
            guard let attributeEnd = searchAny(b, from: j + 1, " \t\n\r\u{0C}/>=") else { return nil }
            let attributeName = string(b, j, attributeEnd).lowercased()
            j = skipWS(b, attributeEnd)
            var value: String?
            if j < n && b[j] == UInt8(ascii: "=") {
                j = skipWS(b, j + 1)
                if j >= n { return nil }
                if b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") {
                    let quote = b[j]
                    var k = j + 1
                    while k < n && b[k] != quote { k += 1 }
                    if k >= n { return nil }
                    value = string(b, j + 1, k)
                    j = k + 1
                } else {
                    let k = searchAny(b, from: j, " \t\n\r\u{0C}>") ?? n
                    value = string(b, j, k)
                    j = k
                }
                value = value.map(unescapeAll)
            }
            attributes.append((attributeName, value))
        }
    }

    static func tokens(_ s: String) -> [Token] {
        let b = Array(s.utf8)
        let n = b.count
        var result: [Token] = []
        var text: [UInt8] = []
        let lastGT = b.lastIndex(of: UInt8(ascii: ">")) ?? -1
        var i = 0
        while i < n {
            guard let k = b[i...].firstIndex(of: UInt8(ascii: "<")) else {
                text.append(contentsOf: b[i...])
                break
            }
            if k > i { text.append(contentsOf: b[i..<k]) }
            guard let (token, after) = parseTag(b, k, lastGT: lastGT) else {
                text.append(UInt8(ascii: "<"))
                i = k + 1
                continue
            }
            i = after
            if !text.isEmpty {
                result.append(.text(String(decoding: text, as: UTF8.self)))
                text = []
            }
            result.append(token)
            if case .start(let name, _, let selfClosing) = token, rawTextTags.contains(name), !selfClosing {
                var m = i
                var found = n
                while m < n {
                    if b[m] == UInt8(ascii: "<") && m + 1 < n && b[m + 1] == UInt8(ascii: "/") {
                        let nameEnd = m + 2 + name.utf8.count
                        if nameEnd < n && string(b, m + 2, nameEnd).lowercased() == name
                            && (isWS(b[nameEnd]) || b[nameEnd] == UInt8(ascii: "/") || b[nameEnd] == UInt8(ascii: ">")) {
                            found = m
                            break
                        }
                    }
                    m += 1
                }
                if found > i { result.append(.rawText(string(b, i, found))) }
                i = found
            }
        }
        if !text.isEmpty { result.append(.text(String(decoding: text, as: UTF8.self))) }
        return result
    }

    static func collapse(_ s: String) -> String {
        var out: [UInt8] = []
        var inRun = false
        for c in s.utf8 {
            if isWS(c) {
                if !inRun { out.append(32) }
                inRun = true
            } else {
                out.append(c)
                inRun = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func trim(_ s: String, leading: Bool, trailing: Bool) -> String {
        var b = Array(s.utf8)
        if trailing { while let last = b.last, isWS(last) { b.removeLast() } }
        if leading {
            var k = 0
            while k < b.count && isWS(b[k]) { k += 1 }
            b.removeFirst(k)
        }
        return String(decoding: b, as: UTF8.self)
    }

    static func escapeAttribute(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#x27;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func normalize(_ html: String) -> String {
        var parts: [String] = []
        func rstrip() {
            while let last = parts.last {
                let stripped = trim(last, leading: false, trailing: true)
                if !stripped.isEmpty {
                    parts[parts.count - 1] = stripped
                    return
                }
                parts.removeLast()
            }
        }
        var inPre = false
        var last = "start"
        var lastTag = ""
        for token in tokens(html) {
            switch token {
            case .text(let raw), .rawText(let raw):
                var isText = false
                if case .text = token { isText = true }
                var data = isText ? decodeReferences(raw, keepSpecial: true) : raw
                let afterTag = last == "start" || last == "end"
                if afterTag && lastTag == "br" {
                    while data.hasPrefix("\n") { data.removeFirst() }
                }
                if !inPre {
                    data = collapse(data)
                    if afterTag && blockTags.contains(lastTag) {
                        data = last == "start" ? trim(data, leading: true, trailing: false)
                                               : trim(data, leading: true, trailing: true)
                    }
                }
                if !data.isEmpty { parts.append(data) }
                last = "text"
            case .start(let name, let attributes, let selfClosing):
                if name == "pre" { inPre = true }
                if blockTags.contains(name) { rstrip() }
                var tag = "<" + name
                let sorted = attributes.sorted {
                    if $0.0 != $1.0 { return $0.0 < $1.0 }
                    if ($0.1 != nil) != ($1.1 != nil) { return $0.1 == nil }
                    return ($0.1 ?? "") < ($1.1 ?? "")
                }
                for (attributeName, value) in sorted {
                    tag += " " + attributeName
                    if let value { tag += "=\"" + escapeAttribute(value) + "\"" }
                }
                parts.append(tag + ">")
                lastTag = name
                last = selfClosing ? "end" : "start"
            case .end(let name):
                if name == "pre" {
                    inPre = false
                } else if blockTags.contains(name) {
                    rstrip()
                }
                parts.append("</" + name + ">")
                lastTag = name
                last = "end"
            case .verbatim(let raw):
                parts.append(raw)
                last = "other"
            }
        }
        return parts.joined()
    }
}

/// One example of a spec JSON file.
struct SpecExample: Decodable {
    let example: Int
    let section: String
    let markdown: String
    let html: String
}

enum SpecFiles {
    /// The spec data lives beside the test target (Tests/KBMarkdownSpec), found from this file's path.
    static func load(_ name: String, file: String = #filePath) throws -> [SpecExample] {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KBMarkdownSpec").appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        return try JSONDecoder().decode([SpecExample].self, from: data)
    }
}
