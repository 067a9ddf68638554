import Foundation
import KBMarkdown

/// A folder under Articles/ with an `_index.md`: a section with its own page.
public struct Section: Sendable {
    /// Folder path relative to the articles folder.
    public var folder: String
    public var title: String
    public var description: String
    public var introHTML: String
    /// The parsed intro, so it can be rendered again once the site's `raw_html` is known.
    var introDocument: MarkdownDocument?
    public var url: String { "/\(folder)/" }
}

/// Everything read from the articles folder, before cross-checks.
struct LoadedContent: Sendable {
    var settings: SiteSettings
    var articles: [Article]
    var sections: [Section]
    /// Non-Markdown files under Articles/, relative paths, copied as they are.
    var staticFiles: [String]
    /// Their stamps, in the same order, so a rebuild notices a changed image.
    var staticFileStamps: [FileStamp] = []
    var diagnostics: [Diagnostic]
    /// Every Markdown file (articles, drafts, `_index.md`), relative paths in listing order.
    var markdownPaths: [String] = []
    /// Drafts left out because the build does not include them (`--drafts`).
    var skippedDrafts = 0
    /// Articles that could not be read or whose front matter has a mistake (reported in their own file); the
    /// checks still know them.
    var unreadableArticles: [UnreadableArticle] = []
}

/// A source file found under the articles folder.
struct SourceFile: Sendable {
    var relativePath: String
    var absolutePath: String
    var stamp: FileStamp
}

/// Parsed Markdown files kept between builds of one `SiteSession`, keyed by relative path.
struct ParseCache: Sendable {
    var entries: [String: CachedParse] = [:]
}

/// One file's parse and the stamp of the file it came from.
struct CachedParse: Sendable {
    let stamp: FileStamp
    let parsed: ContentLoader.ParsedFile
    /// The snippet files the parse looked up, with their stamps then (nil: did not exist).
    var snippetDependencies: [String: FileStamp?] = [:]
}

/// Reads `Articles/`: site settings, sections, articles and static files.
enum ContentLoader {
    static func load(options: BuildOptions, markdown: MarkdownOptions) throws(SiteIOError) -> LoadedContent {
        var cache: ParseCache?
        return try load(options: options, markdown: markdown, cache: &cache).content
    }

    /// Loads the articles folder, reusing `cache` entries whose files did not change; returns the paths parsed anew.
    static func load(options: BuildOptions, markdown: MarkdownOptions,
                     cache: inout ParseCache?) throws(SiteIOError) -> (content: LoadedContent, reparsed: Set<String>) {
        let root = options.articlesDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            let looked = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
            throw SiteIOError(path: root, message: "no articles folder at \(looked); kb runs in a help center's folder (the one holding Articles/): cd there, pass --articles DIR, or run kb init to make one")
        }
        let scan = try FileListing.scan(root)
        let files = scan.files
        let displayRoot = displayName(root)
        var markdownFiles: [SourceFile] = []
        var snippetFiles: [SourceFile] = []
        var staticFiles: [String] = []
        var staticFileStamps: [FileStamp] = []
        for file in files {
            if file.relativePath.hasSuffix(".md") && SnippetStore.isSnippet(file.relativePath) {
                snippetFiles.append(file)
            } else if file.relativePath.hasSuffix(".md") {
                markdownFiles.append(file)
            } else {
                staticFiles.append(file.relativePath)
                staticFileStamps.append(file.stamp)
            }
        }

