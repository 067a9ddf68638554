import KBMarkdown
import KBTemplates

/// Renders every page with its template, in parallel on all cores, writing each as soon as it is done.
struct PageRenderer: Sendable {
    let model: SiteModel
    let engine: TemplateEngine
    let writer: OutputWriter?
    let rewrites: [[String: String]]
    /// Per article: image destination → size and loading attributes (see `LinkChecker.images`).
    var images: [[String: ImageAttributes]] = []
    let context: TemplateContext

    init(model: SiteModel, engine: TemplateEngine, writer: OutputWriter?, rewrites: [[String: String]], eagerSummaries: Bool = true) {
        self.model = model
        self.engine = engine
        self.writer = writer
        self.rewrites = rewrites
        context = TemplateContext(model: model, eagerSummaries: eagerSummaries)
    }

    /// Renders all jobs; returns the problems found in the input (empty when every page was written), or throws
    /// the first write error (a full disk fails every page, and one line says it better than 600).
    func renderAll(_ jobs: [PageJob]) throws(SiteIOError) -> [Diagnostic] {
        let results = ParallelMap.map(jobs) { job -> Result<[Diagnostic], SiteIOError> in
            do {
                return .success(try render(job))
            } catch let error as SiteIOError {
                return .failure(error)
            } catch {
                return .success([Diagnostic(path: "Templates", message: String(describing: error))])
            }
        }
        var diagnostics: [Diagnostic] = []
        for result in results {
            switch result {
            case .success(let found): diagnostics += found
            case .failure(let error): throw error
            }
        }
        return diagnostics
    }

    /// Renders and writes one page; template problems are returned, write errors thrown.
    private func render(_ job: PageJob) throws(SiteIOError) -> [Diagnostic] {
        do {
            let (template, values) = self.template(for: job)
            let html = try engine.render(template, context: values)
            try writer?.write(SiteBuilder.outputPath(for: PagePlan.url(of: job, model: model)), html)
            if case .article(let index) = job {
                let article = model.articles[index]
                let table = rewrites.indices.contains(index) ? rewrites[index] : [:]
                try writer?.write(MarkdownCopies.outputPath(of: article),
                                  MarkdownCopies.markdown(of: article, rewrites: table, settings: model.settings))
            }
            return []
        } catch let error as TemplateError {
            return [SiteBuilder.diagnostic(from: error)]
        } catch let error as SiteIOError {
            throw error
        } catch {
            return [Diagnostic(path: "Templates", message: String(describing: error))]
        }
    }

    /// The template and context of one page.
    func template(for job: PageJob) -> (String, [String: TemplateValue]) {
        switch job {
        case .home:
            var values = context.base(kind: "home", url: "/", title: model.settings.title)
            values["articles"] = context.articles(Array(model.articles.indices))
            values["groups"] = .array(model.classes.map { group in
                .dictionary([
                    "name": .string(group.statusClass.name), "slug": .string(group.statusClass.slug),
                    "url": .string(group.statusClass.url), "side": .string(group.statusClass.usualSide),
                    "articles": context.articles(group.articleIndices),
                ])
            })
            values["tags"] = .array(model.tags.map(context.tagValue))
            return ("home.html", values)
        case .article(let index):
            let article = model.articles[index]
            let table = rewrites.indices.contains(index) ? rewrites[index] : [:]
            let sizes = images.indices.contains(index) ? images[index] : [:]
            var document = article.document
            document.options.highlight = model.settings.highlight
            let html = HTMLRenderer.render(document, rawHTML: model.settings.rawHTML, rewriteLink: { table[$0] },
                                           imageAttributes: { sizes[$0] ?? ImageAttributes() })
            let faq = article.help.faq
            let jsonLD = StructuredData.jsonLD(for: article, faq: faq, settings: model.settings)
            return ("article.html", context.articlePage(index, html: html, faq: faq, jsonLD: jsonLD))
        case .tags:
            var values = context.base(kind: "tags", url: "/tags/", title: "All tags")
            values["tags"] = .array(model.tags.map(context.tagValue))
            return ("tags.html", values)
        case .codes:
            var values = context.base(kind: "codes", url: CodeTable.url, title: "All status codes",
                                      description: "Every status code this help center explains, with whose side it is usually on and how long it lasts.")
            values["codes"] = .array(CodeTable.rows(model: model).map(CodeTable.value))
            return ("codes.html", values)
        case .tag(let index):
            let tag = model.tags[index]
            var values = context.base(kind: "tag", url: tag.url, title: "Tagged \u{201C}\(tag.name)\u{201D}")
            values["tag"] = context.tagValue(tag)
            values["articles"] = context.articles(tag.articleIndices)
            return ("tag.html", values)
        case .statusClass(let index):
            let group = model.classes[index]
            let statusClass = group.statusClass
            var values = context.base(kind: "section", url: statusClass.url, title: statusClass.name)
            values["section"] = .dictionary([
                "title": .string(statusClass.name), "url": .string(statusClass.url), "description": .string(""),
                "intro": .safeHTML(""), "side": .string(statusClass.usualSide),
            ])
            values["articles"] = context.articles(group.articleIndices)
            return ("section.html", values)
        case .section(let index):
            let section = model.sections[index]
            var values = context.base(kind: "section", url: section.url, title: section.title, description: section.description)
            values["section"] = .dictionary([
                "title": .string(section.title), "url": .string(section.url), "description": .string(section.description),
                "intro": .safeHTML(section.introHTML), "side": .string(""),
            ])
            values["articles"] = context.articles(model.articles.indices.filter {
                model.articles[$0].folder == section.folder || model.articles[$0].folder.hasPrefix(section.folder + "/")
            })
            return ("section.html", values)
        case .codeList(let code, let indices):
            let title = "HTTP \(code)"
            var values = context.base(kind: "section", url: "/\(code)/", title: title)
            values["section"] = .dictionary([
                "title": .string(title), "url": .string("/\(code)/"),
                "description": .string("Several articles cover status \(code); pick the one that fits."),
                "intro": .safeHTML(""), "side": .string(StatusClass(code: code).usualSide),
            ])
            values["articles"] = context.articles(indices)
            return ("section.html", values)
        case .search:
            return ("search.html", context.base(kind: "search", url: "/search/", title: "Search"))
        case .notFound:
            var values = context.base(kind: "404", url: "/404.html", title: "Page not found")
            values["groups"] = .array(model.classes.map { group in
                .dictionary(["name": .string(group.statusClass.name), "url": .string(group.statusClass.url),
                             "articles": context.articles(group.articleIndices)])
            })
            return ("404.html", values)
        case .embed(let key, let article):
            return ("embed.html", CodeLookup.cardValues(CodeLookup.Entry(key: key, article: article), model: model, context: context))
        }
    }
}
