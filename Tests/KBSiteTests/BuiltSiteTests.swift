import Foundation
import XCTest
@testable import KBSite

/// The base path a finished build was made for, as `kb serve --no-build` reads it back.
final class BuiltSiteTests: XCTestCase {
    func testBasePathFromTheSitemapURL() {
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "https://x.com/help/sitemap.xml"), "/help/")
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "https://x.com/sitemap.xml"), "/")
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "http://127.0.0.1:8000/a/b/sitemap.xml"), "/a/b/")
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "/docs/sitemap.xml"), "/docs/")
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "https://x.com"), "/")
        XCTAssertEqual(BuiltSite.basePath(sitemapURL: "https://x.com/help/feed.xml"), "/")
    }

    func testABuildForASubpathReportsIt() throws {
        let site = try TestSite()
        try site.build(baseURL: "https://help.example.com/support/")
        XCTAssertEqual(BuiltSite.basePath(outputDirectory: site.output.path), "/support/")
        try site.build(baseURL: "https://help.example.com/")
        XCTAssertEqual(BuiltSite.basePath(outputDirectory: site.output.path), "/")
    }

    func testAFolderWithoutRobotsIsServedAtTheRoot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-built-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(BuiltSite.basePath(outputDirectory: folder.path), "/")
        try "User-agent: *\n".write(to: folder.appendingPathComponent("robots.txt"), atomically: true, encoding: .utf8)
        XCTAssertEqual(BuiltSite.basePath(outputDirectory: folder.path), "/")
    }
}
