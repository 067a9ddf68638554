// The public side of snippets: a paragraph that is only `{{< snippet "NAME" >}}` is replaced by the
// blocks of the snippet's Markdown, which the caller supplies through a lookup (KBMarkdown never reads files).

/// What the caller's lookup answers for a snippet name.
public enum SnippetLookup: Sendable {
    /// The snippet's Markdown, and a name for its file that problems and origins report (e.g. `_snippets/x.md`).
    case found(source: String, file: String)
    /// No such snippet; `hint` may suggest a close name.
    case missing(hint: String?)
}

/// Where text that came from a snippet was included: the snippet's file and the position of the
/// directive in the document itself (the outermost one, when snippets include snippets).
public struct SnippetOrigin: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }
}

/// A problem in the Markdown itself: a misplaced or unknown shortcode, a missing snippet, an include cycle.
/// `line` and `column` are in the document, or in the snippet file when `origin` is set.
public struct MarkdownProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?
    public var origin: SnippetOrigin?
    public init(line: Int, column: Int, message: String, hint: String? = nil, origin: SnippetOrigin? = nil) {
        self.line = line; self.column = column; self.message = message; self.hint = hint; self.origin = origin
    }
    public var description: String { "\(origin?.file ?? "")\(origin == nil ? "" : ":")\(line):\(column): \(message)" }
}

/// Bounds on snippet includes, so a small file cannot make a document of unbounded size.
public enum SnippetLimits {
    /// Snippets may include snippets this deep.
    public static let maxDepth = 8
    /// Includes per document, counting nested ones.
    public static let maxIncludes = 10_000
    /// Bytes of snippet Markdown per document, counting every include.
    public static let maxIncludedBytes = 32 << 20
}

extension MarkdownParser {
    /// Parses `source`, replacing every paragraph that is only `{{< snippet "NAME" >}}` with the blocks of
    /// the Markdown `snippets(NAME)` returns, parsed as if written there.
    public static func parse(_ source: String, options: MarkdownOptions, snippets: (String) -> SnippetLookup) -> MarkdownDocument {
        withoutActuallyEscaping(snippets) { lookup in
            var text = source
            if text.unicodeScalars.first == "\u{FEFF}" { text = String(text.unicodeScalars.dropFirst()) }
            return DocumentBuilder.build(text, options: options, snippets: lookup)
        }
    }
}
