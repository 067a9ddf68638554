import KBMarkdown

/// One help article: its front matter fields and its parsed body. A class so the site model, caches and checks
/// share one copy of each article (an article is never changed after it is read).
public final class Article: Sendable {
    /// The file name without `.md`; the article lives at `/<slug>/`.
    public let slug: String
    /// Path shown in diagnostics, e.g. `Articles/502-bad-gateway.md`.
    public let displayPath: String
    /// Path relative to the articles folder, e.g. `network/502-bad-gateway.md`.
    public let relativePath: String
    /// Folder relative to the articles folder (`""` at the top level).
    public let folder: String
    public let title: String
    public let code: Int?
    public let summary: String
    public let description: String
    public let tags: [String]
    public let keywords: [String]
    public let aliases: [String]
    public let related: [String]
    public let updated: String?
    public let draft: Bool
    public let weight: Int?
    /// Front matter `side:`, when the article names it.
    public let declaredSide: Side?
    /// Front matter `spec:`, the standard that defines the code (e.g. "RFC 9110, section 15.6.3").
    public let spec: String?
    /// Front matter `vendor:`, who sends a non-standard code (e.g. "Cloudflare").
    public let vendor: String?
    /// Front matter `reviewed:`, the date someone last checked the article is still right.
    public let reviewed: String?
    /// Front matter `owner:`, who keeps the article up to date (a name, team or e-mail address).
    public let owner: String?
    /// Front matter `type: guide`: a guide even when it has a `code` (redirects, successes, app-level errors).
    public let isGuide: Bool
    /// Front matter fields kb does not know, passed to templates as `article.extra`.
    public let extra: FrontMatterMap
    public let frontMatter: FrontMatterMap
    public let document: MarkdownDocument
    /// Line of the file where the Markdown body starts, to turn body lines into file lines.
    public let bodyStartLine: Int
    /// The help-center structure of the body (sections, FAQ, duration, steps), read once from its parse tree.
    public let help: HelpArticle

    init(slug: String, displayPath: String, relativePath: String, folder: String, title: String, code: Int?, summary: String,
         description: String, tags: [String], keywords: [String], aliases: [String], related: [String], updated: String?,
         draft: Bool, weight: Int?, declaredSide: Side? = nil, spec: String? = nil, vendor: String? = nil,
         reviewed: String? = nil, owner: String? = nil, isGuide: Bool = false,
         extra: FrontMatterMap, frontMatter: FrontMatterMap, document: MarkdownDocument, bodyStartLine: Int) {
        self.declaredSide = declaredSide; self.spec = spec; self.vendor = vendor
        self.reviewed = reviewed; self.owner = owner; self.isGuide = isGuide
        self.slug = slug; self.displayPath = displayPath; self.relativePath = relativePath; self.folder = folder
        self.title = title; self.code = code; self.summary = summary; self.description = description; self.tags = tags
        self.keywords = keywords; self.aliases = aliases; self.related = related; self.updated = updated; self.draft = draft
        self.weight = weight; self.extra = extra; self.frontMatter = frontMatter; self.document = document
        self.bodyStartLine = bodyStartLine
        help = HelpArticle(document: document)
    }

    /// The title without its leading status code ("Bad Gateway" for "502 Bad Gateway"), for places that show the
    /// code separately as a badge.
    public var name: String {
        guard let code, title.hasPrefix("\(code) ") else { return title }
        return String(title.dropFirst("\(code) ".count))
    }

    /// The article's site path, `/<slug>/`.
    public var url: String { "/\(slug)/" }

    /// Whose side the problem usually is on: `side:` when given, else the status class's default.
    public var side: Side? { declaredSide ?? Side.default(for: statusClass) }

    /// Whether the content checks expect the standard sections: a 4xx or 5xx `code` and not `type: guide`.
    public var isStatusArticle: Bool { !isGuide && code.map { (400...599).contains($0) } ?? false }

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
    /// Where the question's heading is in the Markdown body.
    public var line: Int = 0
    public var column: Int = 0
}
