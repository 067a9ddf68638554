// Programming languages: JavaScript and TypeScript (one lexer; TypeScript adds keywords), and Python.

/// Comments shared by the C-like syntaxes (JavaScript, CSS, JSON with comments, SQL).
enum CStyle {
    /// `//` to the line's end, or `/*` to `*/` (an unterminated one runs to the end of the block).
    static func comment(_ s: inout ByteScanner) {
        let start = s.i
        if s.peek(1) == UInt8(ascii: "/") {
            s.skipToLineEnd()
        } else {
            s.i &+= 2
            s.skip(past: "*/")
        }
        s.emit(.comment, from: start)
    }
}

enum JavaScriptLexer {
    static let keywords = WordList([
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "export",
        "extends", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new", "return", "super",
        "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with", "yield", "async", "await", "of",
        "static", "get", "set", "from", "true", "false", "null", "undefined", "NaN", "Infinity",
        // TypeScript
        "interface", "type", "enum", "implements", "namespace", "declare", "abstract", "private", "protected",
        "public", "readonly", "as", "is", "keyof", "infer", "never", "unknown", "any", "number", "string",
        "boolean", "symbol", "object", "satisfies",
    ])
    /// Keywords after which a `/` starts a regular expression rather than a division.
    static let beforeExpression = WordList(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void",
                                            "throw", "case", "do", "else", "yield", "await"])

    static func lex(_ s: inout ByteScanner) {
        var regexAllowed = true
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10, 32, 9, 13:
                s.i &+= 1
                continue
            case UInt8(ascii: "/") where s.peek(1) == UInt8(ascii: "/") || s.peek(1) == UInt8(ascii: "*"):
                CStyle.comment(&s)
                continue
            case UInt8(ascii: "/") where regexAllowed:
                regex(&s)
                regexAllowed = false
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.string()
                regexAllowed = false
            case UInt8(ascii: "`"):
                // A template literal, `${…}` included, to its closing backtick (or the end of the block).
                s.string(multiline: true)
                regexAllowed = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                s.number()
                regexAllowed = false
            case UInt8(ascii: ".") where ASCII.isDigit(s.peek(1)):
                s.number()
                regexAllowed = false
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ";"):
                s.take(.punctuation)
                regexAllowed = true
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                s.take(.punctuation)
                regexAllowed = false
            case UInt8(ascii: "."):
                s.take(.punctuation, s.peek(1) == 46 && s.peek(2) == 46 ? 3 : 1)
                regexAllowed = s.tokens.last.map { $0.end - $0.start == 3 } ?? false
            default:
                if ByteScanner.isWordStart(c) || c == UInt8(ascii: "$") {
                    let start = s.word(extra: "$")
                    if s.isWord(start, s.i, in: keywords) {
                        s.emit(.keyword, from: start)
                        regexAllowed = s.isWord(start, s.i, in: beforeExpression)
                    } else {
                        if s.peek() == UInt8(ascii: "(") { s.emit(.name, from: start) }
                        regexAllowed = false
                    }
                } else if ByteScanner.contains("=+-*%<>!&|^~?:@#", c) {
                    let start = s.i
                    s.i &+= 1
                    while !s.atEnd && ByteScanner.contains("=+-*%<>!&|^~?:/", s.peek()) && !(s.peek() == 47 && ByteScanner.contains("/*", s.peek(1))) {
                        s.i &+= 1
                    }
                    s.emit(.operator, from: start)
                    regexAllowed = true
                } else if c == UInt8(ascii: "/") {
                    s.take(.operator, s.peek(1) == UInt8(ascii: "=") ? 2 : 1)
                    regexAllowed = true
                } else {
                    s.i &+= 1
                }
            }
        }
    }

    /// `/pattern/flags`; a `/` inside `[...]` or after a backslash does not close it. An unterminated one
    /// stops at the line's end (a regular expression cannot span lines).
    static func regex(_ s: inout ByteScanner) {
        let start = s.i
        s.i &+= 1
        var inClass = false
        while !s.atEnd && s.peek() != 10 {
            let c = s.peek()
            if c == 92 { s.i = min(s.i &+ 2, s.end); continue }
            s.i &+= 1
            if c == UInt8(ascii: "[") { inClass = true }
            else if c == UInt8(ascii: "]") { inClass = false }
            else if c == UInt8(ascii: "/") && !inClass {
                while !s.atEnd && ASCII.isLetter(s.peek()) { s.i &+= 1 }
                break
            }
        }
        if s.peek() == 10 && s.b[s.i &- 1] == 92 { s.i &-= 1 }
        s.emit(.string, from: start)
    }
}

enum PythonLexer {
    static let keywords = WordList([
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
    ])

    static func lex(_ s: inout ByteScanner) {
        var defines = false
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10, 32, 9, 13:
                s.i &+= 1
                continue
            case UInt8(ascii: "#"):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                string(&s, from: s.i)
            case UInt8(ascii: "@") where ByteScanner.isWordStart(s.peek(1)):
                let start = s.i
                s.i &+= 1
                s.word(extra: ".")
                s.emit(.attribute, from: start)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                s.number()
            case UInt8(ascii: ".") where ASCII.isDigit(s.peek(1)):
                s.number()
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "."), UInt8(ascii: ":"):
                s.take(.punctuation)
            default:
                if ByteScanner.isWordStart(c) {
                    let start = s.word()
                    // String prefixes: r"", b'', f"", rb"" ...
                    if s.i &- start <= 2, s.peek() == UInt8(ascii: "\"") || s.peek() == UInt8(ascii: "'"), isPrefix(s, start) {
                        string(&s, from: start)
                        continue
                    }
                    if s.isWord(start, s.i, in: keywords) {
                        s.emit(.keyword, from: start)
                        defines = s.matches("def", at: start) && s.i &- start == 3 || s.matches("class", at: start) && s.i &- start == 5
                        continue
                    }
                    if defines || s.peek() == UInt8(ascii: "(") { s.emit(.name, from: start) }
                } else if ByteScanner.contains("=+-*/%<>!&|^~", c) {
                    let start = s.i
                    while !s.atEnd && ByteScanner.contains("=+-*/%<>!&|^~", s.peek()) { s.i &+= 1 }
                    s.emit(.operator, from: start)
                } else {
                    s.i &+= 1
                }
            }
            defines = false
        }
    }

    /// A string whose prefix starts at `start` and whose quote is at the cursor: triple-quoted ones run to
    /// their closing quotes or the end of the block, others to their quote or the end of the line.
    static func string(_ s: inout ByteScanner, from start: Int) {
        let q = s.peek()
        if s.peek(1) == q && s.peek(2) == q {
            s.i &+= 3
            while !s.atEnd {
                let c = s.peek()
                if c == 92 { s.i = min(s.i &+ 2, s.end); continue }
                s.i &+= 1
                if c == q && s.peek() == q && s.peek(1) == q { s.i &+= 2; break }
            }
            s.emit(.string, from: start)
        } else {
            // The prefix first, so the string token that follows joins it.
            s.emit(.string, start, s.i)
            s.string()
        }
    }

    static func isPrefix(_ s: ByteScanner, _ start: Int) -> Bool {
        for j in start..<s.i where !ByteScanner.contains("rRbBuUfF", s.b[j]) { return false }
        return true
    }
}
