import KBMarkdown

/// Where a build reads from and writes to, and what it includes.
public struct BuildOptions: Sendable {
    public var articlesDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String
    /// Overrides `base_url` of `Articles/_index.md`.
    public var baseURL: String?
    public var includeDrafts: Bool
    /// Whether the template folder was named (`--templates`): then a missing folder is an error, not the embedded theme.
    public var templatesNamed = false
    /// Whether a build waits for another build of the same output folder to finish (else it throws `OutputBusy`).
    public var waitForLock = true
    /// `--strict`: the content checks' warnings (and every other warning) fail the build as errors.
    public var strict = false
    /// `--today YYYY-MM-DD`: the date review ages are counted to (tests); nil is today in UTC.
    public var today: String?
    /// Told once, with a sentence to print, when the build has to wait for another build's lock.
    public var onLockWait: (@Sendable (String) -> Void)?

    public init(articlesDirectory: String = "Articles", templatesDirectory: String = "Templates",
                outputDirectory: String = "Output", baseURL: String? = nil, includeDrafts: Bool = false) {
        self.articlesDirectory = articlesDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
    }

    /// Whether `text` is a `YYYY-MM-DD` date, as `today` must be.
    public static func isDate(_ text: String) -> Bool { text.utf8.count == 10 && DayNumber.parse(text) != nil }
}

/// A link in the site footer, from `footer_links` in `Articles/_index.md`.
public struct FooterLink: Sendable, Equatable {
    public var title: String
    public var url: String
}

/// Site-wide settings from the front matter of `Articles/_index.md`.
public struct SiteSettings: Sendable, Equatable {
    public var title = "Help Center"
    public var description = "Plain answers to HTTP errors: what they mean, how long they last and what you can do."
    /// Absolute URL with a trailing slash, e.g. `https://help.example.com/docs/`.
    public var baseURL = "http://localhost:8000/" {
        // Every link of every page goes through these two, so they are worked out once, not per call.
        didSet { (origin, basePath) = SiteSettings.split(baseURL) }
    }
    /// The path part of the base URL, always starting and ending with `/` (e.g. `/docs/`).
    public private(set) var basePath = "/"
    /// Scheme and host of the base URL (`https://help.example.com`).
    public private(set) var origin = "http://localhost:8000"
    public var language = "en"
    public var footerLinks: [FooterLink] = []
    public var statusPageURL: String?
    /// Logo, favicon, accent colours and support link (`Branding.swift`).
    public var branding = Branding()
    /// What happens to raw HTML in articles (`raw_html`); sanitized unless the site says otherwise.
    public var rawHTML: RawHTMLMode = .sanitize
    /// What a broken link in an article does (`link_check`, `link_check_ignore`).
    public var linkCheck = LinkCheckPolicy()
    /// The home page's intro, rendered from the body of `_index.md`.
    public var introHTML = ""
    /// Unknown fields, passed to templates as `site.extra`.
    public var extra: FrontMatterMap = FrontMatterMap()
    /// Days after `updated`/`reviewed` when an article is due for review (`stale_after_days`, see ContentChecks).
    public var staleAfterDays = 365

    public init() {}

    /// Splits a base URL into its origin and its path (which starts and ends with `/`).
    static func split(_ url: String) -> (origin: String, path: String) {
        guard let schemeEnd = url.range(of: "://") else { return (url, "/") }
        let afterScheme = url[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return (url, "/") }
        var path = String(afterScheme[slash...])
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        return (String(url[..<slash]), path.hasSuffix("/") ? path : path + "/")
    }

    /// `url` (a site path such as `/tags/`) made absolute against the base URL.
    public func absoluteURL(_ sitePath: String) -> String {
        if ASCIIText.contains(sitePath, "://") || sitePath.hasPrefix("mailto:") { return sitePath }
        return origin + relativeURL(sitePath)
    }

    /// `url` (a site path such as `/tags/`) prefixed with the base path, so the site works under a subpath.
    public func relativeURL(_ sitePath: String) -> String {
        if ASCIIText.contains(sitePath, "://") || sitePath.hasPrefix("#") || sitePath.hasPrefix("mailto:") { return sitePath }
        let trimmed = sitePath.hasPrefix("/") ? String(sitePath.dropFirst()) : sitePath
        return basePath + URLPathEncoding.encode(trimmed)
    }
}
