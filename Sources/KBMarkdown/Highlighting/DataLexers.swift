// Data and settings formats: JSON, YAML, TOML and INI.

enum JSONLexer {
    static let literals = WordList(["true", "false", "null"])

    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case UInt8(ascii: "\""):
                let start = s.i
                s.string()
                // A string followed by a colon is a member name. The look past the blanks is bounded by
                // the blanks themselves, which are then skipped, so nothing is read twice over.
                var j = s.i
                while j < s.end && ASCII.isWhitespace(s.b[j]) { j &+= 1 }
                if j < s.end && s.b[j] == UInt8(ascii: ":") {
                    s.retag(.attribute, start, s.i)
                }
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
                s.take(.punctuation)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = s.i
                if c == UInt8(ascii: "-") { s.i &+= 1 }
                if ASCII.isDigit(s.peek()) { s.number(from: start) } else { s.emit(.operator, from: start) }
            case UInt8(ascii: "/") where s.peek(1) == UInt8(ascii: "/") || s.peek(1) == UInt8(ascii: "*"):
                CStyle.comment(&s)
            default:
                if ASCII.isLetter(c) {
                    let start = s.word()
                    if s.isWord(start, s.i, in: literals) { s.emit(.keyword, from: start) }
                } else {
                    s.i &+= 1
                }
            }
        }
    }
}

enum YAMLLexer {
    static let literals = WordList(["true", "false", "null", "yes", "no", "on", "off", "~"], ignoreCase: true)

    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd { line(&s) }
    }

    /// One line: indentation, list dashes, an optional `key:`, then a value.
    static func line(_ s: inout ByteScanner) {
        let lineStart = s.i
        s.skipSpaces()
        if (s.matches("---", at: s.i) || s.matches("...", at: s.i)) && s.i == lineStart
            && (ASCII.isWhitespace(s.peek(3)) || s.peek(3) == 0) {
            s.take(.punctuation, 3)
        }
        while s.peek() == UInt8(ascii: "-") && (s.peek(1) == 32 || s.peek(1) == 10 || s.peek(1) == 0) {
            s.take(.punctuation)
            s.skipSpaces()
        }
        key(&s)
        value(&s)
        if !s.atEnd { s.i &+= 1 }
    }

    /// `name:` (plain or quoted) followed by a space or the line's end.
    static func key(_ s: inout ByteScanner) {
        let start = s.i
        let c = s.peek()
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            s.string(escapes: c == UInt8(ascii: "\""))
            if s.peek() == UInt8(ascii: ":") && isBlankOrEnd(s.peek(1)) {
                s.retag(.attribute, start, s.i)
                s.take(.punctuation)
            }
            return
        }
        guard c != 0, c != 10, c != UInt8(ascii: "#"), c != UInt8(ascii: "{"), c != UInt8(ascii: "[") else { return }
        // Find `: ` on this line; everything scanned is the key, so the scan is not repeated.
        var j = s.i
        while j < s.end && s.b[j] != 10 {
            if s.b[j] == UInt8(ascii: ":") && isBlankOrEnd(s.at(j &+ 1)) { break }
            if s.b[j] == UInt8(ascii: "#") && j > start && ASCII.isSpaceOrTab(s.b[j &- 1]) { return }
            j &+= 1
        }
        guard j < s.end, s.b[j] == UInt8(ascii: ":") else { return }
        s.i = j
        s.emit(.attribute, from: start)
        s.take(.punctuation)
    }

    /// The rest of the line after the key: strings, numbers, literals, anchors, tags, comments.
    static func value(_ s: inout ByteScanner) {
        while !s.atEnd && s.peek() != 10 {
            let c = s.peek()
            switch c {
            case 32, 9, 13:
                s.i &+= 1
            case UInt8(ascii: "#") where ConfigScan.atWordStart(s):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "\""):
                s.string()
            case UInt8(ascii: "'"):
                s.string(escapes: false)
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                let start = s.i
                while !s.atEnd && !ASCII.isWhitespace(s.peek()) { s.i &+= 1 }
                s.emit(.name, from: start)
            case UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: ","):
                s.take(.punctuation)
            default:
                // A plain scalar runs to a comment or the line's end; it is a number or literal only when whole.
                let start = s.i
                while !s.atEnd && s.peek() != 10 && !(s.peek() == UInt8(ascii: "#") && ASCII.isSpaceOrTab(s.at(s.i &- 1)))
                        && !ByteScanner.contains(",]}", s.peek()) {
                    s.i &+= 1
                }
                var stop = s.i
                while stop > start && ASCII.isWhitespace(s.b[stop &- 1]) { stop &-= 1 }
                if isNumber(s, start, stop) { s.emit(.number, start, stop) }
                else if s.isWord(start, stop, in: literals) { s.emit(.keyword, start, stop) }
                if s.i == start { s.i &+= 1 }
            }
        }
    }

    static func isBlankOrEnd(_ c: UInt8) -> Bool { c == 0 || c == 32 || c == 9 || c == 10 || c == 13 }

    static func isNumber(_ s: ByteScanner, _ start: Int, _ stop: Int) -> Bool {
        guard start < stop else { return false }
        var j = start
        if s.b[j] == UInt8(ascii: "-") || s.b[j] == UInt8(ascii: "+") { j &+= 1 }
        guard j < stop, ASCII.isDigit(s.b[j]) else { return false }
        while j < stop {
            let c = s.b[j]
            guard ASCII.isHexDigit(c) || c == 46 || c == 95 || (c | 0x20) == 120 || (c | 0x20) == 111 else { return false }
            j &+= 1
        }
        return true
    }
}

