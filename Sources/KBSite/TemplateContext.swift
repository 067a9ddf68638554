import KBMarkdown
import KBTemplates

/// Builds the values templates see (`site`, `page`, `article`, `articles`, ...); documented in Docs/templates.md.
struct TemplateContext {
    let model: SiteModel
    let settings: SiteSettings
    let site: TemplateValue
    /// Listing form of every article, built once and shared by all listing pages (empty when built on demand).
    let summaries: [TemplateValue]

    /// `eagerSummaries: false` suits a rebuild that renders a few article pages and no listings.
    init(model: SiteModel, eagerSummaries: Bool = true) {
        self.model = model
        settings = model.settings
        summaries = eagerSummaries ? model.articles.map { TemplateContext.summary(of: $0, settings: model.settings) } : []
        var site: [String: TemplateValue] = [
            "title": .string(settings.title),
            "description": .string(settings.description),
            "base_url": .string(settings.baseURL),
            "base_path": .string(settings.basePath),
            "language": .string(settings.language),
            "intro": .safeHTML(settings.introHTML),
            "footer_links": .array(settings.footerLinks.map { .dictionary(["title": .string($0.title), "url": .string($0.url)]) }),
            "status_page_url": settings.statusPageURL.map(TemplateValue.string) ?? .null,
            "extra": TemplateContext.value(settings.extra),
            "article_count": .int(model.articles.count),
        ]
        let urls = model.settings
        let branding = urls.branding
        site["logo_url"] = branding.logo.map { .string(urls.relativeURL($0)) } ?? .null
        site["favicon_url"] = branding.favicon.map { .string(urls.relativeURL($0)) } ?? .null
        site["accent_css"] = branding.accentCSS.isEmpty ? .null : .safeHTML(branding.accentCSS)
        site["support_url"] = branding.supportURL.map { .string(urls.relativeURL($0)) } ?? .null
        site["support_label"] = .string(branding.supportLabel)
        site["classes"] = .array(model.classes.map { group in
            .dictionary([
                "name": .string(group.statusClass.name), "slug": .string(group.statusClass.slug),
                "url": .string(group.statusClass.url), "side": .string(group.statusClass.usualSide),
                "count": .int(group.articleIndices.count),
            ])
        })
        site["sections"] = .array(model.sections.map { section in
            .dictionary(["title": .string(section.title), "url": .string(section.url), "description": .string(section.description)])
        })
        self.site = .dictionary(site)
    }

    static func summary(of article: Article, settings: SiteSettings) -> TemplateValue {
        let statusClass = article.statusClass ?? .guides
        return .dictionary([
            "title": .string(article.title),
            "name": .string(article.name),
            "slug": .string(article.slug),
            "url": .string(article.url),
            "code": article.code.map(TemplateValue.int) ?? .null,
            "summary": .string(article.summary),
            "tags": .array(article.tags.map(TemplateValue.string)),
            "updated": article.updated.map(TemplateValue.string) ?? .null,
            "side": .string(article.side?.sentence ?? ""), "side_key": .string(article.side?.rawValue ?? ""),
            "class_name": .string(statusClass.name),
        ])
    }

    func page(kind: String, url: String, title: String, description: String? = nil) -> TemplateValue {
        .dictionary([
            "kind": .string(kind),
            "url": .string(url),
            "permalink": .string(settings.absoluteURL(url)),
            "title": .string(title),
            "description": .string(description ?? settings.description),
        ])
    }

    func base(kind: String, url: String, title: String, description: String? = nil) -> [String: TemplateValue] {
        ["site": site, "page": page(kind: kind, url: url, title: title, description: description)]
    }

    func summary(_ index: Int) -> TemplateValue {
        summaries.isEmpty ? TemplateContext.summary(of: model.articles[index], settings: settings) : summaries[index]
    }

    func articles(_ indices: [Int]) -> TemplateValue { .array(indices.map(summary)) }

    func tagValue(_ tag: TagGroup) -> TemplateValue {
        .dictionary(["name": .string(tag.name), "slug": .string(tag.slug), "url": .string(tag.url), "count": .int(tag.articleIndices.count)])
    }

