import Foundation
import KBMarkdown
import KBSearch
import KBTemplates

/// What a finished build did, for the summary line.
public struct BuildReport: Sendable {
    public var articleCount: Int
    public var pageCount: Int
    public var fileCount: Int
    public var seconds: Double
    public var outputDirectory: String
    public var warnings: [Diagnostic]
    /// Articles due for review (`stale_after_days`), oldest first; notes, never errors by `--strict` alone.
    public var reviews: [ArticleReview] = []
    /// Pages rendered by this build (fewer than `pageCount` in a partial rebuild of `kb serve`).
    public var renderedPages: Int = 0
    /// Files written to disk (unchanged files are skipped on rebuilds).
    public var writtenFiles: Int = 0
    /// Whether the site has no `Templates/` folder, so the theme compiled into kb was used as it is.
    public var usedEmbeddedTheme = false
    /// Drafts left out (the build was run without `--drafts`).
    public var skippedDrafts = 0
    /// The path part of the base URL; other than `/`, the site's robots.txt is not where crawlers look.
    public var basePath = "/"
    /// The `Sitemap:` line to add to the host's own robots.txt.
    public var sitemapURL = ""
}

/// Builds the site: load → check → render → index → write, each stage a function below.
public enum SiteBuilder {
    /// Builds `options.articlesDirectory` into `options.outputDirectory`; with `write: false` only checks.
    /// Throws `BuildFailure` for problems in the input (nothing is written) or `SiteIOError`.
    @discardableResult
    public static func build(_ options: BuildOptions, write: Bool = true,
                             progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        var state: SessionState?
        return try run(options, write: write, state: &state, progress: progress)
    }

