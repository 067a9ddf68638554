import Foundation
import XCTest
@testable import KBSite

/// File names with spaces or non-ASCII letters are written as they are, and linked percent-encoded everywhere.
final class PathEncodingTests: XCTestCase {
    func testEncoderKeepsDelimitersAndExistingEscapes() {
        XCTAssertEqual(URLPathEncoding.encode("my page/"), "my%20page/")
        XCTAssertEqual(URLPathEncoding.encode("café/"), "caf%C3%A9/")
        XCTAssertEqual(URLPathEncoding.encode("a%20b/"), "a%20b/")
        XCTAssertEqual(URLPathEncoding.encode("100%/"), "100%25/")
        XCTAssertEqual(URLPathEncoding.encode("a\"b<c>/"), "a%22b%3Cc%3E/")
        XCTAssertEqual(URLPathEncoding.encode("search/?q=x#top"), "search/?q=x#top")
        XCTAssertEqual(URLPathEncoding.encode("plain-path/"), "plain-path/")
    }

    func testSpacesAndNonASCIIAreEncodedInEveryLink() throws {
        let site = try TestSite()
        try site.remove("Templates")  // the built-in theme, which links every article from the home page
        try site.write("Articles/my page.md", "---\ntitle: \"My page\"\nsummary: \"Spaces.\"\naliases: [\"/old page/\"]\nupdated: 2026-11-20\n---\n\nText.\n")
        try site.write("Articles/café.md", "---\ntitle: \"Café\"\nsummary: \"Accents.\"\nupdated: 2026-11-20\n---\n\nSee [my page](my%20page.md).\n")
        try site.build()
        XCTAssertTrue(site.exists("my page/index.html"))
        XCTAssertTrue(site.exists("café/index.html"))
        let home = try site.read("index.html")
        XCTAssertTrue(home.contains("href=\"/docs/my%20page/\""), home)
        XCTAssertTrue(home.contains("href=\"/docs/caf%C3%A9/\""), home)
        XCTAssertFalse(home.contains("href=\"/docs/my page/\""))
        let page = try site.read("my page/index.html")
        XCTAssertTrue(page.contains("<link rel=\"canonical\" href=\"https://help.example.com/docs/my%20page/\">"), page)
        XCTAssertTrue(try site.read("café/index.html").contains("href=\"/docs/my%20page/\""))
        let sitemap = try site.read("sitemap.xml")
        XCTAssertTrue(sitemap.contains("<loc>https://help.example.com/docs/my%20page/</loc>"), sitemap)
        XCTAssertTrue(sitemap.contains("<loc>https://help.example.com/docs/caf%C3%A9/</loc>"), sitemap)
        let feed = try site.read("feed.xml")
        XCTAssertTrue(feed.contains("https://help.example.com/docs/my%20page/"), feed)
        XCTAssertFalse(feed.contains("docs/my page/"), feed)
        let redirects = try site.read("_redirects")
        XCTAssertTrue(redirects.contains("/docs/old%20page/ /docs/my%20page/ 301"), redirects)
        XCTAssertTrue(try site.read("old page/index.html").contains("url=/docs/my%20page/"))
    }
}