        // One lookup per file: reuse the parse of an unchanged file, and note a slot for every new or changed one.
        var results: [ParsedFile?] = []
        results.reserveCapacity(markdownFiles.count)
        var stale: [SourceFile] = []
        var staleSlots: [Int] = []
        let (snippets, snippetDiagnostics) = SnippetStore.read(snippetFiles, displayRoot: displayRoot)
        for file in markdownFiles {
            if let entry = cache?.entries[file.relativePath], entry.stamp == file.stamp, snippets.unchanged(entry.snippetDependencies) {
                results.append(entry.parsed)
            } else {
                staleSlots.append(results.count)
                results.append(nil)
                stale.append(file)
            }
        }
        // Parse every new or changed Markdown file in parallel; each slot is written by exactly one iteration.
        let fresh = ParallelMap.map(stale) { file in
            parseFile(file, displayRoot: displayRoot, markdown: markdown, snippets: snippets)
        }
        for (slot, parsed) in zip(staleSlots, fresh) { results[slot] = parsed }
        if cache != nil {
            // Update the cache in place: most rebuilds change one entry of thousands.
            for (file, parsed) in zip(stale, fresh) {
                cache?.entries[file.relativePath] = CachedParse(stamp: file.stamp, parsed: parsed,
                                                                snippetDependencies: snippets.dependencyStamps(parsed.snippetLookups))
            }
            if cache?.entries.count != markdownFiles.count {
                let present = Set(markdownFiles.map(\.relativePath))
                let kept = cache?.entries.filter { present.contains($0.key) } ?? [:]
                cache?.entries = kept
            }
        }

