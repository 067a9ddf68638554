import Foundation
import KBTemplates

/// Templates and assets loaded by an earlier build, reused while their files and the settings stay the same.
struct TemplateState: @unchecked Sendable {
    var stamps: [[String: FileStamp]]
    var settings: SiteSettings
    var assets: AssetCatalog
    var engine: TemplateEngine
}

/// What decides whether a rebuild may render only the changed articles: which files exist, and for each
/// article what other pages show of it (front matter) and what links can point at (headings).
struct SiteShape: Sendable {
    var files: [String]
    var staticFileStamps: [FileStamp]
    var settings: SiteSettings
    var articles: [String: (frontMatter: FrontMatterMap, headingIDs: [String])]

    init(content: LoadedContent) {
        files = content.articles.map(\.relativePath).sorted() + content.staticFiles + content.sections.map(\.folder)
        staticFileStamps = content.staticFileStamps
        settings = content.settings
        var articles: [String: (FrontMatterMap, [String])] = [:]
        for article in content.articles { articles[article.relativePath] = (article.frontMatter, article.document.headings.map(\.id)) }
        self.articles = articles
    }

    /// True when every re-read file is an article whose front matter and headings are as before.
    func allowsPartialRebuild(to next: SiteShape, reparsed: Set<String>) -> Bool {
        guard files == next.files, staticFileStamps == next.staticFileStamps, settings == next.settings else { return false }
        for path in reparsed {
            guard let before = articles[path], let after = next.articles[path] else { return false }
            if before.frontMatter != after.frontMatter || before.headingIDs != after.headingIDs { return false }
        }
        return true
    }
}

/// Everything a build keeps for the next one in the same process.
struct SessionState: Sendable {
    var parseCache = ParseCache()
    var templates: TemplateState?
    /// The files the last successful build left in the output folder.
    var manifest: OutputManifest?
    var shape: SiteShape?
    /// Site paths found by the last full check, reused by partial rebuilds.
    var knownPaths: Set<String>?
    /// The page plan of the last full build, the same for partial rebuilds.
    var pages: PagePlan?
    /// A partial rebuild's model whose search index is still to be written.
    var deferredSearch: SiteModel?
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
        let writer = OutputWriter(outputDirectory: options.outputDirectory, previous: manifest)
        _ = try SiteBuilder.writeSearchIndex(model: model, writer: writer)
        try writer.commit(keepUnwritten: true)
        state?.manifest = writer.manifest
        state?.deferredSearch = nil
        return writer.writtenCount
    }
}
