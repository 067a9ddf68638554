/// `sitemap.xml`, sitemaps.org schema, absolute URLs.
enum SitemapGenerator {
    static func generate(pages: [(url: String, lastmod: String?)], settings: SiteSettings) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages {
            xml += "  <url><loc>\(Escape.html(settings.absoluteURL(page.url)))</loc>"
            if let lastmod = page.lastmod { xml += "<lastmod>\(Escape.html(lastmod))</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }
}

/// `feed.xml`, Atom 1.0: the most recently updated articles first.
enum AtomFeedGenerator {
    static let maximumEntries = 50

    static func generate(model: SiteModel) -> String {
        let settings = model.settings
        let entries = model.articles.sorted {
            ($0.updated ?? "", $1.slug) > ($1.updated ?? "", $0.slug)
        }.prefix(maximumEntries)
        // No build timestamp: the feed is as new as its newest article, so builds stay reproducible.
        let newest = entries.compactMap(\.updated).max() ?? "2000-01-01"
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <title>\(Escape.html(settings.title))</title>\n"
        xml += "  <subtitle>\(Escape.html(settings.description))</subtitle>\n"
        xml += "  <link href=\"\(Escape.html(settings.absoluteURL("/feed.xml")))\" rel=\"self\"/>\n"
        xml += "  <link href=\"\(Escape.html(settings.absoluteURL("/")))\"/>\n"
        xml += "  <id>\(Escape.html(settings.absoluteURL("/")))</id>\n"
        xml += "  <updated>\(timestamp(newest))</updated>\n"
        xml += "  <author><name>\(Escape.html(settings.title))</name></author>\n"
        for article in entries {
            let url = settings.absoluteURL(article.url)
            xml += "  <entry>\n"
            xml += "    <title>\(Escape.html(article.title))</title>\n"
            xml += "    <link href=\"\(Escape.html(url))\"/>\n"
            xml += "    <id>\(Escape.html(url))</id>\n"
            xml += "    <updated>\(timestamp(article.updated ?? newest))</updated>\n"
            if !article.summary.isEmpty { xml += "    <summary>\(Escape.html(article.summary))</summary>\n" }
            for tag in article.tags { xml += "    <category term=\"\(Escape.html(tag))\"/>\n" }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }

    /// RFC 3339 timestamp from a front matter date (`2026-11-20` or `2026-11-20T10:30:00Z`).
    static func timestamp(_ date: String) -> String {
        let trimmed = date.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10 { return trimmed + "T00:00:00Z" }
        var value = trimmed.replacingOccurrences(of: " ", with: "T")
        if value.count == 16 { value += ":00" }
        let hasZone = value.hasSuffix("Z") || value.dropFirst(19).contains("+") || value.dropFirst(19).contains("-")
        return hasZone ? value : value + "Z"
    }
}

/// Small fixed pages kb writes itself: redirects and robots.txt.
enum FixedPages {
    /// A page that sends the reader to `target` (a site path), for aliases and `/<code>/`.
    static func redirect(to target: String, title: String, settings: SiteSettings) -> String {
        let relative = Escape.html(settings.relativeURL(target))
        let absolute = Escape.html(settings.absoluteURL(target))
        return """
        <!DOCTYPE html>
        <html lang="\(Escape.html(settings.language))">
        <head>
        <meta charset="utf-8">
        <title>\(Escape.html(title))</title>
        <link rel="canonical" href="\(absolute)">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(relative)">
        </head>
        <body>
        <p>This page has moved to <a href="\(relative)">\(Escape.html(title))</a>.</p>
        </body>
        </html>

        """
    }

    static func robots(settings: SiteSettings) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(settings.absoluteURL("/sitemap.xml"))\n"
    }
}

/// JSON-LD for article pages: `Article`, plus `FAQPage` when the article has a FAQ.
enum StructuredData {
    static func jsonLD(for article: Article, faq: [FAQEntry], settings: SiteSettings) -> String {
        var articleFields: [(String, JSONText)] = [
            ("@context", .string("https://schema.org")),
            ("@type", .string("Article")),
            ("headline", .string(article.title)),
            ("description", .string(article.description)),
            ("url", .string(settings.absoluteURL(article.url))),
            ("inLanguage", .string(settings.language)),
            ("publisher", .object([("@type", .string("Organization")), ("name", .string(settings.title))])),
        ]
        if let updated = article.updated { articleFields.append(("dateModified", .string(AtomFeedGenerator.timestamp(updated)))) }
        if !article.keywords.isEmpty { articleFields.append(("keywords", .string(article.keywords.joined(separator: ", ")))) }
        var scripts = "<script type=\"application/ld+json\">" + JSONText.object(articleFields).text + "</script>"
        if !faq.isEmpty {
            let questions: [JSONText] = faq.map {
                .object([
                    ("@type", .string("Question")),
                    ("name", .string($0.question)),
                    ("acceptedAnswer", .object([("@type", .string("Answer")), ("text", .string($0.answer))])),
                ])
            }
            let page = JSONText.object([("@context", .string("https://schema.org")), ("@type", .string("FAQPage")), ("mainEntity", .array(questions))])
            scripts += "\n<script type=\"application/ld+json\">" + page.text + "</script>"
        }
        return scripts
    }
}

import Foundation
