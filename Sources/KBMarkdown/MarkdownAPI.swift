// The public surface of KBMarkdown. The shapes here are a contract with the other modules.

/// Which Markdown dialect and safety rules to apply.
public struct MarkdownOptions: Sendable, Equatable {
    /// GitHub extensions: tables, strikethrough, extended autolinks, task lists, tag filter, footnotes.
    public var extensions: Bool
    /// Give every heading a GitHub-style unique `id`.
    public var headingIDs: Bool
    /// What happens to raw HTML: sanitized, escaped, or passed through (`.trusted`, CommonMark's behaviour).
    public var rawHTML: RawHTMLMode
    /// Escape all raw HTML instead of passing it through (`rawHTML == .escape`).
    public var escapeRawHTML: Bool {
        get { rawHTML == .escape }
        set { rawHTML = newValue ? .escape : .trusted }
    }
    /// Neutralise `javascript:`, `vbscript:`, `file:` and non-image `data:` destinations.
    public var safeLinks: Bool
    /// Render GitHub alerts (`> [!NOTE]` ...) as callouts.
    public var callouts = false
    /// Add a `#` link to this section inside every `##` and `###` heading that has an id.
    public var headingLinks = false
    /// Treat `{{< … >}}` as a shortcode: a misplaced one is a problem, `{{</* … */>}}` shows it literally.
    public var shortcodes = false

    public init(extensions: Bool = true, headingIDs: Bool = true, escapeRawHTML: Bool = false, safeLinks: Bool = false,
                rawHTML: RawHTMLMode = .trusted) {
        self.extensions = extensions
        self.headingIDs = headingIDs
        self.rawHTML = escapeRawHTML ? .escape : rawHTML
        self.safeLinks = safeLinks
    }

    /// Plain CommonMark 0.31.2, output exactly as the spec's.
    public static let commonMark = MarkdownOptions(extensions: false, headingIDs: false)
    /// CommonMark plus the GitHub extensions and heading ids (the default of `kb render`).
    public static let gfm = MarkdownOptions()
    /// What the site build uses: GFM with safe link schemes and sanitized raw HTML.
    public static let site = MarkdownOptions(safeLinks: true, rawHTML: .sanitize).withAuthoring()
    /// The same options with kb's authoring extensions on (callouts, heading links).
    public func withAuthoring() -> MarkdownOptions {
        var options = self
        options.callouts = true
        options.shortcodes = true
        options.headingLinks = headingIDs
        return options
    }
}

/// A heading, for tables of contents and anchors.
public struct MarkdownHeading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var line: Int
    public var column: Int
    /// Set when the heading came from a snippet (then `line` and `column` are in the snippet's file).
    public var origin: SnippetOrigin?
    public init(level: Int, text: String, id: String, line: Int, column: Int) {
        self.level = level; self.text = text; self.id = id; self.line = line; self.column = column
    }
}

/// A link or image destination with where it was written, for the link checker.
public struct MarkdownLink: Sendable, Equatable {
    public var destination: String
    public var isImage: Bool
    /// An image's alt text as plain text (empty for links and for images without one).
    public var altText = ""
    /// Set when the link came from a snippet (then `line` and `column` are in the snippet's file).
    public var origin: SnippetOrigin?
    public var line: Int
    public var column: Int
    public init(destination: String, isImage: Bool, line: Int, column: Int) {
        self.destination = destination; self.isImage = isImage; self.line = line; self.column = column
    }
}

/// One top-level block reduced to what the site needs (FAQ extraction, summaries).
public struct MarkdownBlockSummary: Sendable, Equatable {
    /// Heading level 1-6, or nil for any other block.
    public var headingLevel: Int?
    public var headingID: String?
    public var plainText: String
    public var line: Int
    public init(headingLevel: Int?, headingID: String?, plainText: String, line: Int) {
        self.headingLevel = headingLevel; self.headingID = headingID; self.plainText = plainText; self.line = line
    }
}

/// A parsed Markdown document.
public struct MarkdownDocument: Sendable {
    public var options: MarkdownOptions
    public var headings: [MarkdownHeading]
    public var links: [MarkdownLink]
    public var blocks: [MarkdownBlockSummary]
    /// Problems in the Markdown (shortcodes and snippet includes), in the order found.
    public var problems: [MarkdownProblem] = []
    /// Every snippet file included, nested ones too, each once, in the order first included.
    public var includedSnippets: [String] = []
    var source: String
    /// The parsed tree the renderer walks.
    var tree = MarkdownTree()
    /// Heading ids; a heading node's `offset` is its index here plus one (0: no id).
    var headingIDList: [String] = []
    /// Node index of each entry of `headings`, for `DocumentView`.
    var headingNodes: [Int32] = []
    /// Line and column of each top-level block and of the items of top-level lists (see `DocumentView`).
    var blockPositions: [Int32: (line: Int32, column: Int32)] = [:]

    /// The text of the document without markup, blocks separated by newlines.
    public var plainText: String { blocks.map(\.plainText).joined(separator: "\n") }
}

/// Parses Markdown source into a document.
public enum MarkdownParser {
    /// Parses `source` with `options`.
    public static func parse(_ source: String, options: MarkdownOptions = .gfm) -> MarkdownDocument {
        // A leading byte-order mark is not text (cmark drops it too), so `\u{FEFF}# Title` is a heading.
        if source.unicodeScalars.first == "\u{FEFF}" {
            return DocumentBuilder.build(String(source.unicodeScalars.dropFirst()), options: options)
        }
        return DocumentBuilder.build(source, options: options)
    }

    /// Parses UTF-8 bytes (invalid sequences become U+FFFD); saves the String round trip for large inputs.
    public static func parse(utf8 bytes: [UInt8], options: MarkdownOptions = .gfm) -> MarkdownDocument {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return parse(utf8: Array(bytes[3...]), options: options)
        }
        guard UTF8Check.isValid(bytes) else {
            return DocumentBuilder.build(String(decoding: bytes, as: UTF8.self), options: options)
        }
        return DocumentBuilder.build(utf8: bytes, source: "", options: options)
    }
}

/// Renders a parsed document as an HTML fragment.
public enum HTMLRenderer {
    /// Renders `document`; `rewriteLink` may replace a link or image destination (return nil to keep it).
    public static func render(_ document: MarkdownDocument, rewriteLink: (String) -> String? = { _ in nil }) -> String {
        withoutActuallyEscaping(rewriteLink) { rewrite in
            var writer = HTMLWriter(tree: document.tree, options: document.options,
                                    headingIDs: document.headingIDList, rewriteLink: rewrite)
            return writer.renderString()
        }
    }

    /// Renders `document` as UTF-8 bytes, for writing straight to a file or socket.
    public static func renderUTF8(_ document: MarkdownDocument, rewriteLink: (String) -> String? = { _ in nil }) -> [UInt8] {
        withoutActuallyEscaping(rewriteLink) { rewrite in
            var writer = HTMLWriter(tree: document.tree, options: document.options,
                                    headingIDs: document.headingIDList, rewriteLink: rewrite)
            return writer.render()
        }
    }

    /// Renders `document` in chunks of at most 64 KB handed to `write`, so a large page goes straight
    /// to a file or socket without being held in memory.
    public static func render(_ document: MarkdownDocument, rewriteLink: (String) -> String? = { _ in nil },
                              chunks write: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(rewriteLink) { rewrite in
            withoutActuallyEscaping(write) { sink in
                var writer = HTMLWriter(tree: document.tree, options: document.options,
                                        headingIDs: document.headingIDList, rewriteLink: rewrite, sink: sink)
                writer.stream()
            }
        }
    }
}
