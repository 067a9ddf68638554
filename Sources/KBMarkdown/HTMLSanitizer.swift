// An allowlist sanitizer for raw HTML fragments (an HTML block, or one inline tag). It tokenizes a
// fragment the way a browser's HTML tokenizer does, keeps only the elements and attributes of
// `SanitizerRules`, and writes every kept tag anew: lowercase name, double-quoted values with
// `& " < >` escaped, character references decoded before checking. So what a browser parses is
// exactly what was checked, whatever quirks the input leaned on. Any other `<` becomes `&lt;`.
//
// One pass, no backtracking: every scan either finds what it looks for and moves past it, or reaches
// the end of the fragment and stops there (an unterminated tag: the rest is written as text).

/// Cleans raw HTML so that it can carry no script, event handler or `javascript:` URL.
public enum HTMLSanitizer {
    /// Sanitizes one raw HTML fragment.
    public static func sanitize(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        sanitize(bytes, 0, bytes.count, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Sanitizes `bytes[start..<end]`, appending the result to `out`.
    static func sanitize(_ bytes: [UInt8], _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var pass = SanitizerPass(bytes: bytes, i: start, end: end)
        pass.run()
        out.append(contentsOf: pass.out)
    }
}

/// A tag as the browser's tokenizer would see it.
struct ScannedTag {
    var name: [UInt8] = []
    var closing = false
    var selfClosing = false
    /// Lowercased attribute names and the raw range of each value (nil: no `=`).
    var attributes: [(name: [UInt8], value: Range<Int>?)] = []
}

struct SanitizerPass {
    let bytes: [UInt8]
    var i: Int
    let end: Int
    var out: [UInt8] = []
    /// How many `<svg>` elements opened in this fragment are still open.
    var svgDepth = 0
    /// Inside an SVG `title` or `desc` (which the browser parses as HTML): only text is kept until it closes.
    var textOnly: [UInt8]?

    init(bytes: [UInt8], i: Int, end: Int) {
        self.bytes = bytes
        self.i = i
        self.end = end
        out.reserveCapacity(end - i)
    }

    @inline(__always) static func isTagSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 12 || c == 13 }

    mutating func run() {
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "<") {
                markup()
            } else if c == UInt8(ascii: ">") {
                out.append(contentsOf: "&gt;".utf8)
                i += 1
            } else {
                let run = i
                while i < end && bytes[i] != UInt8(ascii: "<") && bytes[i] != UInt8(ascii: ">") { i += 1 }
                out.append(contentsOf: bytes[run..<i])
            }
        }
        closeOpenSVG()
    }

    /// Closes what this fragment left open in SVG, so the page after it is not parsed as SVG content (where
    /// the browser's parser follows other rules than the ones this pass checked against).
    mutating func closeOpenSVG() {
        if let open = textOnly {
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: open)
            out.append(UInt8(ascii: ">"))
            textOnly = nil
        }
        while svgDepth > 0 {
            out.append(contentsOf: "</svg>".utf8)
            svgDepth -= 1
        }
    }

    /// Handles the `<` at `i`: a tag, a comment or declaration (dropped), or text.
    mutating func markup() {
        guard i + 1 < end else {
            out.append(contentsOf: "&lt;".utf8)
            i += 1
            return
        }
        let next = bytes[i + 1]
        if next == UInt8(ascii: "!") {
            if HTMLScanner.hasPrefix(bytes, i, end, "<!--") {
                dropComment()
            } else if HTMLScanner.hasPrefix(bytes, i, end, "<![CDATA[") {
                i = find("]]>", from: i + 9).map { $0 + 3 } ?? end
            } else {
                i = find(">", from: i + 2).map { $0 + 1 } ?? end
            }
        } else if next == UInt8(ascii: "?") {
            i = find(">", from: i + 2).map { $0 + 1 } ?? end
        } else if next == UInt8(ascii: "/") {
            if i + 2 < end && ASCII.isLetter(bytes[i + 2]) {
                tag(nameStart: i + 2, closing: true)
            } else if i + 2 < end && bytes[i + 2] == UInt8(ascii: ">") {
                i += 3
            } else {
                // `</` then anything but a letter is a bogus comment up to `>`.
                i = find(">", from: i + 2).map { $0 + 1 } ?? end
            }
        } else if ASCII.isLetter(next) {
            tag(nameStart: i + 1, closing: false)
        } else {
            out.append(contentsOf: "&lt;".utf8)
            i += 1
        }
    }

    /// Skips a comment, including the browser's abrupt `<!-->` and `<!--->` and the `--!>` ending.
    mutating func dropComment() {
        let body = i + 4
        if HTMLScanner.hasPrefix(bytes, body, end, ">") {
            i = body + 1
        } else if HTMLScanner.hasPrefix(bytes, body, end, "->") {
            i = body + 2
        } else {
            var k = body
            while k + 2 < end {
                if bytes[k] == UInt8(ascii: "-") && bytes[k + 1] == UInt8(ascii: "-") {
                    if bytes[k + 2] == UInt8(ascii: ">") { i = k + 3; return }
                    if bytes[k + 2] == UInt8(ascii: "!") && k + 3 < end && bytes[k + 3] == UInt8(ascii: ">") { i = k + 4; return }
                }
                k += 1
            }
            i = end
        }
    }

    /// The index of the first occurrence of `needle` at or after `from`, if any.
    func find(_ needle: StaticString, from: Int) -> Int? {
        var k = from
        while k < end {
            if HTMLScanner.hasPrefix(bytes, k, end, needle) { return k }
            k += 1
        }
        return nil
    }

    /// Scans a tag whose name starts at `nameStart` (browser tokenizer rules). Nil: the fragment ends inside it.
    func scanTag(nameStart: Int, closing: Bool) -> (tag: ScannedTag, after: Int)? {
        var tag = ScannedTag()
        tag.closing = closing
        var j = nameStart
        while j < end && !Self.isTagSpace(bytes[j]) && bytes[j] != UInt8(ascii: "/") && bytes[j] != UInt8(ascii: ">") { j += 1 }
        tag.name = HTMLScanner.lowercaseName(bytes, nameStart, j)
        while true {
            while j < end && Self.isTagSpace(bytes[j]) { j += 1 }
            guard j < end else { return nil }
            if bytes[j] == UInt8(ascii: ">") { return (tag, j + 1) }
            if bytes[j] == UInt8(ascii: "/") {
                j += 1
                if j < end && bytes[j] == UInt8(ascii: ">") {
                    tag.selfClosing = true
                    return (tag, j + 1)
                }
                continue
            }
            // An attribute name; a leading `=` belongs to it, as in the browser.
            let nameStart = j
            j += 1
            while j < end && !Self.isTagSpace(bytes[j]) && bytes[j] != UInt8(ascii: "/") && bytes[j] != UInt8(ascii: ">")
                    && bytes[j] != UInt8(ascii: "=") { j += 1 }
            let name = HTMLScanner.lowercaseName(bytes, nameStart, j)
            while j < end && Self.isTagSpace(bytes[j]) { j += 1 }
            var value: Range<Int>?
            if j < end && bytes[j] == UInt8(ascii: "=") {
                j += 1
                while j < end && Self.isTagSpace(bytes[j]) { j += 1 }
                guard j < end else { return nil }
                let quote = bytes[j]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = j + 1
                    var k = valueStart
                    while k < end && bytes[k] != quote { k += 1 }
                    guard k < end else { return nil }
                    value = valueStart..<k
                    j = k + 1
                } else {
                    let valueStart = j
                    while j < end && !Self.isTagSpace(bytes[j]) && bytes[j] != UInt8(ascii: ">") { j += 1 }
                    value = valueStart..<j
                }
            }
            tag.attributes.append((name, value))
        }
    }

    /// Handles a start or end tag: kept, dropped, or dropped with its content.
    mutating func tag(nameStart: Int, closing: Bool) {
        guard let (tag, after) = scanTag(nameStart: nameStart, closing: closing) else {
            // The fragment ends inside the tag: the rest is text, so no later `<` is re-scanned.
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                default: out.append(bytes[i])
                }
                i += 1
            }
            return
        }
        i = after
        let name = String(decoding: tag.name, as: UTF8.self)
        if closing {
            endTag(name)
        } else {
            startTag(tag, name)
        }
    }

    mutating func startTag(_ tag: ScannedTag, _ name: String) {
        let svgTitle = svgDepth > 0 && textOnly == nil && (name == "title")
        if SanitizerRules.droppedWithContent.contains(name) && !svgTitle {
            skipContent(of: tag.name)
            return
        }
        if textOnly != nil { return }
        if svgDepth > 0 || name == "svg" {
            guard let spelling = SanitizerRules.svgElements[name] else { return }
            emitStart(tag, spelling, svg: true)
            if !tag.selfClosing {
                if name == "svg" { svgDepth += 1 }
                if name == "title" || name == "desc" { textOnly = tag.name }
            }
            return
        }
        guard SanitizerRules.htmlElements[name] != nil else { return }
        emitStart(tag, name, svg: false)
    }

    mutating func endTag(_ name: String) {
        if let open = textOnly {
            if open == Array(name.utf8) {
                out.append(contentsOf: "</\(name)>".utf8)
                textOnly = nil
            }
            return
        }
        if name == "svg" {
            // A stray `</svg>` is dropped: only an SVG this fragment opened is closed.
            if svgDepth > 0 {
                svgDepth -= 1
                out.append(contentsOf: "</svg>".utf8)
            }
        } else if svgDepth > 0 {
            if let spelling = SanitizerRules.svgElements[name] {
                out.append(contentsOf: "</\(spelling)>".utf8)
            } else if SanitizerRules.htmlElements[name] != nil && !SanitizerRules.voidElements.contains(name) {
                // An HTML end tag inside SVG closes the SVG first, as the browser's parser does.
                closeOpenSVG()
                out.append(contentsOf: "</\(name)>".utf8)
            }
        } else if SanitizerRules.htmlElements[name] != nil && !SanitizerRules.voidElements.contains(name) {
            out.append(contentsOf: "</\(name)>".utf8)
        }
    }

    /// Drops everything up to and including the end tag `</name>`, or the rest of the fragment if there is none.
    mutating func skipContent(of name: [UInt8]) {
        var k = i
        while k + 1 < end {
            if bytes[k] == UInt8(ascii: "<") && bytes[k + 1] == UInt8(ascii: "/") && matchesName(name, at: k + 2) {
                if let (_, after) = scanTag(nameStart: k + 2, closing: true) {
                    i = after
                } else {
                    i = end
                }
                return
            }
            k += 1
        }
        i = end
    }

    /// Whether `name` is spelled at `start` (any case) and followed by a tag delimiter or the end.
    func matchesName(_ name: [UInt8], at start: Int) -> Bool {
        guard end - start >= name.count else { return false }
        for (offset, c) in name.enumerated() where ASCII.lower(bytes[start + offset]) != c { return false }
        let after = start + name.count
        return after >= end || Self.isTagSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">")
    }

    /// Writes a kept start tag with its allowed attributes, each value decoded, checked and re-escaped.
    mutating func emitStart(_ tag: ScannedTag, _ spelling: String, svg: Bool) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: spelling.utf8)
        let elementAttributes = svg ? [] : SanitizerRules.htmlElements[spelling] ?? []
        // As in the browser, the first of two same-named attributes wins. At most one entry per
        // allowlisted name, so this stays small whatever the input.
        var seen: [[UInt8]] = []
        for attribute in tag.attributes {
            guard let attributeSpelling = allowedAttribute(attribute.name, svg: svg, element: elementAttributes),
                  !seen.contains(attribute.name) else { continue }
            seen.append(attribute.name)
            var value: [UInt8]?
            if let range = attribute.value { value = CharacterReferences.decode(bytes, range) }
            if let value, !Self.valueIsSafe(attributeSpelling, value, svg: svg) { continue }
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: attributeSpelling.utf8)
            if let value {
                out.append(contentsOf: "=\"".utf8)
                Self.appendEscaped(value, to: &out)
                out.append(UInt8(ascii: "\""))
            }
        }
        if SanitizerRules.voidElements.contains(spelling) || (svg && tag.selfClosing) {
            out.append(contentsOf: " />".utf8)
        } else {
            out.append(UInt8(ascii: ">"))
        }
    }

    /// The output spelling of an attribute if it is allowed here.
    func allowedAttribute(_ name: [UInt8], svg: Bool, element: Set<String>) -> String? {
        // Event handlers never pass, whatever a list says.
        if name.count >= 2 && name[0] == UInt8(ascii: "o") && name[1] == UInt8(ascii: "n") { return nil }
        let text = String(decoding: name, as: UTF8.self)
        if SanitizerRules.isARIA(name) { return text }
        if svg { return SanitizerRules.svgAttributes[text] }
        return SanitizerRules.htmlGlobal.contains(text) || element.contains(text) ? text : nil
    }

    /// URL attributes must pass the Markdown safe-link check; SVG paint may only reference the page (`url(#id)`).
    static func valueIsSafe(_ attribute: String, _ value: [UInt8], svg: Bool) -> Bool {
        if SanitizerRules.urlAttributes.contains(attribute) { return !LinkSafety.isUnsafe(value) }
        if attribute == "xmlns" { return value == Array("http://www.w3.org/2000/svg".utf8) }
        if svg { return !referencesOutside(value) }
        return true
    }

    /// Whether a presentation value has a `url(` whose target is not a `#fragment`.
    static func referencesOutside(_ value: [UInt8]) -> Bool {
        var compact: [UInt8] = []
        for c in value where !isTagSpace(c) { compact.append(ASCII.lower(c)) }
        var k = 0
        while k + 4 <= compact.count {
            if compact[k] == UInt8(ascii: "u") && compact[k + 1] == UInt8(ascii: "r") && compact[k + 2] == UInt8(ascii: "l")
                && compact[k + 3] == UInt8(ascii: "(") {
                var t = k + 4
                if t < compact.count && (compact[t] == UInt8(ascii: "'") || compact[t] == UInt8(ascii: "\"")) { t += 1 }
                if t >= compact.count || compact[t] != UInt8(ascii: "#") { return true }
            }
            k += 1
        }
        return false
    }

    static func appendEscaped(_ value: [UInt8], to out: inout [UInt8]) {
        for c in value {
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(c)
            }
        }
    }
}

