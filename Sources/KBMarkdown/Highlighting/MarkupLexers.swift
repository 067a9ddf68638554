// Markup and style sheets: HTML and XML (one lexer, with `<script>` and `<style>` contents lexed as
// JavaScript and CSS), and CSS.

enum MarkupLexer {
    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            let c = s.peek()
            if c == UInt8(ascii: "<") {
                let start = s.i
                if s.matches("<!--", at: s.i) {
                    s.i &+= 4
                    s.skip(past: "-->")
                    s.emit(.comment, from: start)
                } else if s.matches("<![CDATA[", at: s.i) {
                    s.i &+= 9
                    s.skip(past: "]]>")
                    s.emit(.string, from: start)
                } else if s.peek(1) == UInt8(ascii: "!") || s.peek(1) == UInt8(ascii: "?") {
                    // A doctype or processing instruction, to its `>` (or the end of the block).
                    s.skip(past: ">")
                    s.emit(.keyword, from: start)
                } else if ASCII.isLetter(s.peek(1)) || (s.peek(1) == UInt8(ascii: "/") && ASCII.isLetter(s.peek(2))) {
                    tag(&s)
                } else {
                    s.i &+= 1
                }
            } else if c == UInt8(ascii: "&") {
                entity(&s)
            } else {
                while !s.atEnd && s.peek() != UInt8(ascii: "<") && s.peek() != UInt8(ascii: "&") { s.i &+= 1 }
            }
        }
    }

    /// The longest entity looked for; longer runs after `&` are text, so the look ahead for `;` is bounded.
    static let maxEntityLength = 32

    /// `&amp;`, `&#8217;`, `&#x2F;`: at most `maxEntityLength` bytes before the `;`, or it is plain text.
    static func entity(_ s: inout ByteScanner) {
        let start = s.i
        var j = s.i &+ 1
        while j < s.end && j &- start < maxEntityLength && (ASCII.isAlphanumeric(s.b[j]) || s.b[j] == UInt8(ascii: "#")) { j &+= 1 }
        if j < s.end && s.b[j] == UInt8(ascii: ";") && j > start &+ 1 {
            s.i = j &+ 1
            s.emit(.keyword, from: start)
        } else {
            s.i &+= 1
        }
    }

    /// A start or end tag with its attributes. A quoted value runs to its quote or the end of the block.
    static func tag(_ s: inout ByteScanner) {
        let closing = s.peek(1) == UInt8(ascii: "/")
        s.take(.punctuation, closing ? 2 : 1)
        let nameStart = s.i
        while !s.atEnd && (ByteScanner.isWordByte(s.peek()) || ByteScanner.contains("-:.", s.peek())) { s.i &+= 1 }
        let nameEnd = s.i
        s.emit(.name, from: nameStart)
        var selfClosing = false
        while !s.atEnd {
            let c = s.peek()
            if ASCII.isWhitespace(c) {
                s.i &+= 1
            } else if c == UInt8(ascii: ">") {
                s.take(.punctuation)
                break
            } else if c == UInt8(ascii: "/") && s.peek(1) == UInt8(ascii: ">") {
                s.take(.punctuation, 2)
                selfClosing = true
                break
            } else if c == UInt8(ascii: "=") {
                s.take(.punctuation)
                s.skipSpaces()
                let q = s.peek()
                if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                    s.string(escapes: false, multiline: true)
                } else {
                    let start = s.i
                    while !s.atEnd && !ASCII.isWhitespace(s.peek()) && s.peek() != UInt8(ascii: ">") { s.i &+= 1 }
                    s.emit(.string, from: start)
                }
            } else if c == UInt8(ascii: "<") {
                // A tag left open: the next tag starts here.
                return
            } else {
                let start = s.i
                while !s.atEnd && !ASCII.isWhitespace(s.peek()) && !ByteScanner.contains("=>/<\"'", s.peek()) { s.i &+= 1 }
                if s.i == start { s.i &+= 1 } else { s.emit(.attribute, from: start) }
            }
        }
        guard !closing, !selfClosing else { return }
        let isScript = nameEnd &- nameStart == 6 && s.matchesIgnoringCase("script", at: nameStart)
        let isStyle = nameEnd &- nameStart == 5 && s.matchesIgnoringCase("style", at: nameStart)
        guard isScript || isStyle else { return }
        // The contents, up to the matching end tag (or the end of the block), in their own language.
        var stop = s.i
        while stop < s.end {
            if s.b[stop] == UInt8(ascii: "<") && s.at(stop &+ 1) == UInt8(ascii: "/")
                && (isScript ? s.matchesIgnoringCase("script", at: stop &+ 2) : s.matchesIgnoringCase("style", at: stop &+ 2)) { break }
            stop &+= 1
        }
        let outer = s.end
        s.end = stop
        Highlighter.lex(&s, isScript ? .javascript : .css)
        s.end = outer
        s.i = stop
    }
}