        var content = LoadedContent(settings: SiteSettings(), articles: [], sections: [], staticFiles: staticFiles,
                                    staticFileStamps: staticFileStamps, diagnostics: snippetDiagnostics,
                                    markdownPaths: markdownFiles.map(\.relativePath) + snippetFiles.map(\.relativePath))
        content.diagnostics += SymlinkCheck.diagnostics(scan.refusedLinks, displayName: displayRoot)
        content.articles.reserveCapacity(results.count)
        for (file, slot) in zip(markdownFiles, results) {
            guard let result = slot else { continue }
            content.diagnostics += result.diagnostics
            switch result.kind {
            case .article(let article):
                if article.draft && !options.includeDrafts { content.skippedDrafts += 1; continue }
                content.articles.append(article)
            case .siteIndex(let settings):
                content.settings = settings
            case .section(let section):
                content.sections.append(section)
            case .unreadableArticle(let article):
                content.unreadableArticles.append(article)
            case .none:
                // Reported once here; links and `related` naming it would only repeat that (`LinkChecker`).
                if !file.relativePath.hasSuffix("_index.md") { content.unreadableArticles.append(UnreadableArticle(relativePath: file.relativePath)) }
            }
        }
        if content.settings.rawHTML != markdown.rawHTML {
            for k in content.sections.indices {
                guard let intro = content.sections[k].introDocument else { continue }
                content.sections[k].introHTML = HTMLRenderer.render(intro, rawHTML: content.settings.rawHTML)
            }
        }
        if let baseURL = options.baseURL {
            switch URLSetting.siteAddress.check(baseURL) {
            case .success: content.settings.baseURL = normalizedBaseURL(baseURL)
            case .failure(let problem):
                content.diagnostics.append(Diagnostic(path: "--base-url", line: 0, column: 0, message: "the base URL \(problem.message)", hint: problem.hint))
            }
        }
        return (content, Set(stale.map(\.relativePath)))
    }

    /// Every regular file under `root`, sorted, skipping hidden files and folders.
    static func listFiles(_ root: String) throws(SiteIOError) -> [SourceFile] {
        try FileListing.files(under: root)
    }

    static func displayName(_ root: String) -> String {
        var name = root
        while name.hasSuffix("/") && name.count > 1 { name.removeLast() }
        if name.hasPrefix("./") { name.removeFirst(2) }
        return name
    }

    static func normalizedBaseURL(_ url: String) -> String {
        url.hasSuffix("/") ? url : url + "/"
    }

    enum ParsedKind: Sendable {
        case article(Article)
        case siteIndex(SiteSettings)
        case section(Section)
        case unreadableArticle(UnreadableArticle)
        case none
    }

    /// A class, so the parse cache and each build's list share one copy.
    final class ParsedFile: Sendable {
        let kind: ParsedKind
        let diagnostics: [Diagnostic]
        /// Snippet paths the parse looked up (found or not): what makes this parse stale besides its own file.
        let snippetLookups: [String]
        init(kind: ParsedKind, diagnostics: [Diagnostic], snippetLookups: [String] = []) {
            self.kind = kind
            self.diagnostics = diagnostics
            self.snippetLookups = snippetLookups
        }
    }

    static func parseFile(_ file: SourceFile, displayRoot: String, markdown: MarkdownOptions,
                          snippets: SnippetStore = SnippetStore()) -> ParsedFile {
        let displayPath = displayRoot + "/" + file.relativePath
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
            let reason = access(file.absolutePath, R_OK) == 0 ? "" : ": " + String(cString: strerror(errno))
            return ParsedFile(kind: .none, diagnostics: [Diagnostic(path: displayPath, line: 0, column: 0, message: "cannot read this file" + reason,
                                                                    hint: "check its permissions, e.g. chmod u+r \"\(displayPath)\"")])
        }
        if let problem = SourceEncoding.problem(in: data) {
            return ParsedFile(kind: .none, diagnostics: [Diagnostic(path: displayPath, line: 0, column: 0, message: problem.message, hint: problem.hint)])
        }
        let text = String(decoding: data, as: UTF8.self)
        let isIndex = file.relativePath.hasSuffix("_index.md")
        if !isIndex && text.allSatisfy({ $0.isWhitespace }) {
            return ParsedFile(kind: .none, diagnostics: [Diagnostic(
                path: displayPath, message: "the file is empty",
                hint: "add front matter with at least a title, e.g. ---\\ntitle: \"502 Bad Gateway\"\\n---, or delete the file")])
        }
        let parsed: FrontMatterDocument
        do {
            parsed = try FrontMatterParser.parseDocument(text)
        } catch {
            // Still an article for the other checks (slug, headings), so its mistake is reported here only.
            let kind: ParsedKind = isIndex ? .none
                : .unreadableArticle(UnreadableArticle(relativePath: file.relativePath, text: text, markdown: markdown))
            return ParsedFile(kind: kind, diagnostics: [Diagnostic(path: displayPath, line: error.line, column: error.column,
                                                                   message: error.message, hint: error.hint)])
        }
        var reader = FieldReader(map: parsed.frontMatter, path: displayPath)
        let folder = (file.relativePath as NSString).deletingLastPathComponent
        if isIndex {
            let introDocument = MarkdownParser.parse(parsed.body, options: markdown)
            if folder.isEmpty {
                var settings = SiteSettings()
                settings.title = reader.string("title") ?? settings.title
                settings.description = reader.string("description") ?? settings.description
                if let base = reader.url("base_url", .siteAddress) { settings.baseURL = normalizedBaseURL(base) }
                settings.language = reader.string("language") ?? settings.language
                settings.statusPageURL = reader.url("status_page_url", .link)
                settings.footerLinks = reader.footerLinks("footer_links")
                settings.rawHTML = reader.rawHTMLMode("raw_html") ?? markdown.rawHTML
                settings.linkCheck = reader.linkCheckPolicy()
                settings.introHTML = HTMLRenderer.render(introDocument, rawHTML: settings.rawHTML)
                settings.staleAfterDays = reader.positiveInt("stale_after_days") ?? settings.staleAfterDays
                settings.extra = reader.unknownFields(known: Branding.keys.union(["title", "description", "base_url", "language", "status_page_url",
                                                                                  "footer_links", "raw_html", "link_check", "link_check_ignore",
                                                                                  "stale_after_days"]))
                let branding = Branding.read(parsed.frontMatter, path: displayPath,
                                             articlesDirectory: (file.absolutePath as NSString).deletingLastPathComponent)
                settings.branding = branding.0
                return ParsedFile(kind: .siteIndex(settings), diagnostics: reader.diagnostics + branding.1)
            }
            let title = reader.string("title") ?? (folder as NSString).lastPathComponent
            let section = Section(folder: folder, title: title, description: reader.string("description") ?? "",
                                  introHTML: HTMLRenderer.render(introDocument), introDocument: introDocument)
            return ParsedFile(kind: .section(section), diagnostics: reader.diagnostics)
        }

        let slug = ((file.relativePath as NSString).lastPathComponent as NSString).deletingPathExtension
        let title = reader.string("title")
        if title?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            reader.diagnostics.append(Diagnostic(
                path: displayPath, line: 1, column: 1, message: "the article has no title",
                hint: parsed.hasFrontMatter ? "add a line such as title: \"502 Bad Gateway\" to the front matter"
                    : parsed.body.hasPrefix("+++") ? "kb reads YAML front matter between --- lines, not TOML between +++ "
                        + "(Hugo): write title = \"502 Bad Gateway\" as title: \"502 Bad Gateway\" and +++ as ---"
                    : "start the file with front matter: ---, title: \"502 Bad Gateway\", ---"))
        }
        var code: Int?
        if let entry = reader.map.entry("code") {
            if let value = entry.value.intValue, (100...599).contains(value) {
                code = value
            } else {
                reader.diagnostics.append(Diagnostic(
                    path: displayPath, line: entry.line, column: entry.column,
                    message: "'code' must be an HTTP status number from 100 to 599",
                    hint: "write it as a bare number, e.g. code: 502; leave it out for a guide"))
            }
        }
        var summary = reader.string("summary") ?? ""
        var side: Side?
        if let entry = reader.map.entry("side"), let value = reader.string("side") {
            side = Side(rawValue: value)
            if side == nil {
                reader.diagnostics.append(Diagnostic(
                    path: displayPath, line: entry.line, column: entry.column,
                    message: "'side' must be one of \(Side.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'",
                    hint: Suggest.closest(to: value, in: Side.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" }
                        ?? "you: the reader's device or account; site: the website; network: between them; provider: ISP, host or app vendor; either"))
            }
        }
        var looked: [String] = []
        let document = MarkdownParser.parse(parsed.body, options: markdown) { name in
            snippets.lookup(folder: folder, looked: &looked, name)
        }
        var derivedSummary: Diagnostic?
        if summary.allSatisfy({ $0.isWhitespace }), let derived = SummaryFallback.derive(from: document) {
            summary = derived.text
            derivedSummary = SummaryFallback.warning(path: displayPath, frontMatter: parsed.frontMatter, derived: derived)
        }
        let article = Article(
            slug: slug, displayPath: displayPath, relativePath: file.relativePath, folder: folder,
            title: title ?? slug, code: code, summary: summary,
            description: reader.string("description") ?? summary,
            tags: reader.stringList("tags"), keywords: reader.stringList("keywords"),
            aliases: reader.stringList("aliases").map(normalizedAlias), related: reader.stringList("related"),
            updated: reader.date("updated"), draft: reader.bool("draft") ?? false, weight: reader.int("weight"),
            declaredSide: side, spec: reader.string("spec"), vendor: reader.string("vendor"),
            reviewed: reader.date("reviewed"), owner: reader.string("owner"), isGuide: reader.articleType(),
            extra: reader.unknownFields(known: knownArticleFields), frontMatter: parsed.frontMatter,
            document: document, bodyStartLine: parsed.bodyStartLine)
        var diagnostics = reader.diagnostics
        if let derivedSummary { diagnostics.append(derivedSummary) }
        for key in ["tags", "keywords", "aliases", "related"] {
            // `tags: api, billing` is one text value in YAML, which would silently become one tag.
            if let entry = parsed.frontMatter.entry(key), case .string(let text) = entry.value, text.contains(",") {
                diagnostics.append(Diagnostic(path: displayPath, line: entry.line, column: entry.column, severity: .warning,
                                              message: "'\(key): \(text)' is one value, not a list",
                                              hint: "write a list in brackets: \(key): [\(text)]"))
            }
        }
        for problem in document.problems {
            let place = article.place(line: problem.line, column: problem.column, origin: problem.origin)
            diagnostics.append(Diagnostic(path: place.path, line: place.line, column: place.column, message: problem.message,
                                          hint: problem.hint, detail: place.detail))
        }
        return ParsedFile(kind: .article(article), diagnostics: diagnostics, snippetLookups: looked)
    }

    static let knownArticleFields: Set<String> = [
        "title", "code", "summary", "description", "tags", "keywords", "aliases", "related", "updated", "draft", "weight", "side", "spec", "vendor",
        "reviewed", "owner", "type",
    ]

    /// Aliases are site paths with a leading and trailing slash: `bad-gateway` → `/bad-gateway/`.
    static func normalizedAlias(_ alias: String) -> String {
        var path = alias.trimmingCharacters(in: .whitespaces)
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") && !path.hasSuffix(".html") { path += "/" }
        return path
    }
}

