// Web server configuration: nginx, Apache httpd (and .htaccess) and Caddyfile. All three are lists of
// directives, so the first word of each statement is the keyword and the rest are its arguments.

enum NginxLexer {
    static func lex(_ s: inout ByteScanner) {
        var statementStart = true
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10, 32, 9, 13:
                s.i &+= 1
            case UInt8(ascii: "#"):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.string()
                statementStart = false
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"):
                s.take(.punctuation)
                statementStart = true
            case UInt8(ascii: "$"):
                ConfigScan.dollarVariable(&s)
                statementStart = false
            default:
                if statementStart && ByteScanner.isWordStart(c) {
                    let start = s.word()
                    s.emit(.keyword, from: start)
                    statementStart = false
                } else if ASCII.isDigit(c) {
                    ConfigScan.numberOrWord(&s)
                } else if c == UInt8(ascii: "~") || c == UInt8(ascii: "=") || (c == UInt8(ascii: "^") && s.peek(1) == UInt8(ascii: "~")) {
                    let start = s.i
                    while !s.atEnd && ByteScanner.contains("~=^*", s.peek()) { s.i &+= 1 }
                    s.emit(.operator, from: start)
                } else {
                    ConfigScan.bareWord(&s, stops: "{};\"'$#")
                    statementStart = false
                }
            }
        }
    }
}

enum ApacheLexer {
    static func lex(_ s: inout ByteScanner) {
        var continued = false
        while !s.atEnd {
            s.skipSpaces()
            let c = s.peek()
            if c == 10 || c == 13 {
                s.i &+= 1
                continue
            }
            if c == UInt8(ascii: "#") && !continued {
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
                continue
            }
            if c == UInt8(ascii: "<") && !continued {
                s.take(.punctuation, s.peek(1) == UInt8(ascii: "/") ? 2 : 1)
                let start = s.word()
                s.emit(.keyword, from: start)
            } else if !continued && ByteScanner.isWordStart(c) {
                let start = s.word()
                s.emit(.keyword, from: start)
            }
            continued = arguments(&s)
            if !s.atEnd { s.i &+= 1 }
        }
    }

    /// The rest of a directive's line; returns whether it ends with a continuation backslash.
    static func arguments(_ s: inout ByteScanner) -> Bool {
        while !s.atEnd && s.peek() != 10 {
            let c = s.peek()
            switch c {
            case 32, 9, 13:
                s.i &+= 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.string()
            case UInt8(ascii: ">"):
                s.take(.punctuation)
            case UInt8(ascii: "%") where s.peek(1) == UInt8(ascii: "{"):
                let start = s.i
                while !s.atEnd && s.peek() != UInt8(ascii: "}") && s.peek() != 10 { s.i &+= 1 }
                if s.peek() == UInt8(ascii: "}") { s.i &+= 1 }
                s.emit(.name, from: start)
            case UInt8(ascii: "$"):
                ConfigScan.dollarVariable(&s)
            case UInt8(ascii: "["):
                // RewriteRule flags such as [L,R=301]; unterminated, they stop at the line's end.
                let start = s.i
                while !s.atEnd && s.peek() != UInt8(ascii: "]") && s.peek() != 10 { s.i &+= 1 }
                if s.peek() == UInt8(ascii: "]") { s.i &+= 1 }
                s.emit(.attribute, from: start)
            case UInt8(ascii: "\\") where s.peek(1) == 10 || (s.peek(1) == 13 && s.peek(2) == 10):
                s.i &+= s.peek(1) == 13 ? 2 : 1
                return true
            default:
                if ASCII.isDigit(c) {
                    ConfigScan.numberOrWord(&s)
                } else {
                    ConfigScan.bareWord(&s, stops: "\"'>%$[\\")
                }
            }
        }
        return false
    }
}