enum TOMLLexer {
    static let literals = WordList(["true", "false", "inf", "nan"])

    static func lex(_ s: inout ByteScanner) {
        var lineStart = true
        var depth = 0
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10:
                s.i &+= 1
                // Inside a multi-line array or inline table a new line holds values, not keys.
                lineStart = depth == 0
                continue
            case 32, 9, 13:
                s.i &+= 1
                continue
            case UInt8(ascii: "#"):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "[") where lineStart:
                // A table header, [name] or [[name]], to its bracket or the line's end.
                let start = s.i
                while !s.atEnd && s.peek() != 10 && s.peek() != UInt8(ascii: "#") {
                    let d = s.peek()
                    s.i &+= 1
                    if d == UInt8(ascii: "]") && s.peek() != UInt8(ascii: "]") { break }
                }
                s.emit(.name, from: start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let start = s.i
                if s.peek(1) == c && s.peek(2) == c {
                    s.i &+= 3
                    if c == UInt8(ascii: "\"") { skipTriple(&s, "\"\"\"") } else { skipTriple(&s, "'''") }
                    s.emit(.string, from: start)
                } else {
                    s.string(escapes: c == UInt8(ascii: "\""))
                    if lineStart { s.retag(.attribute, start, s.i) }
                }
            case UInt8(ascii: "="):
                s.take(.operator)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                s.take(.punctuation)
                depth &+= 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                s.take(.punctuation)
                depth = max(0, depth &- 1)
            case UInt8(ascii: "."), UInt8(ascii: ","):
                s.take(.punctuation)
                // The parts of a dotted key are all key.
                if lineStart && c == UInt8(ascii: ".") { continue }
            default:
                let start = s.i
                if lineStart {
                    // A bare key (dotted parts are joined by the punctuation above).
                    s.word(extra: "-")
                    if s.i == start { s.i &+= 1 } else { s.emit(.attribute, from: start) }
                    continue
                }
                if ASCII.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    // Numbers, dates and times: 1_000, 0xff, 1e6, 1979-05-27T07:32:00Z.
                    s.i &+= 1
                    while !s.atEnd && (ByteScanner.isWordByte(s.peek()) || ByteScanner.contains(".:+-", s.peek())) { s.i &+= 1 }
                    s.emit(.number, from: start)
                } else if ASCII.isLetter(c) {
                    s.word()
                    if s.isWord(start, s.i, in: literals) { s.emit(.keyword, from: start) }
                } else {
                    s.i &+= 1
                }
            }
            lineStart = false
        }
    }

    /// Moves past the closing triple quote, or to the end of the block when there is none.
    static func skipTriple(_ s: inout ByteScanner, _ close: StaticString) {
        s.skip(past: close)
    }
}

enum INILexer {
    static let literals = WordList(["true", "false", "yes", "no", "on", "off", "none"], ignoreCase: true)

    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            s.skipSpaces()
            let c = s.peek()
            if c == UInt8(ascii: ";") || c == UInt8(ascii: "#") {
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            } else if c == UInt8(ascii: "[") {
                let start = s.i
                while !s.atEnd && s.peek() != 10 && s.peek() != UInt8(ascii: "]") { s.i &+= 1 }
                if s.peek() == UInt8(ascii: "]") { s.i &+= 1 }
                s.emit(.name, from: start)
                s.skipToLineEnd()
            } else if c != 10 && c != 0 {
                keyValue(&s)
            }
            if !s.atEnd { s.i &+= 1 }
        }
    }

    /// `key = value` or `key: value`; a line without either stays plain.
    static func keyValue(_ s: inout ByteScanner) {
        let start = s.i
        while !s.atEnd && s.peek() != 10 && s.peek() != UInt8(ascii: "=") && s.peek() != UInt8(ascii: ":") { s.i &+= 1 }
        guard !s.atEnd, s.peek() != 10 else { return }
        var keyEnd = s.i
        while keyEnd > start && ASCII.isSpaceOrTab(s.b[keyEnd &- 1]) { keyEnd &-= 1 }
        s.emit(.attribute, start, keyEnd)
        s.take(.operator)
        s.skipSpaces()
        let valueStart = s.i
        let c = s.peek()
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            s.string()
            s.skipToLineEnd()
            return
        }
        s.skipToLineEnd()
        var stop = s.i
        while stop > valueStart && ASCII.isWhitespace(s.b[stop &- 1]) { stop &-= 1 }
        if YAMLLexer.isNumber(s, valueStart, stop) { s.emit(.number, valueStart, stop) }
        else if s.isWord(valueStart, stop, in: literals) { s.emit(.keyword, valueStart, stop) }
    }
}
