import Foundation
import XCTest
@testable import KBSite

/// Snippets through the site: included where named, no page of their own, located errors, and `kb serve`
/// rebuilding exactly the articles that include an edited snippet.
final class SnippetSiteTests: XCTestCase {
    var site: TestSite!

    override func setUpWithError() throws {
        site = try TestSite()
        try site.write("Articles/_snippets/try-another-network.md", """
            **Try another network**, such as mobile data. If the page works there, see [the 502 guide](502-bad-gateway.md#what-it-means).

            ### If it still fails

            Wait a few minutes.

            """)
        try site.write("Articles/one.md", "---\ntitle: \"One\"\nsummary: \"One.\"\n---\n## What you can do\n\n1. Reload.\n2. {{< snippet \"try-another-network\" >}}\n")
        try site.write("Articles/two.md", "---\ntitle: \"Two\"\nsummary: \"Two.\"\n---\nIntro.\n\n{{< snippet \"try-another-network\" >}}\n")
    }

    override func tearDown() { site.cleanUp() }

    func testIncludedInPagesTableOfContentsAndSearch() throws {
        let report = try site.build()
        // Only the fixture's own articles have warnings (section checks); none come from these files.
        XCTAssertEqual(report.warnings.filter { ["one.md", "two.md", "try-another-network.md"].contains(($0.path as NSString).lastPathComponent) }, [])
        let one = try site.read("one/index.html")
        XCTAssertTrue(one.contains("<li><strong>Try another network</strong>, such as mobile data. If the page works there, see <a href=\"/docs/502-bad-gateway/#what-it-means\">the 502 guide</a>."), one)
        XCTAssertTrue(one.contains("<h3 id=\"if-it-still-fails\">If it still fails <a class=\"heading-link\""))
        XCTAssertTrue(try site.read("two/index.html").contains("<p>Intro.</p>\n<p><strong>Try another network</strong>"))
        // A snippet is not an article: no page, not in the search index, not copied.
        XCTAssertFalse(site.exists("_snippets/try-another-network/index.html"))
        XCTAssertFalse(site.exists("try-another-network/index.html"))
        XCTAssertFalse(site.exists("_snippets/try-another-network.md"))
        let index = try String(contentsOf: site.output.appendingPathComponent("search/index.json"), encoding: .utf8)
        XCTAssertTrue(index.contains("such as mobile data"))
    }

    func testErrorsAreLocatedInTheRightFile() throws {
        try site.write("Articles/_snippets/try-another-network.md", "Line one.\n\nSee [the guide](503-service-unavailabl.md).\n")
        try site.write("Articles/three.md", "---\ntitle: \"Three\"\n---\nText.\n\n{{< snippet \"try-another-netwrk\" >}}\n\nA {{< youtube x >}} here.\n")
        let failures = site.failures()
        let lines = failures.map { "\($0.location): \($0.message)" }
        // The link problem is at its line in the snippet, reported once, naming an article that includes it.
        let linkProblems = failures.filter { $0.location.hasSuffix("Articles/_snippets/try-another-network.md:3:5") }
        XCTAssertEqual(linkProblems.count, 1, "\(lines)")
        XCTAssertEqual(linkProblems.first?.message, "link to a missing article '503-service-unavailabl.md'")
        let detail = linkProblems.first?.detail ?? ""
        XCTAssertTrue(detail.hasSuffix("Articles/one.md:8:4") || detail.hasSuffix("Articles/two.md:7:1"), detail)
        let missing = failures.first { $0.location.hasSuffix("Articles/three.md:6:1") }
        XCTAssertEqual(missing?.message, "no snippet named 'try-another-netwrk'")
        XCTAssertEqual(missing?.hint, "did you mean 'try-another-network'?")
        let shortcode = failures.first { $0.location.hasSuffix("Articles/three.md:8:3") }
        XCTAssertEqual(shortcode?.message, "'{{< youtube x >}}' is a shortcode, and kb has none but {{< snippet \"NAME\" >}}")
    }

    func testCycleIsReportedWithItsChain() throws {
        try site.write("Articles/_snippets/a.md", "A.\n\n{{< snippet \"b\" >}}\n")
        try site.write("Articles/_snippets/b.md", "B.\n\n{{< snippet \"a\" >}}\n")
        try site.write("Articles/three.md", "---\ntitle: \"Three\"\n---\n{{< snippet \"a\" >}}\n")
        let failures = site.failures()
        let cycle = failures.first { $0.message.contains("includes itself") }
        XCTAssertEqual(cycle?.message, "snippet '_snippets/a.md' includes itself: _snippets/a.md → _snippets/b.md → _snippets/a.md")
        XCTAssertTrue(cycle?.location.hasSuffix("Articles/_snippets/b.md:3:1") == true, "\(String(describing: cycle))")
        XCTAssertTrue(cycle?.detail?.hasSuffix("included from \(site.root.path)/Articles/three.md:4:1") == true, "\(String(describing: cycle?.detail))")
    }

    func testErrorPageQuickStepsShowTheSnippetText() throws {
        try site.write("Articles/504-gateway-timeout.md", """
            ---
            title: "504 Gateway Timeout"
            code: 504
            summary: "The gateway waited too long."
            ---
            ## What you can do

            1. {{< snippet "try-another-network" >}}
            2. Wait a minute.

            """)
        try site.build()
        let page = try site.read("errors/504.html")
        XCTAssertTrue(page.contains("Try another network"), page)
        XCTAssertFalse(page.contains("{{&lt;") || page.contains("{{<"), "no directive text on the error page")
    }

    func testFolderSnippetsComeFirst() throws {
        try site.write("Articles/fr/_snippets/try-another-network.md", "Essayez un autre réseau.\n")
        try site.write("Articles/fr/un.md", "---\ntitle: \"Un\"\n---\n{{< snippet \"try-another-network\" >}}\n")
        try site.build()
        XCTAssertTrue(try site.read("un/index.html").contains("<p>Essayez un autre réseau.</p>"))
        XCTAssertTrue(try site.read("two/index.html").contains("<strong>Try another network</strong>"))
    }

    func testServeRebuildsExactlyTheIncludingArticles() throws {
        let session = SiteSession(options: site.options())
        try session.build()
        try site.write("Articles/_snippets/try-another-network.md", "**Switch to mobile data.**\n\n### If it still fails\n\nWait.\n")
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, 2, "one.md and two.md, nothing else")
        // A snippet edit that changes the headings changes other pages' links too: that is a full rebuild.
        try site.write("Articles/_snippets/try-another-network.md", "**Switch to mobile data.**\n")
        let full = try session.build()
        XCTAssertEqual(full.renderedPages, full.pageCount)
        XCTAssertTrue(try site.read("one/index.html").contains("<li><strong>Switch to mobile data.</strong></li>"))
        XCTAssertTrue(try site.read("two/index.html").contains("<p><strong>Switch to mobile data.</strong></p>"))
        // A rebuild with nothing changed renders nothing; the same result as a fresh build.
        XCTAssertEqual(try session.build().renderedPages, 0)
        let rebuilt = try site.snapshot()
        try SiteBuilder.build(site.options())
        let fresh = try site.snapshot()
        XCTAssertEqual(rebuilt["one/index.html"], fresh["one/index.html"])
        XCTAssertEqual(rebuilt["two/index.html"], fresh["two/index.html"])
    }
}
