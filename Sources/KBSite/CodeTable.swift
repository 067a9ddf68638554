import KBTemplates

/// The "Browse all codes" page at `/codes/`: one row per status code that has an article (the article served at
/// `/<code>/`), built from the articles themselves so it never disagrees with them.
enum CodeTable {
    /// The site path of the page.
    static let url = "/codes/"

    /// One row as the template sees it (`code.code`, `code.name`, `code.url`, `code.side`, ...).
    static func value(_ row: CodeRow) -> TemplateValue {
        .dictionary([
            "code": .int(row.code), "name": .string(row.name), "url": .string(row.url), "side": .string(row.side),
            "side_key": .string(row.sideKey), "duration": .string(row.duration), "vendor": .string(row.vendor),
            "shared": .bool(row.shared),
        ])
    }

    /// The rows in code order: code, the article's name and address, whose side, the usual duration.
    static func rows(model: SiteModel) -> [CodeRow] {
        model.codeTargets.compactMap { target in
            guard let index = target.indices.first else { return nil }
            let article = model.articles[index]
            let shared = target.indices.count > 1
            return CodeRow(code: target.code, name: article.isGuide ? article.title : article.name, url: shared ? "/\(target.code)/" : article.url,
                                    side: article.side?.sentence ?? "", sideKey: article.side?.rawValue ?? "",
                                    duration: article.help.duration ?? "", vendor: article.vendor ?? "",
                                    shared: shared)
        }
    }
}

/// One row of the codes table, before it becomes a template value.
struct CodeRow: Sendable, Equatable {
    var code: Int
    var name: String
    var url: String
    var side: String
    var sideKey: String
    var duration: String
    var vendor: String
    /// Several articles share the code; `url` is then the `/<code>/` list.
    var shared: Bool
}
