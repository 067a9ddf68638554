import Foundation
import XCTest
@testable import KBSite

/// Every check of issue 4 reports `path:line:col` and a message, all problems of a build together.
final class SiteCheckTests: XCTestCase {
    var site: TestSite!

    override func setUpWithError() throws { site = try TestSite() }
    override func tearDown() { site.cleanUp() }

    private func locations(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location): \($0.message)" }
    }

    private func assertReports(_ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let reported = locations(site.failures(file: file, line: line))
        XCTAssertTrue(reported.contains { $0.hasSuffix(expected) }, "expected \(expected)\nin \(reported)", file: file, line: line)
    }

    func testCodeOutOfRange() throws {
        try site.write("Articles/teapot.md", "---\ntitle: \"Teapot\"\ncode: 9000\n---\nText\n")
        assertReports("Articles/teapot.md:3:1: 'code' must be an HTTP status number from 100 to 599")
    }

    func testCodeThatIsNotANumber() throws {
        try site.write("Articles/teapot.md", "---\ntitle: \"Teapot\"\ncode: \"five hundred\"\n---\nText\n")
        assertReports("Articles/teapot.md:3:1: 'code' must be an HTTP status number from 100 to 599")
    }

    func testMissingTitle() throws {
        try site.write("Articles/untitled.md", "---\nsummary: \"No title here\"\n---\nText\n")
        assertReports("Articles/untitled.md:1:1: the article has no title")
    }

    func testEmptyFile() throws {
        try site.write("Articles/empty.md", "\n\n")
        assertReports("Articles/empty.md:1:1: the file is empty")
    }

    func testFrontMatterErrorHasLocation() throws {
        try site.write("Articles/open.md", "---\ntitle: \"Never closed\"\n\nText\n")
        let reported = locations(site.failures())
        XCTAssertTrue(reported.contains { $0.contains("Articles/open.md:1:") }, "\(reported)")
    }

    func testDuplicateSlug() throws {
        try site.write("Articles/network/503-service-unavailable.md", "---\ntitle: \"Again\"\n---\nText\n")
        assertReports("Articles/network/503-service-unavailable.md:1:1: duplicate slug '503-service-unavailable': 503-service-unavailable.md has the same file name")
    }

    func testTwoArticlesClaimOneAlias() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\naliases: [\"/bad-gateway/\"]\n---\nText\n")
        let reported = locations(site.failures())
        XCTAssertTrue(reported.contains { $0.contains(":3:1: the alias /bad-gateway/ is already used by an alias of") }, "\(reported)")
    }

    func testAliasCollidingWithAPage() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\naliases: [\"/tags/\"]\n---\nText\n")
        assertReports("Articles/other.md:3:1: the alias /tags/ is already used by kb's /tags/ page")
    }

    func testRelatedNamesAMissingSlug() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\nrelated: [503-service-unavailabel]\n---\nText\n")
        let diagnostics = site.failures()
        let match = diagnostics.first { $0.location.hasSuffix("Articles/other.md:3:1") }
        XCTAssertEqual(match?.message, "'related' names '503-service-unavailabel', but no article has that slug")
        XCTAssertEqual(match?.hint, "did you mean '503-service-unavailable'?")
    }

    func testLinkToMissingArticleAtItsLineAndColumn() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\n---\nFirst line.\nSee [the 504 page](504-gateway-timeout.md) now.\n")
        assertReports("Articles/other.md:5:5: link to a missing article '504-gateway-timeout.md'")
    }

    func testLinkToMissingHeading() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\n---\n[x](502-bad-gateway.md#what-it-meens)\n")
        let diagnostics = site.failures()
        let match = diagnostics.first { $0.location.hasSuffix("Articles/other.md:4:1") }
        XCTAssertEqual(match?.message, "link to a missing heading '#what-it-meens' in 502-bad-gateway.md")
        XCTAssertEqual(match?.hint, "did you mean '#what-it-means'?")
    }

    func testLinkToMissingAssetOrFile() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\n---\n![logo](/assets/logo.svg)\n\n[pdf](guide.pdf)\n")
        let reported = locations(site.failures())
        XCTAssertTrue(reported.contains { $0.hasSuffix("Articles/other.md:4:1: link to a missing page or file '/assets/logo.svg'") }, "\(reported)")
        XCTAssertTrue(reported.contains { $0.hasSuffix("Articles/other.md:6:1: link to a missing file 'guide.pdf'") }, "\(reported)")
    }

    func testExternalLinksAreNotChecked() throws {
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\n---\n[rfc](https://www.rfc-editor.org/rfc/rfc9110) <mailto:a@example.com>\n")
        XCTAssertNoThrow(try site.build())
    }

    func testAllProblemsAreReportedTogether() throws {
        try site.write("Articles/a.md", "---\ntitle: \"A\"\ncode: 42\n---\n[x](nope.md)\n")
        try site.write("Articles/b.md", "")
        let reported = locations(site.failures())
        XCTAssertTrue(reported.contains { $0.contains("Articles/a.md:3:1:") }, "\(reported)")
        XCTAssertTrue(reported.contains { $0.contains("Articles/a.md:5:1:") }, "\(reported)")
        XCTAssertTrue(reported.contains { $0.contains("Articles/b.md:1:1:") }, "\(reported)")
    }

    func testTemplateErrorIsReportedWithItsFile() throws {
        try site.write("Templates/tags.html", "{% extends \"base.html\" %}\n{% block main %}{{ tgas }}{% endblock %}\n")
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("Templates/tags.html") && $0.line == 2 }, "\(diagnostics)")
    }

    func testCheckWritesNothing() throws {
        _ = try SiteBuilder.build(site.options(), write: false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path))
    }
}
