import Foundation
import XCTest
@testable import KBSite

/// `kb serve` rebuilds: only changed files are read, only affected pages rendered, only changed bytes written.
final class SiteSessionTests: XCTestCase {
    var site: TestSite!
    var session: SiteSession!

    override func setUpWithError() throws {
        site = try TestSite()
        session = SiteSession(options: site.options())
        try session.build()
    }

    override func tearDown() { site.cleanUp() }

    private func edit(_ path: String, _ transform: (String) -> String) throws {
        let url = site.root.appendingPathComponent(path)
        try site.write(path, transform(try String(contentsOf: url, encoding: .utf8)))
    }

    func testRebuildWithoutChangesWritesNothing() throws {
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, 0)
        XCTAssertEqual(report.writtenFiles, 0)
    }

    func testBodyEditRendersOnlyThatArticle() throws {
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "Overload.", with: "Too much traffic.") }
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, 2, "the article page and its answer card (embed/<code>/)")
        XCTAssertTrue(try site.read("503-service-unavailable/index.html").contains("Too much traffic."))
        // The page (and nothing else: the search index is written by finishDeferredWork).
        XCTAssertLessThan(report.writtenFiles, 3, "only changed files are written")
        XCTAssertGreaterThanOrEqual(report.writtenFiles, 1)
    }

    func testFrontMatterEditRendersEverythingThatShowsIt() throws {
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "The server is overloaded", with: "The service is overloaded") }
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, report.pageCount)
        XCTAssertTrue(try site.read("index.html").contains("The service is overloaded"))
    }

    func testDeletedArticleDisappears() throws {
        try site.remove("Articles/clearing-cache.md")
        try session.build()
        XCTAssertFalse(site.exists("clearing-cache/index.html"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("clearing-cache").path),
                       "the emptied folder goes too")
    }

    func testFailedRebuildKeepsTheLastGoodSiteAndRecovers() throws {
        let before = try site.snapshot()
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "code: 503", with: "code: 5030") }
        XCTAssertThrowsError(try session.build())
        XCTAssertEqual(try site.snapshot(), before)
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "code: 5030", with: "code: 503") }
        try session.build()
        XCTAssertEqual(try site.snapshot(), before)
    }

    func testTemplateEditIsPickedUp() throws {
        try edit("Templates/404.html") { $0.replacingOccurrences(of: "Page not found", with: "Nothing here") }
        let report = try session.build()
        XCTAssertTrue(try site.read("404.html").contains("Nothing here"))
        XCTAssertEqual(report.renderedPages, report.pageCount)
    }

    func testRebuildMatchesAFreshBuild() throws {
        try edit("Articles/502-bad-gateway.md") { $0.replacingOccurrences(of: "Probably not.", with: "Most likely not.") }
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, 2, "the article page and its answer card (embed/<code>/)")
        XCTAssertGreaterThan(try session.finishDeferredWork(), 0, "the search index follows the edit")
        let incremental = try site.snapshot()
        try site.build()
        XCTAssertEqual(try site.snapshot(), incremental, "an incremental rebuild gives the same bytes as a full build")
    }

    /// A failed build must not become the base of the next partial rebuild: the front matter edit it carried is
    /// still unpublished, so the next body edit renders everything.
    func testEditFromAFailedBuildIsPublishedByTheNextRebuild() throws {
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "The server is overloaded", with: "The service is swamped") }
        try edit("Articles/502-bad-gateway.md") { $0 + "\nSee [a missing page](missing-article.md).\n" }
        XCTAssertThrowsError(try session.build())
        XCTAssertFalse(try site.read("index.html").contains("The service is swamped"))
        try edit("Articles/502-bad-gateway.md") { $0.replacingOccurrences(of: "\nSee [a missing page](missing-article.md).\n", with: "") }
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, report.pageCount)
        XCTAssertTrue(try site.read("index.html").contains("The service is swamped"))
        try session.finishDeferredWork()
        let incremental = try site.snapshot()
        try site.build()
        XCTAssertEqual(try site.snapshot(), incremental)
    }

    /// A template edit whose build failed is still unrendered on most pages; a body edit after the fix renders all.
    func testTemplateEditFromAFailedBuildReachesEveryPage() throws {
        try edit("Templates/base.html") { $0.replacingOccurrences(of: "</body>", with: "<p>{{ site.title }} footer note</p></body>") }
        try edit("Articles/502-bad-gateway.md") { $0 + "\nSee [a missing page](missing-article.md).\n" }
        XCTAssertThrowsError(try session.build())
        try edit("Articles/502-bad-gateway.md") { $0.replacingOccurrences(of: "\nSee [a missing page](missing-article.md).\n", with: "") }
        let report = try session.build()
        XCTAssertEqual(report.renderedPages, report.pageCount)
        XCTAssertTrue(try site.read("tags/index.html").contains("footer note"))
    }

    /// Body edits to two articles in a row, each rebuilt partially, end with the bytes of a full build.
    func testSuccessivePartialRebuildsMatchAFreshBuild() throws {
        try edit("Articles/502-bad-gateway.md") { $0.replacingOccurrences(of: "Probably not.", with: "Most likely not.") }
        XCTAssertEqual(try session.build().renderedPages, 2, "the article page and its answer card")
        try edit("Articles/503-service-unavailable.md") { $0.replacingOccurrences(of: "Overload.", with: "Too much traffic.") }
        XCTAssertEqual(try session.build().renderedPages, 2, "the article page and its answer card")
        try session.finishDeferredWork()
        let incremental = try site.snapshot()
        try site.build()
        XCTAssertEqual(try site.snapshot(), incremental)
    }
}
