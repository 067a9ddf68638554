import XCTest
@testable import KBSite

/// No two outputs share a path: an article owns its address, and kb's generated pages never overwrite it.
final class PagePathOwnershipTests: XCTestCase {
    private let status = "---\ntitle: \"503 Service Unavailable\"\ncode: 503\nsummary: \"Down for now.\"\n---\n## What it means\n\nThe article's own text.\n\n## Common causes\n\nLoad.\n"

    func testArticleNamedAfterItsCodeKeepsItsPage() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/503.md", status)
        try site.build()
        let page = try site.read("503/index.html")
        XCTAssertTrue(page.contains("The article&#39;s own text.") || page.contains("The article's own text."), page)
        XCTAssertFalse(page.contains("http-equiv=\"refresh\""), "the /503/ redirect was written over the article")
        XCTAssertFalse(try site.read("_redirects").contains("/503/ "), "no redirect from the article's own address")
    }

    func testArticleAtACodePathThatAnotherArticleHasIsAWarningNamingBoth() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/503-service-unavailable.md", status)
        try site.write("Articles/503.md", "---\ntitle: \"About 503\"\nsummary: \"Notes.\"\ntype: guide\n---\n## What it means\n\nNotes.\n")
        let report = try site.build()
        let warning = report.warnings.first { $0.message.contains("short address of status 503") }
        XCTAssertNotNil(warning, "\(report.warnings)")
        XCTAssertEqual(warning?.path.hasSuffix("503.md"), true)
        XCTAssertTrue(warning?.message.contains("503-service-unavailable.md") ?? false)
        XCTAssertFalse(try site.read("503/index.html").contains("http-equiv=\"refresh\""))
    }

    func testArticleAtTheSearchPageAddressIsAnError() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.write("Articles/search.md", "---\ntitle: \"Search tips\"\nsummary: \"How to search.\"\ntype: guide\n---\n## What it means\n\nTips.\n")
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("search.md") && $0.message == "the article's address /search/ is already used by kb's /search/ page" },
                      "\(diagnostics)")
    }

    func testArticleAtTheCodesTableAddressIsAnError() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        try site.remove("Templates")
        try site.write("Articles/codes.md", "---\ntitle: \"Codes\"\nsummary: \"A list.\"\ntype: guide\n---\n## What it means\n\nA list.\n")
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("codes.md") && $0.message == "the article's address /codes/ is already used by kb's /codes/ page" },
                      "\(diagnostics)")
    }
}