    /// The build itself. With a `state` (kept by `SiteSession`), unchanged files are not parsed again, unchanged
    /// templates are not reloaded, and when only article bodies changed only their pages are rendered.
    static func run(_ options: BuildOptions, write: Bool, state: inout SessionState?,
                    progress: @Sendable (String) -> Void) throws -> BuildReport {
        let start = Date()
        // Wrong folders are reported before any article is read.
        var folderProblems = BuildPreflight.diagnostics(options)
        if write, let link = SymlinkCheck.outputDiagnostic(options.outputDirectory) { folderProblems.append(link) }
        if !folderProblems.isEmpty { throw BuildFailure(diagnostics: folderProblems) }
        // One build at a time per output folder, from before the first read until after the swap.
        let lock = write ? try lockOutput(options) : nil
        defer { withExtendedLifetime(lock) {} }
        progress("[1/5] Reading articles")
        // Take the cache out of the state while loading, so updating it does not copy the whole dictionary.
        var cache = state?.parseCache
        state?.parseCache = ParseCache()
        let (content, reparsed) = try ContentLoader.load(options: options, markdown: .site, cache: &cache)
        state?.parseCache = cache ?? ParseCache()
        state?.changedSinceGood.formUnion(reparsed)
        var diagnostics = content.diagnostics

        progress("[2/5] Loading templates")
        let settings = content.settings
        let templateStamps = (try? FileListing.files(under: options.templatesDirectory))?.map { [$0.relativePath: $0.stamp] } ?? []
        let templateLinks = SymlinkCheck.diagnostics(folder: options.templatesDirectory, displayName: ContentLoader.displayName(options.templatesDirectory))
        diagnostics += templateLinks
        let reuseTemplates = state?.templates.map { $0.stamps == templateStamps && $0.settings == settings } ?? false
        let assets: AssetCatalog
        let engine: TemplateEngine?
        if reuseTemplates, let cached = state?.templates {
            assets = cached.assets
            engine = cached.engine
        } else {
            assets = try AssetCatalog.load(templatesDirectory: options.templatesDirectory)
            // The template engine reads the folder itself: never let it follow a refused link.
            engine = templateLinks.isEmpty ? loadEngine(options: options, settings: settings, assets: assets, diagnostics: &diagnostics) : nil
            state?.templates = engine.map { TemplateState(stamps: templateStamps, settings: settings, assets: assets, engine: $0) }
        }

        progress("[3/5] Checking articles and links")
        // A rebuild where only article bodies changed since the last good build renders, checks and writes just
        // those articles' pages, starting from that build's model.
        var partialStart: (good: LastGoodBuild, model: SiteModel, changed: [Int])?
        if write, diagnostics.isEmpty, let state, state.manifest != nil, let good = state.lastGood,
           FileManager.default.fileExists(atPath: options.outputDirectory),
           let rebuilt = good.partialRebuild(content: content, templateStamps: templateStamps, changedPaths: state.changedSinceGood,
                                             cache: state.parseCache, includeDrafts: options.includeDrafts) {
            partialStart = (good, rebuilt.model, rebuilt.changed)
        }
        let partial = partialStart != nil
        let model = partialStart?.model ?? SiteModel(settings: settings, articles: content.articles, sections: content.sections)
        // The page plan (every page, redirect and sitemap entry) cannot change in a partial rebuild.
        let pages = partialStart?.good.pages ?? PagePlan(model: model, codesPage: engine?.hasTemplate("codes.html") ?? true)
        let changed = partialStart?.changed ?? []
        var checks = SiteChecks(model: model, pages: pages, assets: assets, staticFiles: content.staticFiles)
        checks.articlesDirectory = options.articlesDirectory
        checks.unreadableArticles = content.unreadableArticles
        if let partialStart {
            checks.run(onlyArticles: changed, knownPaths: partialStart.good.knownPaths)
        } else {
            checks.run()
        }
        diagnostics += checks.diagnostics
        var contentChecks = ContentChecks(model: model, today: options.today.flatMap(DayNumber.parse) ?? DayNumber.today())
        contentChecks.run()
        diagnostics += contentChecks.diagnostics
        if options.strict {
            for index in diagnostics.indices where diagnostics[index].severity == .warning { diagnostics[index].severity = .error }
        }

        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let engine else { throw BuildFailure(diagnostics: deduplicated(diagnostics)) }
        // A partial rebuild renders the changed articles and the answer cards that show them.
        let jobs = partial ? changed.map(PageJob.article) + pages.jobs.filter { job in
            if case .embed(_, let article) = job { return changed.contains(article) }
            return false
        } : pages.jobs

        progress("[4/5] Rendering \(jobs.count) pages")
        var writer: OutputWriter?
        if write {
            if let manifest = state?.manifest, FileManager.default.fileExists(atPath: options.outputDirectory) {
                writer = OutputWriter(outputDirectory: options.outputDirectory, previous: manifest)
            } else {
                do {
                    writer = try OutputWriter(outputDirectory: options.outputDirectory, recordsManifest: state != nil)
                } catch {
                    throw writeFailure(error, options: options)
                }
            }
        }
        var renderer = PageRenderer(model: model, engine: engine, writer: writer, rewrites: checks.rewrites, eagerSummaries: !partial)
        renderer.images = checks.images
        let renderDiagnostics: [Diagnostic]
        do {
            renderDiagnostics = try renderer.renderAll(jobs)
        } catch {
            writer?.discard(deleting: true)
            throw writeFailure(error, options: options)
        }
        if !renderDiagnostics.isEmpty {
            writer?.discard()
            throw BuildFailure(diagnostics: deduplicated(diagnostics + renderDiagnostics))
        }

        progress("[5/5] Writing search index, feeds and assets")
        // Every article page has its Markdown copy beside it.
        var fileCount = pages.jobs.count + (partial ? changed.count : model.articles.count)
        if let writer {
            do {
                if partial {
                    // Error pages, codes.json and the answer cards also show an edited body (the cards were
                    // rendered with the pages); the search index follows in `SiteSession.finishDeferredWork`.
                    fileCount += try ErrorPages.write(model: model, engine: engine, writer: writer)
                    try writer.write("codes.json", CodeLookup.json(model: model, entries: CodeLookup.entries(model: model)))
                    if !changed.isEmpty { state?.deferredSearch = model }
                } else {
                    fileCount += try writeSupportFiles(model: model, pages: pages, assets: assets, staticFiles: content.staticFiles,
                                                       articlesDirectory: options.articlesDirectory, engine: engine, writer: writer,
                                                       searchCache: state?.searchCache)
                    state?.deferredSearch = nil
                }
                try writer.commit(keepUnwritten: partial)
            } catch let error as SiteIOError {
                writer.discard(deleting: true)
                throw writeFailure(error, options: options)
            } catch {
                writer.discard()
                throw error
            }
            state?.manifest = writer.manifest
            state?.lastGood = LastGoodBuild(
                model: model, pages: pages, knownPaths: partialStart?.good.knownPaths ?? checks.knownPaths,
                markdownPaths: content.markdownPaths, staticFiles: content.staticFiles, staticFileStamps: content.staticFileStamps,
                templateStamps: templateStamps)
            state?.changedSinceGood = []
        }
        return BuildReport(articleCount: model.articles.count, pageCount: pages.jobs.count, fileCount: fileCount,
                           seconds: Date().timeIntervalSince(start), outputDirectory: options.outputDirectory,
                           warnings: diagnostics.filter { $0.severity == .warning }, reviews: contentChecks.reviews, renderedPages: jobs.count,
                           writtenFiles: writer?.writtenCount ?? 0,
                           usedEmbeddedTheme: !FileManager.default.fileExists(atPath: options.templatesDirectory),
                           skippedDrafts: content.skippedDrafts, basePath: settings.basePath,
                           sitemapURL: settings.absoluteURL("/sitemap.xml"))
    }

