import Foundation
import XCTest
@testable import KBSite

/// `Output/_redirects` for Netlify and Cloudflare Pages.
final class HostRedirectsTests: XCTestCase {
    func testOneLinePerAliasAndCodeWithTheBasePath() throws {
        let site = try TestSite()
        try site.build()
        let lines = try site.read("_redirects").split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("/docs/bad-gateway/ /docs/502-bad-gateway/ 301"), "\(lines)")
        XCTAssertTrue(lines.contains("/docs/service-unavailable/ /docs/503-service-unavailable/ 301"), "\(lines)")
        XCTAssertTrue(lines.contains("/docs/503/ /docs/503-service-unavailable/ 301"), "\(lines)")
        // Every line but the comment is exactly three fields ending in 301.
        let rules = lines.filter { !$0.hasPrefix("#") }
        for rule in rules { XCTAssertEqual(rule.split(separator: " ").count, 3, rule); XCTAssertTrue(rule.hasSuffix(" 301"), rule) }
    }

    func testWhitespaceInAPathIsEncoded() {
        var settings = SiteSettings()
        settings.baseURL = "https://example.com/help/"
        let text = HostRedirects.text([Redirect(from: "/old page/", to: "/new/", title: "New")], settings: settings)
        XCTAssertTrue(text.hasSuffix("/help/old%20page/ /help/new/ 301\n"), text)
    }
}
