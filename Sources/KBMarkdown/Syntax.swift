// Small byte-level scanners shared by the block and inline passes: link labels, destinations and
// titles, backslash escapes and entities, raw HTML, and table rows. Each takes a byte array and
// a [start, end) window and never reads outside it.

enum ASCII {
    @inline(__always) static func isPunctuation(_ c: UInt8) -> Bool {
        (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)
    }
    @inline(__always) static func isSpaceOrTab(_ c: UInt8) -> Bool { c == 32 || c == 9 }
    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 11 || c == 12 || c == 13 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
    @inline(__always) static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }
}

/// Unicode classification of the characters around emphasis delimiters.
enum CharacterClass {
    /// Decodes the scalar that ends right before `index` (or nil at the start).
    static func scalar(before index: Int, in bytes: [UInt8], lowerBound: Int) -> Unicode.Scalar? {
        guard index > lowerBound else { return nil }
        var start = index - 1
        while start > lowerBound && start > index - 4 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return decode(bytes, start, index)
    }

    /// Decodes the scalar starting at `index` (or nil at the end).
    static func scalar(at index: Int, in bytes: [UInt8], upperBound: Int) -> Unicode.Scalar? {
        guard index < upperBound else { return nil }
        let c = bytes[index]
        let length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        return decode(bytes, index, min(upperBound, index + length))
    }

