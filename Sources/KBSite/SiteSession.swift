import Foundation
import KBSearch
import KBTemplates

/// Templates and assets loaded by an earlier build, reused while their files and the settings stay the same.
struct TemplateState: @unchecked Sendable {
    var stamps: [[String: FileStamp]]
    var settings: SiteSettings
    var assets: AssetCatalog
    var engine: TemplateEngine
}

/// The last build that succeeded, kept by `SiteSession`: a rebuild whose changes are only article bodies starts
/// from it instead of building the model, page plan and path checks again.
struct LastGoodBuild: Sendable {
    var model: SiteModel
    var pages: PagePlan
    /// Site paths found by the full check, reused by partial rebuilds.
    var knownPaths: Set<String>
    /// Every Markdown file, in listing order.
    var markdownPaths: [String]
    var staticFiles: [String]
    var staticFileStamps: [FileStamp]
    var templateStamps: [[String: FileStamp]]

    /// The model with the articles at `changedPaths` replaced, and their indices; nil unless every changed
    /// file is an article whose front matter and headings are as before (then no other page can change).
    func partialRebuild(content: LoadedContent, templateStamps: [[String: FileStamp]], changedPaths: Set<String>,
                        cache: ParseCache, includeDrafts: Bool) -> (model: SiteModel, changed: [Int])? {
        guard markdownPaths == content.markdownPaths, staticFiles == content.staticFiles,
              staticFileStamps == content.staticFileStamps, model.settings == content.settings,
              self.templateStamps == templateStamps else { return nil }
        var model = self.model
        var changed: [Int] = []
        for path in changedPaths.sorted() {
            guard case .article(let article)? = cache.entries[path]?.parsed.kind else { return nil }
            guard let index = model.indexByPath[path] else {
                // A draft that stays a draft has no page; anything else that was not an article needs a full build.
                if article.draft && !includeDrafts { continue }
                return nil
            }
            let before = model.articles[index]
            // `draft` and every field other pages show come from the front matter.
            guard before.frontMatter == article.frontMatter,
                  before.document.headings.map(\.id) == article.document.headings.map(\.id) else { return nil }
            model.articles[index] = article
            changed.append(index)
        }
        return (model, changed.sorted())
    }
}

/// Everything a build keeps for the next one in the same process.
struct SessionState: Sendable {
    var parseCache = ParseCache()
    var templates: TemplateState?
    /// The files the last successful build left in the output folder.
    var manifest: OutputManifest?
    var lastGood: LastGoodBuild?
    /// Markdown files read again since the last successful build: what a partial rebuild must render.
    var changedSinceGood: Set<String> = []
    /// A partial rebuild's model whose search index is still to be written.
    var deferredSearch: SiteModel?
    /// Per-article search analysis from the last index build, so a rebuild analyses only changed articles.
    var searchCache = SiteSearchCache()
}

/// What a session keeps between search index builds: the Search module's per-document analysis, and each
/// article's search document (joining an article's plain text is not free at 10,000 articles).
final class SiteSearchCache: @unchecked Sendable {
    let index = SearchIndexCache()
    private var documents: [String: (article: Article, document: SearchDocument)] = [:]
    private let lock = NSLock()

    /// The search documents of `articles`, reusing the last build's for the same article objects.
    func documents(of articles: [Article], settings: SiteSettings) -> [SearchDocument] {
        lock.lock()
        defer { lock.unlock() }
        var kept: [String: (article: Article, document: SearchDocument)] = [:]
        kept.reserveCapacity(articles.count)
        let result = articles.map { article in
            let url = settings.relativeURL(article.url)
            if let cached = documents[article.relativePath], cached.article === article, cached.document.url == url {
                kept[article.relativePath] = cached
                return cached.document
            }
            let document = SiteBuilder.searchDocument(of: article, url: url)
            kept[article.relativePath] = (article, document)
            return document
        }
        documents = kept
        return result
    }
}

/// A site kept in memory between builds, for `kb serve`: a rebuild re-reads only changed files, renders only
/// the pages that can have changed, and rewrites only files whose bytes differ.
public final class SiteSession: @unchecked Sendable {
    public let options: BuildOptions
    private var state: SessionState? = SessionState()
    private let lock = NSLock()

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Builds (the first time) or rebuilds the site; throws like `SiteBuilder.build`. One build at a time.
    @discardableResult
    public func build(progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        lock.lock()
        defer { lock.unlock() }
        return try SiteBuilder.run(options, write: true, state: &state, progress: progress)
    }

    /// Writes what a partial rebuild left for later (the search index), so pages reach the browser first.
    /// Returns the number of files written.
    @discardableResult
    public func finishDeferredWork() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let model = state?.deferredSearch, let manifest = state?.manifest else { return 0 }
        let outputLock = try SiteBuilder.lockOutput(options)
        defer { withExtendedLifetime(outputLock) {} }
        let writer = OutputWriter(outputDirectory: options.outputDirectory, previous: manifest)
        _ = try SiteBuilder.writeSearchIndex(model: model, writer: writer, cache: state?.searchCache)
        try writer.commit(keepUnwritten: true)
        state?.manifest = writer.manifest
        state?.deferredSearch = nil
        return writer.writtenCount
    }
}