/// Decodes character references in an attribute value, as a browser does before using it.
enum CharacterReferences {
    /// Names a browser decodes even without `;` that matter for URLs and text.
    static let legacy: [[UInt8]: [UInt8]] = [
        Array("amp".utf8): [UInt8(ascii: "&")], Array("lt".utf8): [UInt8(ascii: "<")],
        Array("gt".utf8): [UInt8(ascii: ">")], Array("quot".utf8): [UInt8(ascii: "\"")],
        Array("nbsp".utf8): [0xC2, 0xA0],
    ]

    static func decode(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "&"), i + 1 < end else {
                out.append(c)
                i += 1
                continue
            }
            if bytes[i + 1] == UInt8(ascii: "#") {
                var j = i + 2
                let hex = j < end && (bytes[j] | 0x20) == UInt8(ascii: "x")
                if hex { j += 1 }
                let digitsStart = j
                var value: UInt32 = 0
                while j < end && (hex ? ASCII.isHexDigit(bytes[j]) : ASCII.isDigit(bytes[j])) {
                    let d = bytes[j]
                    let digit = UInt32(ASCII.isDigit(d) ? d - 48 : (d | 0x20) - 87)
                    // Saturate: any number past U+10FFFF is the same replacement character.
                    value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                    j += 1
                }
                guard j > digitsStart else {
                    out.append(c)
                    i += 1
                    continue
                }
                if j < end && bytes[j] == UInt8(ascii: ";") { j += 1 }
                let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = j
                continue
            }
            var j = i + 1
            while j < end && ASCII.isAlphanumeric(bytes[j]) && j - i <= HTMLEntities.maxNameLength { j += 1 }
            let name = bytes[(i + 1)..<j]
            if j < end && bytes[j] == UInt8(ascii: ";"), let replacement = HTMLEntities.lookup(name) {
                out.append(contentsOf: replacement)
                i = j + 1
            } else if let replacement = legacy[Array(name)], j >= end || bytes[j] != UInt8(ascii: "=") {
                out.append(contentsOf: replacement)
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
