import KBTemplates

/// The error lookup for apps: `codes.json`, one entry per status code and browser error name, and an answer
/// card at `embed/<key>/` for each (Docs/codes-for-apps.md). Everything comes from the articles' help model.
enum CodeLookup {
    /// One key (`"502"`, `"ERR_TIMED_OUT"`) and the article that answers it.
    struct Entry: Sendable {
        var key: String
        var article: Int
    }

    /// Steps listed in `codes.json`, and on a card.
    static let jsonStepLimit = 5
    static let cardStepLimit = 3

    /// Every key, sorted; where articles share a code, the one served at `/<code>/`.
    static func entries(model: SiteModel) -> [Entry] {
        var byKey: [String: Int] = [:]
        let claimants = Dictionary(model.articles.indices.flatMap { index in
            model.articles[index].aliases.map { ($0, index) } + [(model.articles[index].url, index)]
        }, uniquingKeysWith: { first, _ in first })
        for target in model.codeTargets {
            // An article that owns `/<code>/` answers for the code; else the one `/<code>/` redirects to; else
            // (several articles and no weights: `/<code>/` lists them) the first by file name.
            let chosen = claimants["/\(target.code)/"]
                ?? target.indices.min { model.articles[$0].relativePath < model.articles[$1].relativePath }
            if let chosen { byKey[String(target.code)] = chosen }
        }
        for (index, article) in model.articles.enumerated() {
            for name in article.errorNames where byKey[name] == nil { byKey[name] = index }
        }
        return byKey.keys.sorted().compactMap { key in byKey[key].map { Entry(key: key, article: $0) } }
    }

    /// The site path of a key's answer card.
    static func cardPath(_ key: String) -> String { "/embed/\(key)/" }

    /// `codes.json`: `{"schema": 1, "site", "language", "errors": [...]}`.
    static func json(model: SiteModel, entries: [Entry]) -> String {
        let settings = model.settings
        let errors: [JSONText] = entries.map { entry in
            let article = model.articles[entry.article]
            let help = article.help
            let steps = help.readerSteps.prefix(jsonStepLimit).map { JSONText.string($0.text) }
            return .object([
                ("code", .string(entry.key)),
                ("title", .string(article.title)),
                ("url", .string(settings.absoluteURL(article.url))),
                ("embed_url", .string(settings.absoluteURL(cardPath(entry.key)))),
                ("summary", .string(article.summary)),
                ("side", article.side.map { .string($0.rawValue) } ?? .null),
                ("side_text", article.side.map { .string($0.sentence) } ?? .null),
                ("duration", help.duration.map(JSONText.string) ?? .null),
                ("steps", steps.isEmpty ? .null : .array(Array(steps))),
                ("data_safe", help.dataSafe.map(JSONText.string) ?? .null),
                ("updated", article.updated.map(JSONText.string) ?? .null),
            ])
        }
        let document = JSONText.object([
            ("schema", .number(1)),
            ("site", .string(settings.baseURL)),
            ("language", .string(settings.language)),
            ("errors", .array(errors)),
        ])
        return document.text + "\n"
    }

    /// What `embed.html` renders for one key: `card` with the article's answer in short.
    static func cardValues(_ entry: Entry, model: SiteModel, context: TemplateContext) -> [String: TemplateValue] {
        let settings = model.settings
        let article = model.articles[entry.article]
        let help = article.help
        var values = context.base(kind: "embed", url: cardPath(entry.key), title: article.title, description: article.summary)
        values["card"] = .dictionary([
            "key": .string(entry.key),
            "title": .string(article.title),
            "summary": .string(article.summary),
            "class_slug": .string((article.statusClass ?? .guides).slug),
            "code": article.code.map(TemplateValue.int) ?? .null,
            "side": article.side.map { .string($0.sentence) } ?? .null,
            "duration": help.duration.map(TemplateValue.string) ?? .null,
            "steps": .array(help.readerSteps.prefix(cardStepLimit).map { step in
                .dictionary(["lead": .string(step.lead), "rest": .string(step.rest), "text": .string(step.text)])
            }),
            "data_safe": help.dataSafe.map(TemplateValue.string) ?? .null,
            "article_url": .string(settings.absoluteURL(article.url)),
        ])
        return values
    }
}