enum CSSLexer {
    static func lex(_ s: inout ByteScanner) {
        var depth = 0
        while !s.atEnd {
            let c = s.peek()
            if ASCII.isWhitespace(c) { s.i &+= 1; continue }
            if c == UInt8(ascii: "/") && s.peek(1) == UInt8(ascii: "*") { CStyle.comment(&s); continue }
            if c == UInt8(ascii: "}") { s.take(.punctuation); depth = max(0, depth &- 1); continue }
            // The statement runs to the first `{`, `;` or `}` outside strings and comments. Looking
            // ahead reads each byte once more, then the statement is lexed within that range.
            let stop = statementEnd(s)
            let opensBlock = stop < s.end && s.b[stop] == UInt8(ascii: "{")
            let outer = s.end
            s.end = stop
            if opensBlock || depth == 0 { selector(&s) } else { declaration(&s) }
            s.end = outer
            s.i = stop
            if opensBlock { s.take(.punctuation); depth &+= 1 }
            else if s.peek() == UInt8(ascii: ";") { s.take(.punctuation) }
        }
    }

    static func statementEnd(_ s: ByteScanner) -> Int {
        var j = s.i
        while j < s.end {
            let c = s.b[j]
            if c == UInt8(ascii: "{") || c == UInt8(ascii: ";") || c == UInt8(ascii: "}") { return j }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                j &+= 1
                while j < s.end && s.b[j] != c && s.b[j] != 10 { j &+= s.b[j] == 92 ? 2 : 1 }
            } else if c == UInt8(ascii: "/") && s.at(j &+ 1) == UInt8(ascii: "*") {
                j &+= 2
                while j < s.end && !(s.b[j] == UInt8(ascii: "*") && s.at(j &+ 1) == UInt8(ascii: "/")) { j &+= 1 }
                j &+= 1
            }
            j &+= 1
        }
        return s.end
    }

    /// Selectors and at-rule preludes: `@media`, `.class`, `#id`, `:hover`, `[attr]`, element names.
    static func selector(_ s: inout ByteScanner) {
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case UInt8(ascii: "@"):
                let start = s.i
                s.i &+= 1
                s.word(extra: "-")
                s.emit(.keyword, from: start)
            case UInt8(ascii: "."), UInt8(ascii: "#"):
                let start = s.i
                s.i &+= 1
                s.word(extra: "-")
                s.emit(.attribute, from: start)
            case UInt8(ascii: ":"):
                let start = s.i
                while s.peek() == UInt8(ascii: ":") { s.i &+= 1 }
                // `:hover` and `::before` are pseudo-classes; `(max-width: 600px)` has a plain colon.
                if ByteScanner.isWordStart(s.peek()) {
                    s.word(extra: "-")
                    s.emit(.keyword, from: start)
                } else {
                    s.emit(.punctuation, from: start)
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.string()
            case UInt8(ascii: "/") where s.peek(1) == UInt8(ascii: "*"):
                CStyle.comment(&s)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                s.number()
            case UInt8(ascii: ","), UInt8(ascii: ">"), UInt8(ascii: "+"), UInt8(ascii: "~"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "="), UInt8(ascii: "*"):
                s.take(.punctuation)
            default:
                if ByteScanner.isWordStart(c) || c == UInt8(ascii: "-") {
                    let start = s.word(extra: "-")
                    s.emit(.name, from: start)
                } else {
                    s.i &+= 1
                }
            }
        }
    }

    /// `property: value`, with numbers and units, colours, strings, functions and `!important`.
    static func declaration(_ s: inout ByteScanner) {
        let start = s.word(extra: "-")
        if s.i > start { s.emit(.attribute, from: start) }
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "/"):
                if c == UInt8(ascii: "/") && s.peek(1) == UInt8(ascii: "*") { CStyle.comment(&s) } else { s.take(.punctuation) }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.string()
            case UInt8(ascii: "#"):
                let start = s.i
                s.i &+= 1
                s.word()
                s.emit(.number, from: start)
            case UInt8(ascii: "!"):
                let start = s.i
                s.i &+= 1
                s.word()
                s.emit(.keyword, from: start)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                numberWithUnit(&s, from: s.i)
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"):
                if ASCII.isDigit(s.peek(1)) || (s.peek(1) == 46 && ASCII.isDigit(s.peek(2))) {
                    let start = s.i
                    s.i &+= 1
                    numberWithUnit(&s, from: start)
                } else if c == UInt8(ascii: "-") && ByteScanner.isWordStart(s.peek(1)) || s.peek(1) == UInt8(ascii: "-") {
                    let start = s.word(extra: "-")
                    if s.peek() == UInt8(ascii: "(") { s.emit(.name, from: start) }
                } else {
                    s.take(.operator)
                }
            default:
                if ByteScanner.isWordStart(c) {
                    let start = s.word(extra: "-")
                    if s.peek() == UInt8(ascii: "(") { s.emit(.name, from: start) }
                } else {
                    s.i &+= 1
                }
            }
        }
    }

    static func numberWithUnit(_ s: inout ByteScanner, from start: Int) {
        while !s.atEnd && (ByteScanner.isWordByte(s.peek()) || s.peek() == 46 || s.peek() == UInt8(ascii: "%")) { s.i &+= 1 }
        s.emit(.number, from: start)
    }
}
