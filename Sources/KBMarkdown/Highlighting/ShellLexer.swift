// Shell scripts (`sh`, `bash`, `shell`) and terminal sessions (`console`).

enum ShellLexer {
    static let keywords = WordList(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
                                    "esac", "in", "function", "return", "select", "time", "break", "continue"])
    static let builtins = WordList(["export", "local", "readonly", "unset", "declare", "source", "set", "shift",
                                    "exit", "eval", "exec", "trap", "alias", "cd", "echo", "printf", "read", "test"])

    static func lex(_ s: inout ByteScanner) {
        var commandStart = true
        while !s.atEnd { lexStep(&s, commandStart: &commandStart) }
    }

    /// Lexes one token; `commandStart` says whether the next word is a command name.
    static func lexStep(_ s: inout ByteScanner, commandStart: inout Bool) {
        let c = s.peek()
        switch c {
        case 10:
            s.i &+= 1
            commandStart = true
        case 32, 9:
            s.skipSpaces()
        case UInt8(ascii: "#"):
            // A comment only where a word starts; `a#b` is one word.
            let before = s.at(s.i &- 1)
            if s.i == s.lower || before == 32 || before == 9 || before == 10 || before == 59 {
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            } else {
                s.i &+= 1
            }
        case UInt8(ascii: "'"):
            s.string(escapes: false, multiline: true)
            commandStart = false
        case UInt8(ascii: "\""), UInt8(ascii: "`"):
            s.string(escapes: true, multiline: true)
            commandStart = false
        case UInt8(ascii: "$"):
            variable(&s)
            commandStart = false
        case UInt8(ascii: "\\"):
            // An escaped character, or a line continuation (the next line goes on with the same command).
            s.i = min(s.i &+ 2, s.end)
        case UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
            s.take(.operator, s.peek(1) == c ? 2 : 1)
            commandStart = c != UInt8(ascii: ")")
        case UInt8(ascii: "[") where commandStart:
            // `[` and `[[` are the test command.
            s.take(.name, s.peek(1) == c ? 2 : 1)
            commandStart = false
        case UInt8(ascii: ">"), UInt8(ascii: "<"):
            s.take(.operator, s.peek(1) == c ? 2 : 1)
        case UInt8(ascii: "-") where commandStart == false && isWordStartOrDash(s.peek(1)):
            let start = s.i
            while !s.atEnd && (ByteScanner.isWordByte(s.peek()) || s.peek() == 45) { s.i &+= 1 }
            s.emit(.attribute, from: start)
        default:
            if ASCII.isDigit(c) && !commandStart {
                // Digits, and versions such as 1.2.3; `2>` redirects are caught above as `>`.
                let start = s.i
                s.word(extra: ".")
                s.emit(.number, from: start)
            } else if ByteScanner.isWordByte(c) || c == 45 || c == 46 || c == 47 || c == 126 {
                let start = s.i
                s.word(extra: "-./~+:@%,")
                if s.peek() == UInt8(ascii: "=") && commandStart && isName(s, start) {
                    // `NAME=value` before a command assigns a variable.
                    s.emit(.name, from: start)
                    s.take(.operator)
                    // The value is plain (or a string or variable, lexed next); the command comes after it.
                    while !s.atEnd && !ASCII.isWhitespace(s.peek()) && !ByteScanner.contains("\"'$`;|&()", s.peek()) { s.i &+= 1 }
                } else if commandStart && s.isWord(start, s.i, in: keywords) {
                    s.emit(.keyword, from: start)
                } else if commandStart {
                    s.emit(s.isWord(start, s.i, in: builtins) ? .keyword : .name, from: start)
                    commandStart = false
                }
            } else {
                s.i &+= 1
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "}") { s.emit(.punctuation, s.i &- 1, s.i) }
            }
        }
    }

    /// `$NAME`, `${...}` (to its brace or the line's end), `$(` and `$1`, `$?`, `$@` ...
    static func variable(_ s: inout ByteScanner) {
        let start = s.i
        s.i &+= 1
        let c = s.peek()
        if c == UInt8(ascii: "{") {
            while !s.atEnd && s.peek() != UInt8(ascii: "}") && s.peek() != 10 { s.i &+= 1 }
            if s.peek() == UInt8(ascii: "}") { s.i &+= 1 }
        } else if c == UInt8(ascii: "(") {
            s.i &+= 1
            s.emit(.operator, from: start)
            return
        } else if ByteScanner.isWordStart(c) {
            while !s.atEnd && (ASCII.isAlphanumeric(s.peek()) || s.peek() == 95) { s.i &+= 1 }
        } else if ASCII.isDigit(c) || ByteScanner.contains("?@#*$!-", c) {
            s.i &+= 1
        }
        s.emit(.name, from: start)
    }

    static func isWordStartOrDash(_ c: UInt8) -> Bool { ByteScanner.isWordStart(c) || c == 45 }

    static func isName(_ s: ByteScanner, _ start: Int) -> Bool {
        guard ByteScanner.isWordStart(s.b[start]) else { return false }
        for j in start..<s.i where !(ASCII.isAlphanumeric(s.b[j]) || s.b[j] == 95) { return false }
        return true
    }
}

/// A terminal session: lines starting with a prompt (`$ `, `# `, `> `, `% `) are commands, the rest is output.
enum ConsoleLexer {
    static func lex(_ s: inout ByteScanner) {
        var continued = false
        var commandStart = true
        while !s.atEnd {
            let lineStart = s.i
            var lineEnd = s.i
            while lineEnd < s.end && s.b[lineEnd] != 10 { lineEnd &+= 1 }
            let c = s.peek(), next = s.peek(1)
            let isPrompt = ByteScanner.contains("$#>%", c) && (next == 32 || next == 10 || next == 0)
            if isPrompt || continued {
                if isPrompt && !continued { s.take(.prompt, next == 32 ? 2 : 1) }
                // The command is shell, confined to this line; a trailing backslash continues it.
                let outer = s.end
                s.end = lineEnd
                if !continued { commandStart = true }
                while !s.atEnd { ShellLexer.lexStep(&s, commandStart: &commandStart) }
                s.end = outer
                continued = lineEnd > lineStart && s.b[lineEnd &- 1] == 92
            } else {
                s.i = lineEnd
                s.emit(.output, from: lineStart)
            }
            if s.i < s.end { s.i &+= 1 }
        }
    }
}
