import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import KBSite

final class SiteBuildTests: XCTestCase {
    var site: TestSite!

    override func setUpWithError() throws { site = try TestSite() }
    override func tearDown() { site.cleanUp() }

    func testBuildWritesEveryPage() throws {
        let report = try site.build()
        XCTAssertEqual(report.articleCount, 4, "the draft is skipped")
        for path in ["index.html", "502-bad-gateway/index.html", "503-service-unavailable/index.html", "clearing-cache/index.html",
                     "502-chat-app/index.html", "tags/index.html", "tags/gateway/index.html", "tags/server-error/index.html",
                     "5xx/index.html", "guides/index.html", "network/index.html", "search/index.html", "search/index.json",
                     "404.html", "sitemap.xml", "feed.xml", "robots.txt", "network/diagram.txt"] {
            XCTAssertTrue(site.exists(path), "missing \(path)")
        }
        XCTAssertFalse(site.exists("drafty/index.html"))
    }

    func testHomeGroupsArticlesByClass() throws {
        try site.build()
        let home = try site.read("index.html")
        XCTAssertTrue(home.contains("<section id=\"5xx\"><h2>Server errors (5xx)</h2>"), home)
        XCTAssertTrue(home.contains("<section id=\"guides\"><h2>Guides</h2>"), home)
        XCTAssertTrue(home.contains("<em>fixture</em>"), "the intro of _index.md is rendered")
        let fiveXX = try XCTUnwrap(home.range(of: "5xx"))
        let guides = try XCTUnwrap(home.range(of: "id=\"guides\""))
        XCTAssertLessThan(fiveXX.lowerBound, guides.lowerBound, "guides come last")
    }

    func testArticlePageHasContentMetadataAndLinks() throws {
        try site.build()
        let page = try site.read("502-bad-gateway/index.html")
        XCTAssertTrue(page.contains("<link rel=\"canonical\" href=\"https://help.example.com/docs/502-bad-gateway/\">"), page)
        XCTAssertTrue(page.contains("href=\"/docs/503-service-unavailable/\""), "an .md link becomes the target's URL")
        XCTAssertTrue(page.contains("href=\"/docs/503-service-unavailable/#common-causes\""), "fragments are kept")
        XCTAssertTrue(page.contains("href=\"#is-my-data-safe\""))
        XCTAssertTrue(page.contains("src=\"/docs/network/diagram.txt\""), "files next to articles get site URLs")
        XCTAssertTrue(page.contains("<p class=\"duration\">Usually under a minute.</p>"), page)
        XCTAssertTrue(page.contains("<p class=\"side\">Usually on the site&#39;s side</p>") || page.contains("Usually on the site&#x27;s side") || page.contains("Usually on the site's side"))
        XCTAssertTrue(page.contains("<p class=\"mood\">calm</p>"), "unknown fields reach templates as article.extra")
        XCTAssertTrue(page.contains("\"@type\":\"FAQPage\""), "FAQ JSON-LD from the ### questions")
        XCTAssertTrue(page.contains("\"name\":\"Was my request processed?\""))
        XCTAssertTrue(page.contains("\"text\":\"Probably not.\""))
        XCTAssertTrue(page.contains("\"@type\":\"Article\""))
        XCTAssertTrue(page.contains("<a href=\"/docs/503-service-unavailable/\">503 Service Unavailable</a>"), "related")
    }

    func testRedirectsForAliasesAndCodes() throws {
        try site.build()
        let alias = try site.read("bad-gateway/index.html")
        XCTAssertTrue(alias.contains("<meta http-equiv=\"refresh\" content=\"0; url=/docs/502-bad-gateway/\">"), alias)
        XCTAssertTrue(alias.contains("<link rel=\"canonical\" href=\"https://help.example.com/docs/502-bad-gateway/\">"))
        let code503 = try site.read("503/index.html")
        XCTAssertTrue(code503.contains("url=/docs/503-service-unavailable/"))
        // Two articles share 502 and neither has a weight: /502/ lists both.
        let code502 = try site.read("502/index.html")
        XCTAssertFalse(code502.contains("http-equiv=\"refresh\""))
        XCTAssertTrue(code502.contains("502 Bad Gateway") && code502.contains("A chat app says 502"), code502)
    }

    func testLowestWeightWinsTheCodeRedirect() throws {
        let chat = try String(contentsOf: site.root.appendingPathComponent("Articles/network/502-chat-app.md"), encoding: .utf8)
        try site.write("Articles/network/502-chat-app.md", chat.replacingOccurrences(of: "code: 502", with: "code: 502\nweight: 1"))
        try site.build()
        XCTAssertTrue(try site.read("502/index.html").contains("url=/docs/502-chat-app/"))
    }

