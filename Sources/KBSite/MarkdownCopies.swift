import KBMarkdown

/// What the site offers AI assistants and other tools: `llms.txt` (the llmstxt.org format) and a Markdown copy of
/// every article at `ARTICLE_URL/index.md`, both written from the parsed articles (Docs/output.md).
enum MarkdownCopies {
    /// Where an article's Markdown copy is written, e.g. `502-bad-gateway/index.md`.
    static func outputPath(of article: Article) -> String {
        SiteBuilder.outputPath(for: article.url).replacingSuffix("index.html", with: "index.md")
    }

    /// The article as Markdown: its title as a `#` heading, then the body (snippets expanded, reference links
    /// made inline) with every link and image made absolute, so the copy stands alone wherever it is pasted.
    static func markdown(of article: Article, rewrites: [String: String], settings: SiteSettings) -> String {
        let page = settings.absoluteURL(article.url)
        let body = MarkdownRenderer.render(article.document) { destination in
            absolute(rewrites[destination] ?? destination, page: page, settings: settings)
        }
        return "# " + article.title + "\n\n" + (article.summary.isEmpty ? "" : article.summary + "\n\n") + body
    }

    /// `destination` as an absolute URL: site paths get the origin, fragments and relative paths the page's URL.
    static func absolute(_ destination: String, page: String, settings: SiteSettings) -> String {
        if destination.hasPrefix("//") || URLScheme.has(destination) { return destination }
        if destination.hasPrefix("/") { return settings.origin + destination }
        return page + destination
    }

    /// `llms.txt`: the site's title and description, then one `## ` section per status class (guides last)
    /// listing each article as `- [Title](URL): summary`.
    static func llmsText(model: SiteModel) -> String {
        let settings = model.settings
        var text = "# " + oneLine(settings.title) + "\n\n> " + oneLine(settings.description) + "\n"
        for group in model.classes where !group.articleIndices.isEmpty {
            text += "\n## " + group.statusClass.name + "\n\n"
            for index in group.articleIndices {
                let article = model.articles[index]
                text += "- [" + oneLine(article.title).replacingOccurrences(of: "]", with: "\\]") + "]("
                    + settings.absoluteURL(article.url) + ")"
                if !article.summary.isEmpty { text += ": " + oneLine(article.summary) }
                text += "\n"
            }
        }
        return text
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
