// Recognises raw HTML: the seven kinds of HTML block starts and their end conditions, and the
// inline forms (open and closing tags, comments, processing instructions, declarations, CDATA).

enum HTMLScanner {
    static let type1Tags: [[UInt8]] = ["script", "pre", "style", "textarea"].map { Array($0.utf8) }
    static let blockTags: Set<[UInt8]> = Set([
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
        "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup",
        "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "title", "tr", "track", "ul",
    ].map { Array($0.utf8) })
    /// Tags the GFM tag filter neutralises.
    static let filteredTags: [[UInt8]] = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes",
                                          "script", "plaintext"].map { Array($0.utf8) }

    @inline(__always)
    static func hasPrefix(_ bytes: [UInt8], _ i: Int, _ end: Int, _ prefix: StaticString, caseInsensitive: Bool = false) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard end - i >= count else { return false }
        let p = prefix.utf8Start
        for k in 0..<count {
            let a = bytes[i + k], b = p[k]
            if caseInsensitive ? ASCII.lower(a) != b : a != b { return false }
        }
        return true
    }

    static func lowercaseName(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [UInt8] {
        var name: [UInt8] = []
        name.reserveCapacity(end - start)
        for k in start..<end { name.append(ASCII.lower(bytes[k])) }
        return name
    }

    /// The HTML block type (1-7) that starts at `<` at index `start`, if any.
    static func blockStartType(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard start + 1 < end else { return nil }
        let next = bytes[start + 1]
        if next == UInt8(ascii: "!") {
            if hasPrefix(bytes, start, end, "<!--") { return 2 }
            if hasPrefix(bytes, start, end, "<![CDATA[") { return 5 }
            if start + 2 < end && ASCII.isLetter(bytes[start + 2]) { return 4 }
            return nil
        }
        if next == UInt8(ascii: "?") { return 3 }
        let closing = next == UInt8(ascii: "/")
        var i = start + (closing ? 2 : 1)
        let nameStart = i
        guard i < end, ASCII.isLetter(bytes[i]) else { return nil }
        while i < end && (ASCII.isAlphanumeric(bytes[i]) || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        let name = lowercaseName(bytes, nameStart, i)
        let after: UInt8 = i < end ? bytes[i] : 10
        if !closing && type1Tags.contains(name) && (ASCII.isWhitespace(after) || after == UInt8(ascii: ">")) {
            return 1
        }
        if blockTags.contains(name) {
            if ASCII.isWhitespace(after) || after == UInt8(ascii: ">") { return 6 }
            if after == UInt8(ascii: "/") && i + 1 < end && bytes[i + 1] == UInt8(ascii: ">") { return 6 }
        }
        // Type 7: a complete open or closing tag alone on the line.
        let tagEnd = closing ? scanClosingTag(bytes, start, end) : scanOpenTag(bytes, start, end)
        guard let tagEnd else { return nil }
        var j = tagEnd
        while j < end && ASCII.isSpaceOrTab(bytes[j]) { j += 1 }
        return j >= end ? 7 : nil
    }

    /// Whether the line bytes[start..<end] satisfies the end condition of an HTML block of `type`.
    static func blockEnds(type: Int32, _ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        switch type {
        case 1:
            var i = start
            while i + 1 < end {
                if bytes[i] == UInt8(ascii: "<") && bytes[i + 1] == UInt8(ascii: "/") {
                    for tag in type1Tags {
                        let s = i + 2
                        if s + tag.count < end && bytes[s + tag.count] == UInt8(ascii: ">") {
                            var same = true
                            for k in 0..<tag.count where ASCII.lower(bytes[s + k]) != tag[k] { same = false; break }
                            if same { return true }
                        }
                    }
                }
                i += 1
            }
            return false
        case 2: return contains(bytes, start, end, "-->")
        case 3: return contains(bytes, start, end, "?>")
        case 4: return contains(bytes, start, end, ">")
        case 5: return contains(bytes, start, end, "]]>")
        default: return false
        }
    }

    static func contains(_ bytes: [UInt8], _ start: Int, _ end: Int, _ needle: StaticString) -> Bool {
        find(bytes, start, end, needle) != nil
    }

    /// Index just after the first occurrence of `needle` in bytes[start..<end].
    static func find(_ bytes: [UInt8], _ start: Int, _ end: Int, _ needle: StaticString) -> Int? {
        let count = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        let first = p[0]
        var i = start
        while i + count <= end {
            if bytes[i] == first {
                var k = 1
                while k < count && bytes[i + k] == p[k] { k += 1 }
                if k == count { return i + count }
            }
            i += 1
        }
        return nil
    }

    // MARK: tags

    static func skipWhitespace(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end && ASCII.isWhitespace(bytes[i]) { i += 1 }
        return i
    }

    /// `<name attr="v" ... /?>` at `start`; returns the index after `>`.
    static func scanOpenTag(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var i = start + 1
        guard i < end, ASCII.isLetter(bytes[i]) else { return nil }
        while i < end && (ASCII.isAlphanumeric(bytes[i]) || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        while true {
            let afterSpace = skipWhitespace(bytes, i, end)
            guard afterSpace < end else { return nil }
            let c = bytes[afterSpace]
            if c == UInt8(ascii: ">") { return afterSpace + 1 }
            if c == UInt8(ascii: "/") {
                return afterSpace + 1 < end && bytes[afterSpace + 1] == UInt8(ascii: ">") ? afterSpace + 2 : nil
            }
            // An attribute needs whitespace before it.
            guard afterSpace > i else { return nil }
            guard ASCII.isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") else { return nil }
            i = afterSpace + 1
            while i < end {
                let d = bytes[i]
                if ASCII.isAlphanumeric(d) || d == UInt8(ascii: "_") || d == UInt8(ascii: ".") || d == UInt8(ascii: ":")
                    || d == UInt8(ascii: "-") {
                    i += 1
                } else {
                    break
                }
            }
            // Optional value.
            let beforeEquals = skipWhitespace(bytes, i, end)
            if beforeEquals < end && bytes[beforeEquals] == UInt8(ascii: "=") {
                var v = skipWhitespace(bytes, beforeEquals + 1, end)
                guard v < end else { return nil }
                let q = bytes[v]
                if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                    v += 1
                    while v < end && bytes[v] != q { v += 1 }
                    guard v < end else { return nil }
                    i = v + 1
                } else {
                    let valueStart = v
                    while v < end {
                        let d = bytes[v]
                        if ASCII.isWhitespace(d) || d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") || d == UInt8(ascii: "=")
                            || d == UInt8(ascii: "<") || d == UInt8(ascii: ">") || d == UInt8(ascii: "`") {
                            break
                        }
                        v += 1
                    }
                    guard v > valueStart else { return nil }
                    i = v
                }
            }
        }
    }

    /// `</name >` at `start`; returns the index after `>`.
    static func scanClosingTag(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var i = start + 2
        guard i < end, ASCII.isLetter(bytes[i]) else { return nil }
        while i < end && (ASCII.isAlphanumeric(bytes[i]) || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        i = skipWhitespace(bytes, i, end)
        return i < end && bytes[i] == UInt8(ascii: ">") ? i + 1 : nil
    }

    /// Whether the raw HTML at `start` is a tag the GFM tag filter disallows.
    static func isFilteredTag(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var i = start + 1
        if i < end && bytes[i] == UInt8(ascii: "/") { i += 1 }
        for tag in filteredTags {
            let e = i + tag.count
            guard e <= end else { continue }
            var same = true
            for k in 0..<tag.count where ASCII.lower(bytes[i + k]) != tag[k] { same = false; break }
            guard same else { continue }
            if e == end { return true }
            let c = bytes[e]
            if ASCII.isWhitespace(c) || c == UInt8(ascii: ">") { return true }
            if c == UInt8(ascii: "/") && e + 1 < end && bytes[e + 1] == UInt8(ascii: ">") { return true }
        }
        return false
    }
}

/// Remembers, per inline subject, which terminators were searched for and not found, so repeated
/// unclosed `<!--`, `<?`, `<!X` and `<![CDATA[` openers cost one scan in total rather than one each.
struct HTMLSearchMemo {
    var noCommentEnd = Int.max
    var noProcessingEnd = Int.max
    var noDeclarationEnd = Int.max
    var noCDATAEnd = Int.max

    mutating func reset() {
        noCommentEnd = .max; noProcessingEnd = .max; noDeclarationEnd = .max; noCDATAEnd = .max
    }

    /// Inline raw HTML at `start` (a `<`); returns the index after it.
    mutating func scanInlineHTML(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard start + 1 < end else { return nil }
        let c = bytes[start + 1]
        if ASCII.isLetter(c) { return HTMLScanner.scanOpenTag(bytes, start, end) }
        if c == UInt8(ascii: "/") { return HTMLScanner.scanClosingTag(bytes, start, end) }
        if c == UInt8(ascii: "?") {
            if start >= noProcessingEnd { return nil }
            if let e = HTMLScanner.find(bytes, start + 2, end, "?>") { return e }
            noProcessingEnd = start
            return nil
        }
        guard c == UInt8(ascii: "!") else { return nil }
        if HTMLScanner.hasPrefix(bytes, start, end, "<!--") {
            if HTMLScanner.hasPrefix(bytes, start, end, "<!-->") { return start + 5 }
            if HTMLScanner.hasPrefix(bytes, start, end, "<!--->") { return start + 6 }
            if start >= noCommentEnd { return nil }
            if let e = HTMLScanner.find(bytes, start + 4, end, "-->") { return e }
            noCommentEnd = start
            return nil
        }
        if HTMLScanner.hasPrefix(bytes, start, end, "<![CDATA[") {
            if start >= noCDATAEnd { return nil }
            if let e = HTMLScanner.find(bytes, start + 9, end, "]]>") { return e }
            noCDATAEnd = start
            return nil
        }
        if start + 2 < end && ASCII.isLetter(bytes[start + 2]) {
            if start >= noDeclarationEnd { return nil }
            if let e = HTMLScanner.find(bytes, start + 3, end, ">") { return e }
            noDeclarationEnd = start
            return nil
        }
        return nil
    }
}