    func testHashedAssetsAreReferenced() throws {
        try site.build()
        let home = try site.read("index.html")
        let files = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("assets").path)
        XCTAssertEqual(files.count, 1)
        let name = try XCTUnwrap(files.first)
        XCTAssertTrue(name.hasPrefix("style.") && name.hasSuffix(".css") && name.count > "style..css".count + 8, name)
        XCTAssertTrue(home.contains("href=\"/docs/assets/\(name)\""), home)
    }

    func testSitemapIsValidXMLWithAbsoluteURLs() throws {
        try site.build()
        let data = try XCTUnwrap(try site.read("sitemap.xml").data(using: .utf8))
        let collector = XMLCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "sitemap.xml must parse")
        XCTAssertEqual(collector.rootName, "urlset")
        XCTAssertTrue(collector.texts["loc", default: []].contains("https://help.example.com/docs/502-bad-gateway/"))
        XCTAssertTrue(collector.texts["loc", default: []].allSatisfy { $0.hasPrefix("https://help.example.com/docs/") })
        XCTAssertTrue(collector.texts["lastmod", default: []].contains("2026-11-20"))
        XCTAssertFalse(collector.texts["loc", default: []].contains { $0.contains("bad-gateway/") && !$0.contains("502") }, "no redirects")
        XCTAssertTrue(try site.read("robots.txt").contains("Sitemap: https://help.example.com/docs/sitemap.xml"))
    }

    func testFeedIsAtom() throws {
        try site.build()
        let data = try XCTUnwrap(try site.read("feed.xml").data(using: .utf8))
        let collector = XMLCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "feed.xml must parse")
        XCTAssertEqual(collector.rootName, "feed")
        XCTAssertEqual(collector.rootNamespace, "http://www.w3.org/2005/Atom")
        XCTAssertEqual(collector.texts["title", default: []].dropFirst().first, "502 Bad Gateway", "newest entry first")
        XCTAssertTrue(collector.texts["updated", default: []].first == "2026-11-20T00:00:00Z")
        XCTAssertTrue(collector.texts["id", default: []].contains("https://help.example.com/docs/503-service-unavailable/"))
    }

    func testBaseURLFlagOverridesSettings() throws {
        try site.build(baseURL: "https://example.org/")
        let page = try site.read("502-bad-gateway/index.html")
        XCTAssertTrue(page.contains("href=\"/503-service-unavailable/\""))
        XCTAssertTrue(page.contains("https://example.org/502-bad-gateway/"))
    }

    func testDraftsFlagIncludesDrafts() throws {
        try site.build(drafts: true)
        XCTAssertTrue(site.exists("drafty/index.html"))
    }

    func testBuildsAreByteIdentical() throws {
        try site.build()
        let first = try site.snapshot()
        try site.build()
        let second = try site.snapshot()
        XCTAssertEqual(first.keys.sorted(), second.keys.sorted())
        for (path, data) in first { XCTAssertEqual(data, second[path], "\(path) differs between builds") }
    }

    func testFailedBuildLeavesOutputUntouched() throws {
        try site.build()
        let before = try site.snapshot()
        try site.write("Articles/broken.md", "---\ntitle: \"Broken\"\ncode: 9000\n---\nText\n")
        _ = site.failures()
        XCTAssertEqual(try site.snapshot(), before)
        let parent = site.root.path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent)
            .filter { $0.hasPrefix(".Output") && $0 != ".Output.kb-spare" && $0 != ".Output.kb-lock" }
        XCTAssertEqual(leftovers, [], "no temporary folders are left behind (the spare is kept on purpose)")
    }

    func testDeletedArticleDisappearsFromOutput() throws {
        try site.build()
        XCTAssertTrue(site.exists("clearing-cache/index.html"))
        try site.remove("Articles/clearing-cache.md")
        try site.build()
        XCTAssertFalse(site.exists("clearing-cache/index.html"))
    }

    func testArticlesWithoutIndexUseDefaults() throws {
        try site.remove("Articles/_index.md")
        try site.build()
        let home = try site.read("index.html")
        XCTAssertTrue(home.contains("<h1>Help Center</h1>"), home)
    }
}

/// Collects element texts of a small XML document.
final class XMLCollector: NSObject, XMLParserDelegate {
    var rootName: String?
    var rootNamespace: String?
    var texts: [String: [String]] = [:]
    private var current = ""
    private var stack: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if rootName == nil { rootName = name; rootNamespace = attributes["xmlns"] }
        stack.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { texts[name, default: []].append(text) }
        current = ""
        stack.removeLast()
    }
}

final class CodeAliasTests: XCTestCase {
    func testAnArticleMayClaimItsCodePathAsAnAlias() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/503-service-unavailable.md", "---\ntitle: \"503 Service Unavailable\"\ncode: 503\naliases: [\"/503/\"]\n---\n## Common causes\n\nText\n")
        try site.build()
        XCTAssertTrue(try site.read("503/index.html").contains("url=/docs/503-service-unavailable/"))
    }

    func testTwoArticlesClaimingOneCodePathIsAnError() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/503-service-unavailable.md", "---\ntitle: \"503 Service Unavailable\"\ncode: 503\naliases: [\"/503/\"]\n---\n## Common causes\n\nText\n")
        try site.write("Articles/503-again.md", "---\ntitle: \"503 again\"\ncode: 503\naliases: [\"/503/\"]\n---\n## Common causes\n\nText\n")
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.message.hasPrefix("the alias /503/ is already used by an alias of") }, "\(diagnostics)")
    }
}