    /// A write error as one line about the output folder: whatever failed (a full disk fails every page), the
    /// partial build is gone and the output folder is as it was.
    static func writeFailure(_ error: SiteIOError, options: BuildOptions) -> SiteIOError {
        guard let reason = error.reason else { return error }
        return SiteIOError(path: options.outputDirectory,
                           message: "could not write the new build (\(reason)); the partial build was deleted and the folder left as it was",
                           reason: reason)
    }

    /// Takes the output folder's lock, saying once through `options.onLockWait` when it has to wait.
    static func lockOutput(_ options: BuildOptions) throws -> OutputLock {
        try OutputLock(output: options.outputDirectory, wait: options.waitForLock) {
            options.onLockWait?("Waiting for another kb build of \(options.outputDirectory) to finish (lock \(OutputLock.path(for: options.outputDirectory)))...")
        }
    }

    static func loadEngine(options: BuildOptions, settings: SiteSettings, assets: AssetCatalog,
                           diagnostics: inout [Diagnostic]) -> TemplateEngine? {
        let prefix = ContentLoader.displayName(options.templatesDirectory) + "/"
        let engine: TemplateEngine
        do {
            let theme = try Theme.templateSources(directory: options.templatesDirectory, displayPrefix: prefix)
            engine = try TemplateEngine(templates: theme.sources, displayPrefix: prefix, displayNames: theme.displayNames,
                                        filters: templateFilters(settings: settings, assets: assets))
        } catch let errors as TemplateErrors {
            diagnostics += errors.errors.map(diagnostic(from:))
            return nil
        } catch {
            diagnostics.append(Diagnostic(path: prefix, message: String(describing: error)))
            return nil
        }
        for name in requiredTemplates where !engine.hasTemplate(name) {
            diagnostics.append(Diagnostic(path: prefix + name, message: "the template '\(name)' is missing",
                                          hint: "every theme needs \(requiredTemplates.joined(separator: ", "))"))
        }
        return engine
    }

    static let requiredTemplates = ["base.html", "home.html", "article.html", "tag.html", "tags.html", "section.html", "search.html", "404.html"]

    /// Everything besides the rendered pages: redirects, search index, sitemap, feed, robots, assets, static files.
    static func writeSupportFiles(model: SiteModel, pages: PagePlan, assets: AssetCatalog, staticFiles: [String],
                                  articlesDirectory: String, engine: TemplateEngine, writer: OutputWriter,
                                  searchCache: SiteSearchCache? = nil) throws -> Int {
        let settings = model.settings
        var count = 0
        for redirect in pages.redirects {
            try writer.write(outputPath(for: redirect.from), FixedPages.redirect(to: redirect.to, title: redirect.title, settings: settings))
            count += 1
        }
        try writer.write("_redirects", HostRedirects.text(pages.redirects, settings: settings))
        count += 1
        count += try writeSearchIndex(model: model, writer: writer, cache: searchCache)
        try writer.write("sitemap.xml", SitemapGenerator.generate(pages: pages.sitemapEntries, settings: settings))
        try writer.write("feed.xml", AtomFeedGenerator.generate(model: model))
        try writer.write("robots.txt", FixedPages.robots(settings: settings))
        try writer.write("llms.txt", MarkdownCopies.llmsText(model: model))
        try writer.write("codes.json", CodeLookup.json(model: model, entries: CodeLookup.entries(model: model)))
        count += 5
        count += try ErrorPages.write(model: model, engine: engine, writer: writer)
        for (name, output) in assets.outputPaths.sorted(by: { $0.key < $1.key }) {
            switch assets.sources[name] {
            case .file(let source)?: try writer.copy(from: source, to: output); count += 1
            case .embedded(let bytes)?: try writer.write(output, bytes); count += 1
            case nil: break
            }
        }
        for file in staticFiles {
            try writer.copy(from: articlesDirectory + "/" + file, to: file)
            count += 1
        }
        return count
    }

