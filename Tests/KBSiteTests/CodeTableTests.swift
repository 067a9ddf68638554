import XCTest
@testable import KBSite

/// The "Browse all codes" page (/codes/, issue 22): one row per code, built from the articles at build time.
final class CodeTableTests: XCTestCase {
    var site: TestSite!

    override func setUpWithError() throws { site = try TestSite() }
    override func tearDown() { site.cleanUp() }

    /// The `<tr>` rows of the table body, as HTML.
    func rows(_ page: String) throws -> [String] {
        let body = try XCTUnwrap(page.components(separatedBy: "<tbody>").last?.components(separatedBy: "</tbody>").first, page)
        return body.components(separatedBy: "<tr>").dropFirst().map { $0 }
    }

    func testOneRowPerCodeInOrderWithNameSideAndDuration() throws {
        try site.remove("Templates")
        try site.build()
        let rows = try self.rows(try site.read("codes/index.html"))
        XCTAssertEqual(rows.count, 2, "502 (two articles) and 503: \(rows)")
        // 502 has two articles and no weight, so its row leads to the /502/ list; the name is the first article's.
        XCTAssertTrue(rows[0].contains("<a href=\"/docs/502/\">502</a>") || rows[0].contains("href=\"/502/\""), rows[0])
        XCTAssertTrue(rows[0].contains("Usually on the site&#39;s side") || rows[0].contains("Usually on the site's side"), rows[0])
        XCTAssertTrue(rows[0].contains("Usually under a minute."), "the duration sentence of the article: \(rows[0])")
        XCTAssertTrue(rows[1].contains(">503</a>") && rows[1].contains("Service Unavailable"), rows[1])
        XCTAssertTrue(rows[1].contains("503-service-unavailable/"), rows[1])
    }

    func testHomeAndNotFoundPagesOfTheDefaultThemeLinkToTheTable() throws {
        try site.remove("Templates")
        try site.build()
        for page in ["index.html", "404.html"] {
            XCTAssertTrue(try site.read(page).contains("<a href=\"/docs/codes/\">Browse all codes"), page)
        }
        XCTAssertTrue(try site.read("sitemap.xml").contains("/docs/codes/</loc>"), "the table is in the sitemap")
    }

    func testAGuideWithACodeIsListedRedirectsButGetsNoServerErrorPage() throws {
        try site.write("Articles/301-and-302.md", """
        ---
        title: "301 and 302: why the address changed"
        code: 301
        type: guide
        summary: "The site sent you to a new address."
        side: site
        ---
        ## What is happening

        A redirect.

        ## How long it usually lasts

        For a 301, for good.
        """)
        try site.remove("Templates")
        let report = try site.build()
        // The guide is not held to the status sections (the fixture's own status articles may still be warned about).
        XCTAssertEqual(report.warnings.filter { $0.path.hasSuffix("301-and-302.md") }, [])
        let rows = try self.rows(try site.read("codes/index.html"))
        XCTAssertTrue(rows.first?.contains(">301</a>") ?? false, "\(rows)")
        XCTAssertTrue(rows.first?.contains("For a 301, for good.") ?? false, "\(rows)")
        XCTAssertTrue(rows.first?.contains(">301 and 302: why the address changed</a>") ?? false, "a guide keeps its whole title: \(rows)")
        XCTAssertTrue(try site.read("301/index.html").contains("301-and-302/"), "/301/ leads to the guide")
        XCTAssertFalse(site.exists("errors/301.html"), "a server error page for 301 would replace real redirects")
        XCTAssertFalse(try site.read("errors/nginx.conf").contains("error_page 301"))
        XCTAssertTrue(site.exists("errors/503.html"))
    }

    func testIsGuideFollowsTypeAndCode() throws {
        let options = site.options()
        try site.write("Articles/304-guide.md", "---\ntitle: \"304 in developer tools\"\ncode: 304\ntype: guide\nsummary: \"Cached.\"\n---\nText.\n")
        let articles = try ContentLoader.load(options: options, markdown: .site).articles
        let bySlug = Dictionary(uniqueKeysWithValues: articles.map { ($0.slug, $0) })
        XCTAssertEqual(bySlug["304-guide"]?.isGuide, true)
        XCTAssertEqual(bySlug["304-guide"]?.isStatusArticle, false)
        XCTAssertEqual(bySlug["clearing-cache"]?.isStatusArticle, false, "no code: not held to the status sections")
        XCTAssertEqual(bySlug["503-service-unavailable"]?.isStatusArticle, true)
    }

    func testATypeOtherThanGuideIsAnErrorAtItsLine() throws {
        try site.write("Articles/304-guide.md", "---\ntitle: \"304 in developer tools\"\ncode: 304\ntype: gude\nsummary: \"Cached.\"\n---\nText.\n")
        let problems = site.failures().filter { $0.path.hasSuffix("304-guide.md") }
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertEqual(problems.first?.line, 4)
        XCTAssertEqual(problems.first?.message, "'type' must be guide or status, not 'gude'")
    }

    func testAThemeThatReplacesBaseWithoutCodesTemplateGetsNoCodesPage() throws {
        // The fixture's Templates/ has its own base.html and no codes.html: the page is left out, not an error.
        let report = try site.build()
        XCTAssertFalse(report.warnings.contains { $0.message.contains("codes.html") }, "\(report.warnings)")
        XCTAssertFalse(site.exists("codes/index.html"))
        try site.write("Templates/codes.html", "{% extends \"base.html\" %}{% block main %}<p id=\"own\">{{ codes | length }} codes</p>{% endblock %}")
        try site.build()
        XCTAssertTrue(try site.read("codes/index.html").contains("<p id=\"own\">2 codes</p>"), "the theme's own codes.html is used")
    }
}
