import KBMarkdown

/// A tag and the articles that carry it.
public struct TagGroup: Sendable {
    public var name: String
    public var slug: String
    /// Indices into `SiteModel.articles`.
    public var articleIndices: [Int]
    public var url: String { "/tags/\(slug)/" }
}

/// Articles of one status class, in display order.
public struct ClassGroup: Sendable {
    public var statusClass: StatusClass
    public var articleIndices: [Int]
}

/// The whole site after loading and checking, ready to render.
public struct SiteModel: Sendable {
    public var settings: SiteSettings
    /// Articles in display order: by class, then code, weight and title.
    public var articles: [Article]
    public var sections: [Section]
    public var classes: [ClassGroup]
    public var tags: [TagGroup]
    public var indexBySlug: [String: Int]
    /// Article index by path relative to the articles folder.
    var indexByPath: [String: Int]
    /// Position of each article within its class, for previous/next links.
    var classPosition: [(group: Int, position: Int)]

    init(settings: SiteSettings, articles unsorted: [Article], sections: [Section]) {
        self.settings = settings
        self.sections = sections.sorted { $0.folder < $1.folder }
        // Sort indices, not the large Article values, then place each article once.
        let order = unsorted.indices.sorted { SiteModel.displayOrder(unsorted[$0], unsorted[$1]) }
        articles = order.map { unsorted[$0] }
        var bySlug: [String: Int] = [:]
        for (index, article) in articles.enumerated() where bySlug[article.slug] == nil { bySlug[article.slug] = index }
        indexBySlug = bySlug
        var byPath: [String: Int] = [:]
        byPath.reserveCapacity(articles.count)
        for (index, article) in articles.enumerated() { byPath[article.relativePath] = index }
        indexByPath = byPath

        var classMap: [StatusClass: [Int]] = [:]
        var tagMap: [String: (name: String, indices: [Int])] = [:]
        for (index, article) in articles.enumerated() {
            classMap[article.statusClass ?? .guides, default: []].append(index)
            for tag in Set(article.tags) {
                let slug = Slug.make(tag)
                if tagMap[slug] == nil { tagMap[slug] = (tag, []) }
                tagMap[slug]?.indices.append(index)
            }
        }
        classes = classMap.keys.sorted().map { ClassGroup(statusClass: $0, articleIndices: classMap[$0] ?? []) }
        tags = tagMap.keys.sorted().map { slug in
            let entry = tagMap[slug] ?? ("", [])
            return TagGroup(name: entry.name, slug: slug, articleIndices: entry.indices.sorted())
        }
        var positions = Array(repeating: (group: 0, position: 0), count: articles.count)
        for (groupIndex, group) in classes.enumerated() {
            for (position, articleIndex) in group.articleIndices.enumerated() { positions[articleIndex] = (groupIndex, position) }
        }
        classPosition = positions
    }

    static func displayOrder(_ a: Article, _ b: Article) -> Bool {
        let classA = a.statusClass ?? .guides, classB = b.statusClass ?? .guides
        if classA != classB { return classA < classB }
        if a.code != b.code { return (a.code ?? 0) < (b.code ?? 0) }
        if a.weight != b.weight { return (a.weight ?? Int.max) < (b.weight ?? Int.max) }
        if a.title != b.title { return a.title < b.title }
        return a.slug < b.slug
    }

    func previous(of index: Int) -> Int? {
        let (group, position) = classPosition[index]
        return position > 0 ? classes[group].articleIndices[position - 1] : nil
    }

    func next(of index: Int) -> Int? {
        let (group, position) = classPosition[index]
        let members = classes[group].articleIndices
        return position + 1 < members.count ? members[position + 1] : nil
    }

    /// Status codes with articles, and where `/<code>/` should lead: one article, or a list of several.
    var codeTargets: [(code: Int, indices: [Int])] {
        var byCode: [Int: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            if let code = article.code { byCode[code, default: []].append(index) }
        }
        return byCode.keys.sorted().map { code in
            let members = byCode[code] ?? []
            let weighted = members.filter { articles[$0].weight != nil }
            if members.count > 1, let lightest = weighted.min(by: { (articles[$0].weight ?? 0, articles[$0].slug) < (articles[$1].weight ?? 0, articles[$1].slug) }) {
                return (code, [lightest])
            }
            return (code, members)
        }
    }
}