/// Reads typed fields from front matter, collecting a diagnostic for each wrong type.
struct FieldReader {
    let map: FrontMatterMap
    let path: String
    var diagnostics: [Diagnostic] = []

    init(map: FrontMatterMap, path: String) {
        self.map = map
        self.path = path
    }

    private mutating func complain(_ entry: FrontMatterEntry, _ expected: String, example: String) {
        diagnostics.append(Diagnostic(path: path, line: entry.line, column: entry.column,
                                      message: "'\(entry.key)' must be \(expected)", hint: "for example: \(entry.key): \(example)"))
    }

    mutating func string(_ key: String) -> String? {
        guard let entry = map.entry(key) else { return nil }
        if case .null = entry.value { return nil }
        switch entry.value {
        case .string(let text): return text
        case .int, .double, .date: return entry.value.stringValue
        default:
            complain(entry, "a text value", example: "\"Some text\"")
            return nil
        }
    }

    mutating func date(_ key: String) -> String? {
        guard let entry = map.entry(key) else { return nil }
        switch entry.value {
        case .date(let text): return text
        case .null: return nil
        default:
            complain(entry, "a date", example: "2026-11-20")
            return nil
        }
    }

    /// A whole number of at least 1 (`stale_after_days`).
    mutating func positiveInt(_ key: String) -> Int? {
        guard let entry = map.entry(key) else { return nil }
        guard let value = entry.value.intValue, value >= 1 else {
            complain(entry, "a whole number of days, at least 1", example: "365")
            return nil
        }
        return value
    }

