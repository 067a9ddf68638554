import Foundation
import KBMarkdown

/// The checks that need the whole site: duplicate slugs, alias collisions, related slugs and links.
struct SiteChecks {
    let model: SiteModel
    let pages: PagePlan
    let assets: AssetCatalog
    let staticFiles: [String]
    var diagnostics: [Diagnostic] = []
    /// Per article (model order): link destination → site URL.
    var rewrites: [[String: String]] = []
    /// Every site path of the site, as found by `checkPaths`.
    var knownPaths: Set<String> = []
    /// Where image files are read from for their sizes (Articles/); nil skips reading them.
    var articlesDirectory: String?
    /// Per article (model order): image destination → its `<img>` size and loading attributes.
    var images: [[String: ImageAttributes]] = []
    /// Articles that could not be read or whose front matter has a mistake (reported once by the loader): not
    /// built, but links and `related` naming them are not errors too.
    var unreadableArticles: [UnreadableArticle] = []

    init(model: SiteModel, pages: PagePlan, assets: AssetCatalog, staticFiles: [String]) {
        self.model = model
        self.pages = pages
        self.assets = assets
        self.staticFiles = staticFiles
    }

    mutating func run() {
        checkSlugs()
        checkOutputPaths()
        let claimed = checkPaths()
        checkRelated()
        checkLinks(knownPaths: claimed)
    }

    /// A rebuild where only the bodies of `articles` changed: slugs, paths and front matter are as in the last
    /// good build, so only these articles' links need checking.
    mutating func run(onlyArticles articles: [Int], knownPaths: Set<String>) {
        checkLinks(knownPaths: knownPaths, only: articles)
    }

    /// Two files with one name would both be `/<slug>/`.
    mutating func checkSlugs() {
        var first: [String: Article] = [:]
        for article in model.articles.sorted(by: { $0.relativePath < $1.relativePath }) {
            if let earlier = first[article.slug] {
                diagnostics.append(Diagnostic(path: article.displayPath, message: "duplicate slug '\(article.slug)': \(earlier.relativePath) has the same file name",
                                              hint: "rename one of the two files; the slug is the file name"))
            } else {
                first[article.slug] = article
            }
        }
    }

    /// Every site path may be claimed once: pages, redirects, feeds and assets.
    /// Returns every claimed site path (lowercased), which link checks treat as existing.
    mutating func checkPaths() -> Set<String> {
        var owners: [String: String] = [:]
        func claim(_ path: String, by owner: String) -> String? {
            let key = path.lowercased()
            if let existing = owners[key] { return existing }
            owners[key] = owner
            return nil
        }
        // kb's own pages first, so an article whose address is one of them is reported instead of being
        // overwritten by it (Articles/search.md would otherwise lose its page to the search page).
        for job in pages.jobs {
            if case .article = job { continue }
            let url = PagePlan.url(of: job, model: model)
            _ = claim(url, by: "kb's \(url) page")
        }
        for job in pages.jobs {
            guard case .article(let index) = job else { continue }
            let url = PagePlan.url(of: job, model: model)
            let article = model.articles[index]
            if let owner = claim(url, by: article.displayPath), owner != article.displayPath, !owner.hasSuffix("/" + article.slug + ".md") {
                diagnostics.append(Diagnostic(path: article.displayPath, message: "the article's address \(url) is already used by \(owner)",
                                              hint: "rename the file; \(url) is reserved"))
            }
        }
        checkCodePathsOwnedByArticles()
        for fixed in ["/sitemap.xml", "/feed.xml", "/robots.txt", "/search/index.json", "/errors/"] { _ = claim(fixed, by: "kb's \(fixed)") }
        for (name, output) in assets.outputPaths {
            _ = claim("/" + output, by: "the asset \(name)")
            _ = claim("/assets/" + name, by: "the asset \(name)")
        }
        for file in staticFiles { _ = claim("/" + file, by: "the file \(file)") }
        let aliases = Set(model.articles.flatMap(\.aliases))
        for redirect in pages.redirects where !aliases.contains(redirect.from) {
            _ = claim(redirect.from, by: "the redirect for status \(redirect.from.dropFirst().dropLast())")
        }
        for article in model.articles {
            let entry = article.frontMatter.entry("aliases")
            for alias in article.aliases {
                if alias == article.url {
                    diagnostics.append(Diagnostic(path: article.displayPath, line: entry?.line ?? 1, column: entry?.column ?? 1, severity: .warning,
                                                  message: "the alias \(alias) is the article's own address, so it does nothing",
                                                  hint: "remove it from aliases"))
                    continue
                }
                if let owner = claim(alias, by: "an alias of \(article.displayPath)") {
                    diagnostics.append(Diagnostic(path: article.displayPath, line: entry?.line ?? 1, column: entry?.column ?? 1,
                                                  message: "the alias \(alias) is already used by \(owner)",
                                                  hint: "remove the alias or choose another path"))
                }
            }
        }
        var paths = Set(owners.keys)
        for (name, output) in assets.outputPaths { paths.insert("/assets/" + name); paths.insert("/" + output) }
        knownPaths = paths
        return paths
    }

    /// An article at `/<code>/` (Articles/502.md) keeps its page; when that code's redirect would have led to a
    /// different article, say so, naming both, since readers typing `/<code>/` now land on the first.
    mutating func checkCodePathsOwnedByArticles() {
        for target in model.codeTargets {
            let path = "/\(target.code)/"
            guard let owner = model.articles.first(where: { $0.url == path }) else { continue }
            let others = target.indices.map { model.articles[$0] }.filter { $0.url != path }
            guard !others.isEmpty, !target.indices.contains(where: { model.articles[$0].url == path }) else { continue }
            diagnostics.append(Diagnostic(path: owner.displayPath, severity: .warning,
                                          message: "this article's address \(path) is also the short address of status \(target.code), which \(others.map(\.displayPath).joined(separator: ", ")) would have used",
                                          hint: "the article keeps \(path); rename the file if \(path) should lead to the status article"))
        }
    }

    mutating func checkRelated() {
        let slugs = Set(model.articles.map(\.slug)).union(unreadableArticles.map(\.slug))
        for article in model.articles {
            let entry = article.frontMatter.entry("related")
            for slug in article.related where !slugs.contains(slug) {
                var hint = "'related' lists slugs: file names without .md"
                if let close = Suggest.closest(to: slug, in: slugs.sorted()) { hint = "did you mean '\(close)'?" }
                diagnostics.append(Diagnostic(path: article.displayPath, line: entry?.line ?? 1, column: entry?.column ?? 1,
                                              message: "'related' names '\(slug)', but no article has that slug", hint: hint))
            }
        }
    }

    mutating func checkLinks(knownPaths: Set<String>, only: [Int]? = nil) {
        let checker = LinkChecker(articles: model.articles, indexByPath: model.indexByPath, settings: model.settings, knownPaths: knownPaths,
                                  staticFiles: staticFiles, sectionFolders: model.sections.map(\.folder),
                                  assetPaths: assets.outputPaths, unreadableArticles: unreadableArticles)
        let indices = only ?? Array(model.articles.indices)
        let directory = articlesDirectory
        let results = ParallelMap.map(indices) { (checker.check($0), checker.images($0, articlesDirectory: directory)) }
        rewrites = Array(repeating: [:], count: model.articles.count)
        images = Array(repeating: [:], count: model.articles.count)
        for (index, result) in zip(indices, results) {
            rewrites[index] = result.0.rewrites
            images[index] = result.1.attributes
        }
        diagnostics += results.flatMap { $0.0.diagnostics + $0.1.diagnostics }
    }
}