    static func decode(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Unicode.Scalar? {
        if bytes[start] < 0x80 { return Unicode.Scalar(bytes[start]) }
        var iterator = bytes[start..<end].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    static func isWhitespace(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return true }
        if scalar.value < 0x80 { return ASCII.isWhitespace(UInt8(scalar.value)) }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    static func isPunctuation(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.value < 0x80 { return ASCII.isPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}

enum Unescape {
    /// Appends bytes[start..<end] with backslash escapes and character references resolved.
    static func appendUnescaped(_ bytes: [UInt8], _ start: Int, _ end: Int, to out: inout [UInt8]) {
        var i = start
        var runStart = start
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") && i + 1 < end && ASCII.isPunctuation(bytes[i + 1]) {
                out.appendBytes(of: bytes, runStart, i)
                out.append(bytes[i + 1])
                i += 2
                runStart = i
            } else if c == UInt8(ascii: "&"), let (decoded, after) = entity(bytes, i, end) {
                out.appendBytes(of: bytes, runStart, i)
                out.append(contentsOf: decoded)
                i = after
                runStart = i
            } else {
                i += 1
            }
        }
        out.appendBytes(of: bytes, runStart, end)
    }

    static func unescaped(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        appendUnescaped(bytes, start, end, to: &out)
        return out
    }

    /// Decodes a character reference starting at `&`; returns its UTF-8 bytes and the index after `;`.
    static func entity(_ bytes: [UInt8], _ start: Int, _ end: Int) -> ([UInt8], Int)? {
        var i = start + 1
        guard i < end else { return nil }
        if bytes[i] == UInt8(ascii: "#") {
            i += 1
            var value: UInt32 = 0
            var digits = 0
            if i < end && (bytes[i] | 0x20) == UInt8(ascii: "x") {
                i += 1
                while i < end && ASCII.isHexDigit(bytes[i]) && digits < 7 {
                    let c = bytes[i]
                    let digit = ASCII.isDigit(c) ? UInt32(c - 48) : UInt32((c | 0x20) - 87)
                    value = value * 16 + digit
                    digits += 1
                    i += 1
                }
                guard digits >= 1 && digits <= 6 else { return nil }
            } else {
                while i < end && ASCII.isDigit(bytes[i]) && digits < 8 {
                    value = value * 10 + UInt32(bytes[i] - 48)
                    digits += 1
                    i += 1
                }
                guard digits >= 1 && digits <= 7 else { return nil }
            }
            guard i < end && bytes[i] == UInt8(ascii: ";") else { return nil }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}"
            return (Array(String(Character(scalar)).utf8), i + 1)
        }
        let nameStart = i
        while i < end && ASCII.isAlphanumeric(bytes[i]) && i - nameStart <= HTMLEntities.maxNameLength { i += 1 }
        guard i > nameStart, i < end, bytes[i] == UInt8(ascii: ";"),
              let decoded = HTMLEntities.lookup(bytes[nameStart..<i]) else { return nil }
        return (decoded, i + 1)
    }
}

enum LinkSyntax {
    /// Scans a link label starting at `[`; returns the index after `]`.
    static func scanLabel(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard start < end, bytes[start] == UInt8(ascii: "[") else { return nil }
        var i = start + 1
        var hasContent = false
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "]") {
                return hasContent ? i + 1 : nil
            }
            if c == UInt8(ascii: "[") { return nil }
            if c == UInt8(ascii: "\\") && i + 1 < end && ASCII.isPunctuation(bytes[i + 1]) {
                i += 1
                hasContent = true
            } else if !ASCII.isWhitespace(c) {
                hasContent = true
            }
            i += 1
            if i - start - 1 > MarkdownLimits.maxLabelLength { return nil }
        }
        return nil
    }

    /// The matching key of a label: whitespace collapsed, trimmed, case-folded.
    static func normalizeLabel(_ label: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(label.count)
        var ascii = true
        var pendingSpace = false
        for c in label {
            if ASCII.isWhitespace(c) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(32); pendingSpace = false }
            if c >= 0x80 { ascii = false }
            out.append(ASCII.lower(c))
        }
        let text = String(decoding: out, as: UTF8.self)
        // Full Unicode case folding approximated by lower-then-upper (ẞ, ß and SS all meet).
        return ascii ? text : text.lowercased().uppercased().lowercased()
    }

    struct Destination {
        var start: Int
        var end: Int
        var after: Int
    }

    /// Scans a link destination (`<...>` or a run without spaces and with balanced parentheses).
    static func scanDestination(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Destination? {
        guard start < end else { return Destination(start: start, end: start, after: start) }
        if bytes[start] == UInt8(ascii: "<") {
            var i = start + 1
            while i < end {
                let c = bytes[i]
                if c == UInt8(ascii: ">") { return Destination(start: start + 1, end: i, after: i + 1) }
                if c == UInt8(ascii: "<") || c == 10 { return nil }
                if c == UInt8(ascii: "\\") && i + 1 < end && ASCII.isPunctuation(bytes[i + 1]) { i += 1 }
                i += 1
            }
            return nil
        }
        var depth = 0
        var i = start
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") && i + 1 < end && ASCII.isPunctuation(bytes[i + 1]) {
                i += 2
                continue
            }
            if c == UInt8(ascii: "(") {
                depth += 1
                if depth > MarkdownLimits.maxLinkParenDepth { return nil }
            } else if c == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            } else if c <= 32 || c == 127 {
                break
            }
            i += 1
        }
        guard depth == 0 else { return nil }
        return Destination(start: start, end: i, after: i)
    }

    /// Scans a link title in `"`, `'` or `()`; returns the content range and the index after it.
    static func scanTitle(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Int, Int, Int)? {
        guard start < end else { return nil }
        let open = bytes[start]
        let close: UInt8
        switch open {
        case UInt8(ascii: "\""): close = open
        case UInt8(ascii: "'"): close = open
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var i = start + 1
        while i < end {
            let c = bytes[i]
            if c == close { return (start + 1, i, i + 1) }
            if open == UInt8(ascii: "(") && c == UInt8(ascii: "(") { return nil }
            if c == UInt8(ascii: "\\") && i + 1 < end && ASCII.isPunctuation(bytes[i + 1]) { i += 1 }
            i += 1
        }
        return nil
    }

    /// Skips spaces and tabs with at most one line ending.
    static func skipSpaceWithOneNewline(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end && ASCII.isSpaceOrTab(bytes[i]) { i += 1 }
        if i < end && bytes[i] == 10 {
            i += 1
            while i < end && ASCII.isSpaceOrTab(bytes[i]) { i += 1 }
        }
        return i
    }

    struct ParsedDefinition {
        var key: String
        var reference: LinkReference
        var end: Int
    }

    /// Parses one link reference definition at `start` (content of a paragraph).
    static func parseReferenceDefinition(_ bytes: [UInt8], _ start: Int, _ end: Int) -> ParsedDefinition? {
        guard let labelEnd = scanLabel(bytes, start, end), labelEnd < end, bytes[labelEnd] == UInt8(ascii: ":") else {
            return nil
        }
        var i = skipSpaceWithOneNewline(bytes, labelEnd + 1, end)
        guard i < end, let destination = scanDestination(bytes, i, end) else { return nil }
        if bytes[i] != UInt8(ascii: "<") && destination.end == destination.start { return nil }
        i = destination.after
        let beforeTitle = i
        let afterSpace = skipSpaceWithOneNewline(bytes, i, end)
        var title: (Int, Int, Int)?
        if afterSpace > beforeTitle, let scanned = scanTitle(bytes, afterSpace, end) {
            title = scanned
            i = scanned.2
        }
        // The rest of the line must be blank.
        var j = i
        while j < end && ASCII.isSpaceOrTab(bytes[j]) { j += 1 }
        if j < end && bytes[j] != 10 {
            guard title != nil else { return nil }
            title = nil
            j = beforeTitle
            while j < end && ASCII.isSpaceOrTab(bytes[j]) { j += 1 }
            if j < end && bytes[j] != 10 { return nil }
        } else if title == nil {
            // A destination alone must also end its line.
            j = beforeTitle
            while j < end && ASCII.isSpaceOrTab(bytes[j]) { j += 1 }
            if j < end && bytes[j] != 10 { return nil }
        }
        if j < end { j += 1 }
        let key = normalizeLabel(bytes[(start + 1)..<(labelEnd - 1)])
        let destinationBytes = Unescape.unescaped(bytes, destination.start, destination.end)
        let titleBytes = title.map { Unescape.unescaped(bytes, $0.0, $0.1) }
        return ParsedDefinition(key: key, reference: LinkReference(destination: destinationBytes, title: titleBytes), end: j)
    }
}

