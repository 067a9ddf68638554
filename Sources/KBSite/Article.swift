import KBMarkdown

/// One help article: its front matter fields and its parsed body.
public struct Article: Sendable {
    /// The file name without `.md`; the article lives at `/<slug>/`.
    public var slug: String
    /// Path shown in diagnostics, e.g. `Articles/502-bad-gateway.md`.
    public var displayPath: String
    /// Path relative to the articles folder, e.g. `network/502-bad-gateway.md`.
    public var relativePath: String
    /// Folder relative to the articles folder (`""` at the top level).
    public var folder: String
    public var title: String
    public var code: Int?
    public var summary: String
    public var description: String
    public var tags: [String]
    public var keywords: [String]
    public var aliases: [String]
    public var related: [String]
    public var updated: String?
    public var draft: Bool
    public var weight: Int?
    /// Front matter fields kb does not know, passed to templates as `article.extra`.
    public var extra: FrontMatterMap
    public var frontMatter: FrontMatterMap
    public var document: MarkdownDocument
    /// Line of the file where the Markdown body starts, to turn body lines into file lines.
    public var bodyStartLine: Int

    /// The title without its leading status code ("Bad Gateway" for "502 Bad Gateway"), for places that show the
    /// code separately as a badge.
    public var name: String {
        guard let code, title.hasPrefix("\(code) ") else { return title }
        return String(title.dropFirst("\(code) ".count))
    }

    /// The article's site path, `/<slug>/`.
    public var url: String { "/\(slug)/" }

    /// The status class ("4xx"), or nil for a guide.
    public var statusClass: StatusClass? { code.map(StatusClass.init(code:)) }
}

/// A family of HTTP status codes (1xx-5xx), or the guides that have no code.
public struct StatusClass: Sendable, Hashable, Comparable {
    /// 1-5 for status classes, 9 for guides (so they sort last).
    public var digit: Int

    public init(code: Int) { digit = code / 100 }
    public init(digit: Int) { self.digit = digit }
    public static let guides = StatusClass(digit: 9)

    public var isGuides: Bool { digit == 9 }
    public var slug: String { isGuides ? "guides" : "\(digit)xx" }
    public var url: String { "/\(slug)/" }

    public var name: String {
        switch digit {
        case 1: return "Informational responses (1xx)"
        case 2: return "Successful responses (2xx)"
        case 3: return "Redirects (3xx)"
        case 4: return "Client errors (4xx)"
        case 5: return "Server errors (5xx)"
        default: return "Guides"
        }
    }

    /// Whose side the problem is usually on, as readers are told.
    public var usualSide: String {
        switch digit {
        case 4: return "Usually on your side"
        case 5: return "Usually on the site's side"
        default: return ""
        }
    }

    public static func < (a: StatusClass, b: StatusClass) -> Bool { a.digit < b.digit }
}

/// A question and answer from an article's FAQ section.
public struct FAQEntry: Sendable, Equatable {
    public var question: String
    public var answer: String
}

/// The `## ...` section whose `###` headings form the FAQ.
let faqSectionTitles: Set<String> = ["is my data safe?", "faq", "frequently asked questions"]