    /// `type: guide` marks a guide (no standard sections checked, even with a `code`); `type: status` is the default.
    mutating func articleType() -> Bool {
        guard let entry = map.entry("type") else { return false }
        switch entry.value.stringValue {
        case "guide": return true
        case "status": return false
        default:
            diagnostics.append(Diagnostic(path: path, line: entry.line, column: entry.column,
                                          message: "'type' must be guide or status, not '\(entry.value.stringValue ?? "")'",
                                          hint: "write type: guide for a redirect, success or how-to article; leave it out for a status article"))
            return false
        }
    }

    mutating func int(_ key: String) -> Int? {
        guard let entry = map.entry(key) else { return nil }
        if case .null = entry.value { return nil }
        guard let value = entry.value.intValue else {
            complain(entry, "a whole number", example: "10")
            return nil
        }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let entry = map.entry(key) else { return nil }
        if case .null = entry.value { return nil }
        guard let value = entry.value.boolValue else {
            complain(entry, "true or false", example: "true")
            return nil
        }
        return value
    }

    mutating func stringList(_ key: String) -> [String] {
        guard let entry = map.entry(key) else { return [] }
        if case .null = entry.value { return [] }
        if case .list(let items) = entry.value {
            var strings: [String] = []
            for item in items {
                guard let text = item.stringValue else {
                    complain(entry, "a list of text values", example: "[one, two]")
                    return []
                }
                strings.append(text)
            }
            return strings
        }
        if case .string(let text) = entry.value { return [text] }
        complain(entry, "a list of text values", example: "[one, two]")
        return []
    }

    mutating func footerLinks(_ key: String) -> [FooterLink] {
        guard let entry = map.entry(key) else { return [] }
        guard case .list(let items) = entry.value else {
            complain(entry, "a block list of links, each with title and url", example: "\n  - title: Status\n    url: https://status.example.com/")
            return []
        }
        var links: [FooterLink] = []
        for item in items {
            guard case .map(let link) = item, let title = link["title"]?.stringValue, let urlEntry = link.entry("url"),
                  let url = urlEntry.value.stringValue else {
                complain(entry, "a list of maps, each with 'title' and 'url'", example: "\n  - title: Status\n    url: https://status.example.com/")
                return []
            }
            guard let checked = checkedURL(url, entry: FrontMatterEntry(key: "footer_links", value: urlEntry.value, line: urlEntry.line,
                                                                       column: urlEntry.column, valueLine: urlEntry.valueLine,
                                                                       valueColumn: urlEntry.valueColumn), .link) else { continue }
            links.append(FooterLink(title: title, url: checked))
        }
        return links
    }

    func unknownFields(known: Set<String>) -> FrontMatterMap {
        var extra = FrontMatterMap()
        extra.entries = map.entries.filter { !known.contains($0.key) }
        return extra
    }
}
