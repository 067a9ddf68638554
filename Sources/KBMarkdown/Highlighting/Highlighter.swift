// Build-time syntax highlighting of fenced code blocks: the language table and the entry point.
// Each lexer is a hand-written byte scanner that only moves forward, so its time is linear in the
// block's length; constructs that could need backtracking (an unterminated string or comment)
// run to the end of their line or block instead, and never make the scanner look back.

/// A token class; the raw value is the CSS class suffix (`tok-keyword`, ...).
public enum HighlightTokenKind: UInt8, Sendable, CaseIterable {
    case keyword, string, number, comment, name, attribute, `operator`, punctuation, prompt, output, inserted, deleted

    /// The class written on the token's `<span>`.
    public var cssClass: StaticString {
        switch self {
        case .keyword: return "tok-keyword"
        case .string: return "tok-string"
        case .number: return "tok-number"
        case .comment: return "tok-comment"
        case .name: return "tok-name"
        case .attribute: return "tok-attribute"
        case .operator: return "tok-operator"
        case .punctuation: return "tok-punctuation"
        case .prompt: return "tok-prompt"
        case .output: return "tok-output"
        case .inserted: return "tok-inserted"
        case .deleted: return "tok-deleted"
        }
    }
}

/// One highlighted byte range of a code block; bytes between tokens are plain text.
public struct HighlightToken: Sendable, Equatable {
    public var kind: HighlightTokenKind
    public var start: Int32
    public var end: Int32
    public init(kind: HighlightTokenKind, start: Int32, end: Int32) { self.kind = kind; self.start = start; self.end = end }
}

/// The languages kb highlights; each alias of the info string maps to one of them.
public enum HighlightLanguage: String, Sendable, CaseIterable {
    case shell, console, http, nginx, apache, caddyfile, json, yaml, toml, ini, javascript, python, html, css, diff, sql, text

    /// Info-string words (lowercased) that name each language.
    static let aliases: [String: HighlightLanguage] = [
        "sh": .shell, "bash": .shell, "shell": .shell, "zsh": .shell,
        "console": .console, "shell-session": .console,
        "http": .http, "nginx": .nginx, "apache": .apache, "apacheconf": .apache, "htaccess": .apache,
        "caddyfile": .caddyfile, "caddy": .caddyfile,
        "json": .json, "jsonc": .json, "yaml": .yaml, "yml": .yaml, "toml": .toml, "ini": .ini, "conf": .ini,
        "javascript": .javascript, "js": .javascript, "typescript": .javascript, "ts": .javascript,
        "mjs": .javascript, "jsx": .javascript, "tsx": .javascript,
        "python": .python, "py": .python,
        "html": .html, "xml": .html, "svg": .html, "xhtml": .html,
        "css": .css, "diff": .diff, "patch": .diff, "sql": .sql,
        "text": .text, "txt": .text, "plaintext": .text, "plain": .text,
    ]

    /// The language an info string's first word names (ASCII case ignored), or nil for one kb does not know.
    public init?(infoWord bytes: some Collection<UInt8>) {
        guard bytes.count <= 16 else { return nil }
        let word = String(decoding: bytes.map(ASCII.lower), as: UTF8.self)
        guard let language = HighlightLanguage.aliases[word] else { return nil }
        self = language
    }
}

/// Splits code into tokens.
public enum Highlighter {
    /// Code blocks longer than this render plain: the token list costs memory in proportion to the
    /// block, and nobody reads a highlighted megabyte.
    public static let maxHighlightedBytes = 1 << 20

    /// The tokens of `code` in `language`, in order and not overlapping; empty for `text` or an oversized block.
    public static func tokens(_ code: [UInt8], language: HighlightLanguage) -> [HighlightToken] {
        code.withUnsafeBufferPointer { tokens($0, 0, $0.count, language: language) }
    }

    /// The tokens of `bytes[start..<end]`, with offsets into `bytes`.
    static func tokens(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                       language: HighlightLanguage) -> [HighlightToken] {
        guard end - start <= maxHighlightedBytes, start < end, language != .text else { return [] }
        var s = ByteScanner(bytes, start, end)
        lex(&s, language)
        return s.tokens
    }

    /// Runs the lexer for `language` from `s.i` to `s.end`.
    static func lex(_ s: inout ByteScanner, _ language: HighlightLanguage) {
        switch language {
        case .shell: ShellLexer.lex(&s)
        case .console: ConsoleLexer.lex(&s)
        case .http: HTTPLexer.lex(&s)
        case .nginx: NginxLexer.lex(&s)
        case .apache: ApacheLexer.lex(&s)
        case .caddyfile: CaddyfileLexer.lex(&s)
        case .json: JSONLexer.lex(&s)
        case .yaml: YAMLLexer.lex(&s)
        case .toml: TOMLLexer.lex(&s)
        case .ini: INILexer.lex(&s)
        case .javascript: JavaScriptLexer.lex(&s)
        case .python: PythonLexer.lex(&s)
        case .html: MarkupLexer.lex(&s)
        case .css: CSSLexer.lex(&s)
        case .diff: DiffLexer.lex(&s)
        case .sql: SQLLexer.lex(&s)
        case .text: s.i = s.end
        }
    }
}