enum TableSyntax {
    /// A cell's trimmed byte range in the scanned buffer; `escapedPipe` says whether `\|` occurs in it.
    struct Cell {
        var start: Int
        var end: Int
        var escapedPipe: Bool
    }

    /// Appends a cell's content with `\|` turned into `|`.
    static func appendCell(_ cell: Cell, of bytes: [UInt8], to out: inout [UInt8]) {
        guard cell.escapedPipe else {
            out.appendBytes(of: bytes, cell.start, cell.end)
            return
        }
        var k = cell.start
        while k < cell.end {
            if bytes[k] == UInt8(ascii: "\\") && k + 1 < cell.end && bytes[k + 1] == UInt8(ascii: "|") {
                out.append(UInt8(ascii: "|"))
                k += 2
            } else {
                out.append(bytes[k])
                k += 1
            }
        }
    }

    /// Parses a delimiter row (`| :-- | :-: |`); returns one alignment per column:
    /// 0 none, 1 left, 2 center, 3 right.
    /// Whether a would-be delimiter row is a setext underline (only `-`) or a bullet item with content (`- | -`).
    static func startsCoreBlock(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var e = end
        while e > start && ASCII.isSpaceOrTab(bytes[e - 1]) { e -= 1 }
        guard start < e else { return false }
        if bytes[start..<e].allSatisfy({ $0 == UInt8(ascii: "-") }) { return true }
        return bytes[start] == UInt8(ascii: "-") && start + 1 < e && ASCII.isSpaceOrTab(bytes[start + 1])
    }

    static func delimiterRow(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [UInt8]? {
        var alignments: [UInt8] = []
        var i = start
        var e = end
        while e > i && ASCII.isSpaceOrTab(bytes[e - 1]) { e -= 1 }
        if i < e && bytes[i] == UInt8(ascii: "|") { i += 1 }
        if e > i && bytes[e - 1] == UInt8(ascii: "|") { e -= 1 }
        guard i < e else { return nil }
        while i <= e {
            while i < e && ASCII.isSpaceOrTab(bytes[i]) { i += 1 }
            var left = false, right = false
            if i < e && bytes[i] == UInt8(ascii: ":") { left = true; i += 1 }
            var dashes = 0
            while i < e && bytes[i] == UInt8(ascii: "-") { dashes += 1; i += 1 }
            if i < e && bytes[i] == UInt8(ascii: ":") { right = true; i += 1 }
            while i < e && ASCII.isSpaceOrTab(bytes[i]) { i += 1 }
            guard dashes > 0 else { return nil }
            alignments.append(left && right ? 2 : right ? 3 : left ? 1 : 0)
            if i >= e { break }
            guard bytes[i] == UInt8(ascii: "|") else { return nil }
            i += 1
        }
        return alignments
    }

    /// Splits a row at unescaped pipes into trimmed cells (appended to `cells`, which is cleared first).
    static func splitRow(_ bytes: [UInt8], _ start: Int, _ end: Int, into cells: inout [Cell]) {
        cells.removeAll(keepingCapacity: true)
        var i = start
        var e = end
        while i < e && ASCII.isWhitespace(bytes[i]) { i += 1 }
        while e > i && ASCII.isWhitespace(bytes[e - 1]) { e -= 1 }
        if i < e && bytes[i] == UInt8(ascii: "|") { i += 1 }
        if e > i && bytes[e - 1] == UInt8(ascii: "|") {
            // Only an unescaped final pipe closes the row.
            var backslashes = 0
            var k = e - 2
            while k >= i && bytes[k] == UInt8(ascii: "\\") { backslashes += 1; k -= 1 }
            if backslashes % 2 == 0 { e -= 1 }
        }
        var cellStart = i
        var escapedPipe = false
        var j = i
        while j <= e {
            if j == e || bytes[j] == UInt8(ascii: "|") {
                var s = cellStart, t = j
                while s < t && ASCII.isSpaceOrTab(bytes[s]) { s += 1 }
                while t > s && ASCII.isSpaceOrTab(bytes[t - 1]) { t -= 1 }
                cells.append(Cell(start: s, end: t, escapedPipe: escapedPipe))
                escapedPipe = false
                cellStart = j + 1
                j += 1
                continue
            }
            if bytes[j] == UInt8(ascii: "\\") && j + 1 < e {
                if bytes[j + 1] == UInt8(ascii: "|") { escapedPipe = true }
                j += 2
                continue
            }
            j += 1
        }
    }
}
