/// One page to render with a template.
enum PageJob: Sendable {
    case home
    case article(Int)
    case tags
    /// `/codes/`: every status code in one table (CodeTable).
    case codes
    case tag(Int)
    case statusClass(Int)
    case section(Int)
    /// `/<code>/` when several articles share a code and none has a weight: a short list.
    case codeList(code: Int, articles: [Int])
    case search
    case notFound
    /// `/embed/<key>/`: the answer card for one `codes.json` key (`CodeLookup`).
    case embed(key: String, article: Int)
}

/// A redirect page: `from` (a site path) sends readers to `to`.
struct Redirect: Sendable {
    var from: String
    var to: String
    var title: String
}

/// Every page, redirect and feed entry of the site, worked out once from the model.
struct PagePlan: Sendable {
    var jobs: [PageJob] = []
    var redirects: [Redirect] = []
    /// Pages listed in the sitemap (no redirects, no 404), with their last modification dates.
    var sitemapEntries: [(url: String, lastmod: String?)] = []

    /// `codesPage: false` leaves out `/codes/` (a theme without a usable codes.html).
    init(model: SiteModel, codesPage: Bool = true) {
        jobs.append(.home)
        jobs += model.articles.indices.map(PageJob.article)
        jobs.append(.tags)
        if codesPage { jobs.append(.codes) }
        jobs += model.tags.indices.map(PageJob.tag)
        jobs += model.classes.indices.map(PageJob.statusClass)
        jobs += model.sections.indices.map(PageJob.section)
        jobs.append(.search)
        jobs.append(.notFound)
        jobs += CodeLookup.entries(model: model).map { PageJob.embed(key: $0.key, article: $0.article) }
        // An article that names `/<code>/` among its aliases claims that path itself, and an article whose own
        // address is `/<code>/` (Articles/502.md) owns it outright: no generated page may be written over it.
        let claimed = Set(model.articles.flatMap(\.aliases)).union(model.articles.map(\.url))
        for target in model.codeTargets where !claimed.contains("/\(target.code)/") {
            if target.indices.count == 1, let only = target.indices.first {
                let article = model.articles[only]
                redirects.append(Redirect(from: "/\(target.code)/", to: article.url, title: article.title))
            } else {
                jobs.append(.codeList(code: target.code, articles: target.indices))
            }
        }
        for job in jobs {
            switch job {
            case .notFound, .embed: continue
            case .article(let index): sitemapEntries.append((model.articles[index].url, model.articles[index].updated))
            default: sitemapEntries.append((PagePlan.url(of: job, model: model), nil))
            }
        }
        for article in model.articles {
            // An alias equal to the article's own address would overwrite the article (SiteChecks warns about it).
            for alias in article.aliases where alias != article.url {
                redirects.append(Redirect(from: alias, to: article.url, title: article.title))
            }
        }
    }

    /// The site path each job is served at.
    static func url(of job: PageJob, model: SiteModel) -> String {
        switch job {
        case .home: return "/"
        case .article(let index): return model.articles[index].url
        case .tags: return "/tags/"
        case .codes: return CodeTable.url
        case .tag(let index): return model.tags[index].url
        case .statusClass(let index): return model.classes[index].statusClass.url
        case .section(let index): return model.sections[index].url
        case .codeList(let code, _): return "/\(code)/"
        case .search: return "/search/"
        case .notFound: return "/404.html"
        case .embed(let key, _): return CodeLookup.cardPath(key)
        }
    }
}

