// Line-oriented and query languages: unified diffs, and SQL.

enum DiffLexer {
    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            let start = s.i
            let c = s.peek()
            s.skipToLineEnd()
            let kind: HighlightTokenKind?
            if s.matches("+++", at: start) || s.matches("---", at: start) || s.matches("diff ", at: start)
                || s.matches("index ", at: start) {
                kind = .keyword
            } else if s.matches("@@", at: start) {
                kind = .name
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: ">") {
                kind = .inserted
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "<") {
                kind = .deleted
            } else if c == UInt8(ascii: "\\") {
                kind = .comment
            } else {
                kind = nil
            }
            if let kind { s.emit(kind, from: start) }
            if !s.atEnd { s.i &+= 1 }
        }
    }
}

enum SQLLexer {
    static let keywords = WordList([
        "select", "from", "where", "and", "or", "not", "null", "is", "in", "like", "between", "exists", "insert", "into",
        "values", "update", "set", "delete", "create", "table", "index", "view", "drop", "alter", "add", "column",
        "primary", "key", "foreign", "references", "unique", "default", "constraint", "check", "join", "inner", "left",
        "right", "full", "outer", "cross", "on", "using", "group", "by", "order", "having", "limit", "offset", "as",
        "distinct", "union", "all", "case", "when", "then", "else", "end", "asc", "desc", "true", "false", "begin",
        "commit", "rollback", "transaction", "grant", "revoke", "with", "returning", "if", "database", "schema",
        "integer", "int", "bigint", "smallint", "text", "varchar", "char", "boolean", "date", "timestamp", "serial",
        "real", "float", "double", "numeric", "decimal", "blob", "explain", "analyze", "vacuum", "truncate", "cascade",
    ], ignoreCase: true)

    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            let c = s.peek()
            switch c {
            case 10, 32, 9, 13:
                s.i &+= 1
            case UInt8(ascii: "-") where s.peek(1) == UInt8(ascii: "-"):
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "#"):
                // MySQL's comment.
                let start = s.i
                s.skipToLineEnd()
                s.emit(.comment, from: start)
            case UInt8(ascii: "/") where s.peek(1) == UInt8(ascii: "*"):
                CStyle.comment(&s)
            case UInt8(ascii: "'"):
                // '' inside a string is a quote, which the scan handles as a string closing and reopening.
                s.string(escapes: false, multiline: true)
            case UInt8(ascii: "\""), UInt8(ascii: "`"):
                s.string(escapes: false, kind: .name)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                s.number()
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "."):
                s.take(.punctuation)
            default:
                if ByteScanner.isWordStart(c) {
                    let start = s.word()
                    if s.isWord(start, s.i, in: keywords) { s.emit(.keyword, from: start) }
                    else if s.peek() == UInt8(ascii: "(") { s.emit(.name, from: start) }
                } else if ByteScanner.contains("=<>!+-*/%|&:", c) {
                    let start = s.i
                    while !s.atEnd && ByteScanner.contains("=<>!|&:", s.peek()) || s.i == start { s.i &+= 1 }
                    s.emit(.operator, from: start)
                } else if c == UInt8(ascii: "$") || c == UInt8(ascii: "?") || c == UInt8(ascii: "@") {
                    // Parameters: $1, ?, @name.
                    let start = s.i
                    s.i &+= 1
                    s.word()
                    s.emit(.name, from: start)
                } else {
                    s.i &+= 1
                }
            }
        }
    }
}
