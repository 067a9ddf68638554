import XCTest
@testable import KBSite

/// `link_check: error | warn | off` and `link_check_ignore` in `Articles/_index.md` (issue #18).
final class LinkCheckPolicyTests: XCTestCase {
    private let imported = """
        ---
        title: "404 Not Found"
        code: 404
        summary: "The page is not there."
        ---
        ## What it means

        See [the MDN page](/en-US/docs/Web/HTTP/Status/404) and [an old note](old-note.md).
        """

    /// The fixture site with `lines` added to the front matter of `_index.md` and an imported article.
    private func site(settings lines: String) throws -> TestSite {
        let site = try TestSite()
        try site.write("Articles/_index.md", "---\ntitle: \"Fixture Help\"\nbase_url: \"https://help.example.com/docs/\"\n"
                       + lines + "---\n\nWelcome.\n")
        try site.write("Articles/404-not-found.md", imported)
        return site
    }

    private func linkProblems(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { $0.path.hasSuffix("404-not-found.md") && $0.message.hasPrefix("link to a missing") }
    }

    func testDefaultIsAnErrorForEachBrokenLink() throws {
        let site = try site(settings: "")
        defer { site.cleanUp() }
        let problems = linkProblems(site.failures())
        XCTAssertEqual(problems.map(\.severity), [.error, .error])
        XCTAssertEqual(problems.map(\.line), [8, 8])
        XCTAssertEqual(problems.map(\.column), [5, 57])
    }

    func testErrorWrittenOutIsTheDefault() throws {
        let site = try site(settings: "link_check: error\n")
        defer { site.cleanUp() }
        XCTAssertEqual(linkProblems(site.failures()).count, 2)
    }

    func testWarnBuildsAndPrintsEachProblemWithItsLocation() throws {
        let site = try site(settings: "link_check: warn\n")
        defer { site.cleanUp() }
        let report = try site.build()
        let problems = linkProblems(report.warnings)
        XCTAssertEqual(problems.map(\.severity), [.warning, .warning])
        XCTAssertEqual(problems.map { [$0.line, $0.column] }, [[8, 5], [8, 57]])
        XCTAssertTrue(problems[0].location.hasSuffix("Articles/404-not-found.md:8:5"), problems[0].location)
        XCTAssertTrue(problems[0].description.contains(": warning: link to a missing page or file '/en-US/docs/Web/HTTP/Status/404'"))
        // The link is kept as written.
        XCTAssertTrue(try site.read("404-not-found/index.html").contains("href=\"/en-US/docs/Web/HTTP/Status/404\""))
    }

    func testOffReportsNothing() throws {
        let site = try site(settings: "link_check: off\n")
        defer { site.cleanUp() }
        XCTAssertEqual(linkProblems(try site.build().warnings), [])
    }

    func testIgnoredPrefixesAreNotChecked() throws {
        let site = try site(settings: "link_check_ignore: [\"/en-US/docs/\"]\n")
        defer { site.cleanUp() }
        let problems = linkProblems(site.failures())
        XCTAssertEqual(problems.map(\.message), ["link to a missing article 'old-note.md'"])
    }

    func testIgnoredPrefixesWithWarn() throws {
        let site = try site(settings: "link_check: warn\nlink_check_ignore:\n  - /en-US/docs/\n  - old-\n")
        defer { site.cleanUp() }
        XCTAssertEqual(linkProblems(try site.build().warnings), [])
    }

    func testInvalidLevelIsALocatedError() throws {
        let site = try site(settings: "link_check: maybe\n")
        defer { site.cleanUp() }
        let problem = site.failures().first { $0.path.hasSuffix("_index.md") }
        XCTAssertEqual(problem?.line, 4)
        XCTAssertEqual(problem?.column, 1)
        XCTAssertEqual(problem?.message, "'link_check' must be error, warn or off, not 'maybe'")
    }

    func testEmptyIgnoredPrefixIsALocatedError() throws {
        let site = try site(settings: "link_check_ignore: [\"\"]\n")
        defer { site.cleanUp() }
        let problem = site.failures().first { $0.path.hasSuffix("_index.md") }
        XCTAssertEqual(problem?.line, 4)
        XCTAssertEqual(problem?.message, "'link_check_ignore' has an empty prefix, which would skip every link")
    }

    func testNonListIgnoreIsALocatedError() throws {
        let site = try site(settings: "link_check_ignore: {a: b}\n")
        defer { site.cleanUp() }
        let problem = site.failures().first { $0.path.hasSuffix("_index.md") }
        XCTAssertEqual(problem?.line, 4)
    }

    func testURLAsLinkTextInABuiltPage() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/links.md", "---\ntitle: \"Links\"\nsummary: \"Links.\"\n---\nRead [https://a.com](https://a.com) and [www.b.com][b].\n\n[b]: https://b.com\n")
        try site.build()
        let page = try site.read("links/index.html")
        XCTAssertTrue(page.contains("<a href=\"https://a.com\">https://a.com</a> and <a href=\"https://b.com\">www.b.com</a>"), page)
    }
}
