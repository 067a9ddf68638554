import XCTest
@testable import KBSite

/// Front matter `side:`, `spec:` and `vendor:` are facts of the article, shown on its page and its error page.
final class ArticleSideTests: XCTestCase {
    private func article(side: String?, vendor: String? = nil) -> String {
        var text = "---\ntitle: \"511 Network Authentication Required\"\ncode: 511\nsummary: \"Sign in to the network.\"\n"
        if let side { text += "side: \(side)\n" }
        text += vendor.map { "vendor: \"\($0)\"\n" } ?? "spec: \"RFC 6585, section 6\"\n"
        return text + "---\n## What it means\n\nThe Wi-Fi wants you to sign in.\n"
    }

    /// A fixture site rendered with the bundled theme, which shows these fields.
    private func themedSite() throws -> TestSite {
        let site = try TestSite()
        let templates = site.root.appendingPathComponent("Templates")
        try FileManager.default.removeItem(at: templates)
        try FileManager.default.copyItem(at: TestSite.repository.appendingPathComponent("Templates"), to: templates)
        return site
    }

    func testSideOverridesTheClassDefaultOnTheArticleAndTheErrorPage() throws {
        let site = try themedSite()
        defer { site.cleanUp() }
        try site.write("Articles/511-network-authentication-required.md", article(side: "network"))
        try site.build()
        let page = try site.read("511-network-authentication-required/index.html")
        XCTAssertTrue(page.contains("Usually the network between you and the site"), page)
        XCTAssertFalse(page.contains("Usually on the site&#39;s side") || page.contains("Usually on the site's side"))
        XCTAssertTrue(page.contains("RFC 6585, section 6"))
        if site.exists("errors/511.html") {
            XCTAssertTrue(try site.read("errors/511.html").contains("Usually the network between you and the site"))
        }
    }

    func testWithoutSideTheClassDefaultStands() throws {
        let site = try themedSite()
        defer { site.cleanUp() }
        try site.write("Articles/511-network-authentication-required.md", article(side: nil))
        try site.build()
        let page = try site.read("511-network-authentication-required/index.html")
        XCTAssertTrue(page.contains("Usually on the site&#39;s side") || page.contains("Usually on the site's side"), page)
    }

    func testVendorIsShownAsNonStandard() throws {
        let site = try themedSite()
        defer { site.cleanUp() }
        try site.write("Articles/511-network-authentication-required.md", article(side: "provider", vendor: "Example CDN"))
        try site.build()
        let page = try site.read("511-network-authentication-required/index.html")
        XCTAssertTrue(page.contains("Non-standard: sent by Example CDN"), page)
        XCTAssertTrue(page.contains("Usually your provider&#39;s side") || page.contains("Usually your provider's side"))
    }

    func testUnknownSideIsALocatedErrorWithASuggestion() throws {
        let site = try themedSite()
        defer { site.cleanUp() }
        try site.write("Articles/511-network-authentication-required.md", article(side: "netwrk"))
        let diagnostics = site.failures()
        let error = diagnostics.first { $0.message.hasPrefix("'side' must be one of") }
        XCTAssertNotNil(error, "\(diagnostics)")
        XCTAssertEqual(error?.line, 5)
        XCTAssertEqual(error?.column, 1)
        XCTAssertEqual(error?.hint, "did you mean 'network'?")
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.count, 1, "reported once: \(diagnostics)")
    }
}