    /// `search/`: the index of every article, built by the Search module; `cache` (kept by a `SiteSession`)
    /// lets it analyse only the articles that changed since the last build.
    static func writeSearchIndex(model: SiteModel, writer: OutputWriter, cache: SiteSearchCache? = nil) throws -> Int {
        let settings = model.settings
        let files: [String: [UInt8]]
        if let cache {
            files = SearchIndexBuilder.build(cache.documents(of: model.articles, settings: settings), cache: cache.index)
        } else {
            files = SearchIndexBuilder.build(model.articles.map { searchDocument(of: $0, url: settings.relativeURL($0.url)) })
        }
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try writer.write("search/" + name, bytes)
        }
        return files.count
    }

    static func searchDocument(of article: Article, url: String) -> SearchDocument {
        SearchDocument(url: url, title: article.title, code: article.code, summary: article.summary,
                       headings: article.document.headings.map(\.text), text: article.document.plainText,
                       keywords: article.keywords, aliases: article.aliases, tags: article.tags,
                       sections: SearchSections.of(article.help))
    }

    /// The file that serves a site path: `/tags/` → `tags/index.html`, `/404.html` → `404.html`.
    /// Unchecked here: `OutputWriter.write` refuses a path `OutputPath` refuses.
    static func outputPath(for sitePath: String) -> String {
        var path = sitePath.hasPrefix("/") ? String(sitePath.dropFirst()) : sitePath
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        return path
    }

    static func templateFilters(settings: SiteSettings, assets: AssetCatalog) -> [String: TemplateFilter] {
        let names = assets.outputPaths
        return [
            "asset": { value, _ in
                guard case .string(let name) = value else { throw FilterMessage("asset expects a file name such as \"style.css\"") }
                guard let path = names[name] else {
                    let known = names.keys.sorted().joined(separator: ", ")
                    throw FilterMessage("unknown asset '\(name)'; Templates/assets/ has: \(known.isEmpty ? "nothing" : known)")
                }
                return .string(settings.relativeURL("/" + path))
            },
            // A stylesheet link for an asset the site may add (extra.css), or nothing when it is absent.
            "optional_stylesheet": { value, _ in
                guard case .string(let name) = value else { throw FilterMessage("optional_stylesheet expects a file name such as \"extra.css\"") }
                guard let path = names[name] else { return .safeHTML("") }
                return .safeHTML("<link rel=\"stylesheet\" href=\"\(settings.relativeURL("/" + path))\">")
            },
            // An asset's text, for pages that must stand alone: error pages carry the status script inline.
            "inline_script": { value, _ in
                guard case .string(let name) = value else { throw FilterMessage("inline_script expects a file name such as \"status.js\"") }
                guard let bytes = assets.bytes(of: name) else { throw FilterMessage("unknown asset '\(name)'") }
                // "</" could end the script element early; "<\/" means the same to JavaScript.
                return .safeHTML(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/"))
            },
            "relative_url": { value, _ in
                guard case .string(let path) = value else { throw FilterMessage("relative_url expects a site path such as \"/tags/\"") }
                return .string(settings.relativeURL(path))
            },
            "absolute_url": { value, _ in
                guard case .string(let path) = value else { throw FilterMessage("absolute_url expects a site path such as \"/tags/\"") }
                return .string(settings.absoluteURL(path))
            },
        ]
    }

    static func diagnostic(from error: TemplateError) -> Diagnostic {
        Diagnostic(path: error.file, line: error.line, column: error.column, message: error.message, hint: error.hint,
                   detail: error.sourceLine.isEmpty ? nil : quote(error.sourceLine, line: error.line, column: error.column))
    }

    static func quote(_ source: String, line: Int, column: Int) -> String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        return "   \(number) | \(source)\n   \(gutter) | \(String(repeating: " ", count: max(0, column - 1)))^"
    }

    /// The same template error on every page is reported once.
    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<String>()
        return diagnostics.sorted().filter { seen.insert($0.location + $0.message).inserted }
    }
}

/// An error message a host filter throws; it becomes a template error at the filter's location.
struct FilterMessage: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