    /// The context of an article page.
    func articlePage(_ index: Int, html: String, faq: [FAQEntry], jsonLD: String) -> [String: TemplateValue] {
        let article = model.articles[index]
        let statusClass = article.statusClass ?? .guides
        var context = base(kind: "article", url: article.url, title: article.title, description: article.description)
        let toc: [TemplateValue] = article.document.headings.filter { (2...3).contains($0.level) }.map {
            .dictionary(["level": .int($0.level), "title": .string($0.text), "id": .string($0.id)])
        }
        let related: [TemplateValue] = article.related.compactMap { model.indexBySlug[$0].map(summary) }
        let tagLinks: [TemplateValue] = article.tags.map {
            .dictionary(["name": .string($0), "slug": .string(Slug.make($0)), "url": .string("/tags/\(Slug.make($0))/")])
        }
        var fields: [String: TemplateValue] = [:]
        fields["title"] = .string(article.title)
        fields["name"] = .string(article.name)
        fields["slug"] = .string(article.slug)
        fields["url"] = .string(article.url)
        fields["permalink"] = .string(settings.absoluteURL(article.url))
        fields["code"] = article.code.map(TemplateValue.int) ?? .null
        fields["summary"] = .string(article.summary)
        fields["description"] = .string(article.description)
        fields["tags"] = .array(article.tags.map(TemplateValue.string))
        fields["tag_links"] = .array(tagLinks)
        fields["keywords"] = .array(article.keywords.map(TemplateValue.string))
        fields["aliases"] = .array(article.aliases.map(TemplateValue.string))
        fields["updated"] = article.updated.map(TemplateValue.string) ?? .null
        fields["reviewed"] = article.reviewed.map(TemplateValue.string) ?? .null
        fields["owner"] = article.owner.map(TemplateValue.string) ?? .null
        fields["weight"] = article.weight.map(TemplateValue.int) ?? .null
        fields["content"] = .safeHTML(html)
        fields["toc"] = .array(toc)
        fields["related"] = .array(related)
        fields["faq"] = .array(faq.map { .dictionary(["question": .string($0.question), "answer": .string($0.answer)]) })
        fields["class"] = .dictionary(["name": .string(statusClass.name), "slug": .string(statusClass.slug), "url": .string(statusClass.url)])
        fields["side"] = .string(article.side?.sentence ?? "")
        fields["side_key"] = .string(article.side?.rawValue ?? "")
        fields["spec"] = .string(article.spec ?? "")
        fields["vendor"] = .string(article.vendor ?? "")
        fields["duration"] = article.help.duration.map(TemplateValue.string) ?? .null
        fields["duration_rows"] = .array(article.help.durationRows.map {
            .dictionary(["situation": .string($0.situation), "duration": .string($0.duration)])
        })
        fields["previous"] = model.previous(of: index).map(summary) ?? .null
        fields["next"] = model.next(of: index).map(summary) ?? .null
        fields["json_ld"] = .safeHTML(jsonLD)
        fields["extra"] = TemplateContext.value(article.extra)
        context["article"] = .dictionary(fields)
        return context
    }

    /// Front matter values as template values (maps become dictionaries).
    static func value(_ value: FrontMatterValue) -> TemplateValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s), .date(let s): return .string(s)
        case .list(let items): return .array(items.map(TemplateContext.value))
        case .map(let map): return TemplateContext.value(map)
        }
    }

    static func value(_ map: FrontMatterMap) -> TemplateValue {
        var dictionary: [String: TemplateValue] = [:]
        for entry in map.entries { dictionary[entry.key] = value(entry.value) }
        return .dictionary(dictionary)
    }
}

import Foundation

/// Whitespace trimming on UTF-8 bytes; Foundation's version converts to UTF-16 first.
enum ASCIIText {
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return text }
        return String(text[first...last])
    }

    /// Whether `text` contains `needle`, compared byte for byte (Foundation's `contains` goes through CFString,
    /// which showed in the build profile for URLs checked on every page).
    static func contains(_ text: String, _ needle: String) -> Bool {
        // Native strings have contiguous UTF-8, so this reads them in place without copying.
        var text = text, needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty else { return true }
                guard haystack.count >= pattern.count else { return false }
                for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
                    var offset = 1
                    while offset < pattern.count && haystack[start + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return true }
                }
                return false
            }
        }
    }
}