enum CaddyfileLexer {
    static func lex(_ s: inout ByteScanner) {
        var depth = 0
        var lineStart = true
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10:
                s.i &+= 1
                lineStart = true
            case 32, 9, 13:
                s.i &+= 1
            case UInt8(ascii: "#") where ConfigScan.atWordStart(s):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "\""):
                s.string()
                lineStart = false
            case UInt8(ascii: "`"):
                s.string(escapes: false, multiline: true)
                lineStart = false
            case UInt8(ascii: "{"):
                if !placeholder(&s) {
                    s.take(.punctuation)
                    depth &+= 1
                }
                lineStart = false
            case UInt8(ascii: "}"):
                s.take(.punctuation)
                depth = max(0, depth &- 1)
            case UInt8(ascii: "@"):
                let start = s.i
                s.i &+= 1
                s.word(extra: "-")
                s.emit(.attribute, from: start)
                lineStart = false
            default:
                let start = s.i
                if ASCII.isDigit(c) && !lineStart {
                    ConfigScan.numberOrWord(&s)
                    continue
                }
                ConfigScan.bareWord(&s, stops: "{}\"`#")
                if s.i == start { s.i &+= 1 }
                // At the top level a line's first word is a site address; inside a block it is a directive.
                if lineStart { s.emit(depth == 0 ? .name : .keyword, from: start) }
                lineStart = false
            }
        }
    }

    /// `{http.request.host}`, `{$ENV}`, `{path.0}`: a brace that closes before any space.
    static func placeholder(_ s: inout ByteScanner) -> Bool {
        var j = s.i &+ 1
        while j < s.end && !ByteScanner.contains(" \t\r\n{}", s.b[j]) { j &+= 1 }
        guard j < s.end, j > s.i &+ 1, s.b[j] == UInt8(ascii: "}") else { return false }
        let start = s.i
        s.i = j &+ 1
        s.emit(.name, from: start)
        return true
    }
}

/// Scans shared by the configuration lexers.
enum ConfigScan {
    /// `$name`, `${name}` (to its brace or the line's end) or `$1`.
    static func dollarVariable(_ s: inout ByteScanner) {
        let start = s.i
        s.i &+= 1
        // A lone `$` (a regex anchor) is not a variable.
        guard s.peek() == UInt8(ascii: "{") || ASCII.isAlphanumeric(s.peek()) || s.peek() == 95 else { return }
        if s.peek() == UInt8(ascii: "{") {
            while !s.atEnd && s.peek() != UInt8(ascii: "}") && s.peek() != 10 { s.i &+= 1 }
            if s.peek() == UInt8(ascii: "}") { s.i &+= 1 }
        } else {
            while !s.atEnd && (ASCII.isAlphanumeric(s.peek()) || s.peek() == 95) { s.i &+= 1 }
        }
        s.emit(.name, from: start)
    }

    /// A word starting with a digit: a number (`404`, `10m`, `1.5`) when it is one, otherwise plain (`127.0.0.1:8080` stays a number too).
    static func numberOrWord(_ s: inout ByteScanner) {
        let start = s.i
        while !s.atEnd && (ByteScanner.isWordByte(s.peek()) || s.peek() == 46 || s.peek() == 58) { s.i &+= 1 }
        let next = s.peek()
        if next == 0 || ASCII.isWhitespace(next) || next == 59 || next == 125 || next == 93 || next == 62 || next == 44 {
            s.emit(.number, from: start)
        } else {
            bareWord(&s, stops: "{};\"'$#")
        }
    }

    /// Skips a plain argument up to whitespace or one of `stops` (always at least one byte).
    static func bareWord(_ s: inout ByteScanner, stops: StaticString) {
        let start = s.i
        while !s.atEnd {
            let c = s.peek()
            if ASCII.isWhitespace(c) || (ByteScanner.contains(stops, c) && s.i > start) { break }
            s.i &+= 1
        }
        if s.i == start { s.i &+= 1 }
    }

    static func atWordStart(_ s: ByteScanner) -> Bool {
        s.i == s.lower || ASCII.isWhitespace(s.at(s.i &- 1))
    }
}
