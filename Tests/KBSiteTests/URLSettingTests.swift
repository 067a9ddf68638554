import Foundation
import XCTest
@testable import KBSite

/// Every URL setting of `_index.md` goes through `URLSetting`: only http(s), mailto: (links) or a site path, and
/// every refusal is located at the value in `Articles/_index.md`.
final class URLSettingTests: XCTestCase {
    private func accepted(_ rule: URLSetting, _ value: String, file: StaticString = #filePath, line: UInt = #line) {
        if case .failure(let problem) = rule.check(value) { XCTFail("\(value) refused: \(problem.message)", file: file, line: line) }
    }

    private func refused(_ rule: URLSetting, _ value: String, _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        switch rule.check(value) {
        case .success: XCTFail("\(value) was accepted", file: file, line: line)
        case .failure(let problem): XCTAssertTrue(problem.message.contains(words), "\(value): \(problem.message)", file: file, line: line)
        }
    }

    func testLinksTakeHTTPMailtoAndSitePathsOnly() {
        for value in ["https://status.example.com/", "http://example.com", "HTTPS://Example.com/a?b=c#d", "mailto:help@example.com",
                      "/contact/", "/", "https://example.com:8443/x", "https://[2001:db8::1]/"] {
            accepted(.link, value)
        }
        refused(.link, "javascript:alert(1)", "javascript: URL")
        refused(.link, "JaVaScRiPt:alert(1)", "javascript: URL")
        refused(.link, "vbscript:msgbox", "vbscript: URL")
        refused(.link, "data:text/html,<script>alert(1)</script>", "data: URL")
        refused(.link, "file:///etc/passwd", "file: URL")
        refused(.link, "//evil.example/", "another host")
        refused(.link, "jav\tascript:alert(1)", "U+0009")
        refused(.link, "java\nscript:alert(1)", "U+000A")
        refused(.link, "\u{1}javascript:alert(1)", "U+0001")
        refused(.link, "https://exa mple.com/", "a space")
        refused(.link, "https://example.com/\u{200B}", "U+200B")
        refused(.link, "/\\evil.example", "backslash")
        refused(.link, "https:\\\\evil.example", "backslash")
        refused(.link, "https:evil.example", "'//'")
        refused(.link, "https:///path", "no host")
        refused(.link, "https://user:pw@evil.example/", "'@'")
        refused(.link, "https://example.com:80x/", "port")
        refused(.link, "contact/", "site path starting with '/'")
        refused(.link, "mailto:", "empty mailto")
    }

    func testSiteAddressMustBeAbsoluteHTTP() {
        accepted(.siteAddress, "https://help.example.com/docs/")
        accepted(.siteAddress, "http://127.0.0.1:8000/")
        refused(.siteAddress, "/docs/", "not an absolute URL")
        refused(.siteAddress, "mailto:a@b.c", "mailto: URL")
        refused(.siteAddress, "javascript:alert(1)//", "javascript: URL")
    }

    /// The rule `feedback_url` and `status_api_url` use: https, or plain http on a loopback host only.
    func testSecureEndpointsTakeHTTPSOrLoopbackHTTP() {
        for value in ["https://api.example.com/status", "http://127.0.0.1:8080/x", "http://localhost/x", "http://LOCALHOST:9/", "http://[::1]:8080/"] {
            accepted(.secureEndpoint, value)
        }
        refused(.secureEndpoint, "http://api.example.com/status", "loopback")
        refused(.secureEndpoint, "http://127.0.0.2/", "loopback")
        refused(.secureEndpoint, "http://localhost.evil.example/", "loopback")
        refused(.secureEndpoint, "http://localhost@evil.example/", "'@'")
        refused(.secureEndpoint, "http://[::1]evil/", "port")
        refused(.secureEndpoint, "/api/status", "not an absolute URL")
        refused(.secureEndpoint, "mailto:a@b.c", "mailto: URL")
        refused(.secureEndpoint, "javascript:fetch(1)", "javascript: URL")
    }

    func testImagesAreHTTPSOrAFileThatStaysInsideArticles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-url-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let articles = root.appendingPathComponent("Articles")
        try FileManager.default.createDirectory(at: articles.appendingPathComponent("images"), withIntermediateDirectories: true)
        try "<svg/>".write(to: articles.appendingPathComponent("images/logo.svg"), atomically: true, encoding: .utf8)
        try "secret".write(to: root.appendingPathComponent("outside.svg"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: articles.appendingPathComponent("linked.svg").path,
                                                   withDestinationPath: root.appendingPathComponent("outside.svg").path)
        let rule = URLSetting.image(articlesDirectory: articles.path)
        XCTAssertEqual(rule.check("images/logo.svg"), .success("/images/logo.svg"))
        accepted(rule, "https://cdn.example.com/logo.svg")
        refused(rule, "http://cdn.example.com/logo.svg", "https:// URL")
        refused(rule, "data:image/svg+xml,<svg/onload=alert(1)>", "https:// URL")
        refused(rule, "javascript:alert(1)", "https:// URL")
        refused(rule, "/images/logo.svg", "relative path")
        refused(rule, "../outside.svg", "stay inside")
        refused(rule, "images/./logo.svg", "stay inside")
        refused(rule, "images/missing.svg", "does not exist")
        refused(rule, "images", "does not exist")
        refused(rule, "linked.svg", "outside Articles/")
    }

    func testMessagesShowControlCharactersEscaped() {
        XCTAssertEqual(URLSetting.shown("a\u{1B}[31mb"), "a\\u{1b}[31mb")
    }

    // MARK: - Through a build

    private func site(settings: String, footerURL: String = "https://status.example.com/") throws -> TestSite {
        let site = try TestSite()
        try site.write("Articles/_index.md", """
            ---
            title: "Fixture Help"
            \(settings)
            footer_links:
              - title: "Status"
                url: \(footerURL)
            ---

            Welcome.
            """)
        return site
    }

    func testStatusPageJavaScriptIsALocatedErrorAtTheValue() throws {
        let site = try site(settings: "status_page_url: \"javascript:alert(1)\"")
        let diagnostics = site.errors()
        let error = try XCTUnwrap(diagnostics.first { $0.message.contains("status_page_url") }, "\(diagnostics)")
        XCTAssertTrue(error.path.hasSuffix("Articles/_index.md"), error.path)
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.column, 18)
        XCTAssertEqual(error.message, "'status_page_url' must be an http(s) URL, a mailto: address or a site path; this is a javascript: URL")
        XCTAssertTrue(error.hint?.contains("https://") ?? false)
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
    }

    func testFooterLinkAndBaseURLAreChecked() throws {
        let site = try site(settings: "base_url: data:text/html,x", footerURL: "\"//evil.example/\"")
        let diagnostics = site.errors()
        let base = try XCTUnwrap(diagnostics.first { $0.message.contains("'base_url'") }, "\(diagnostics)")
        XCTAssertEqual([base.line, base.column], [3, 11])
        let footer = try XCTUnwrap(diagnostics.first { $0.message.contains("'footer_links'") }, "\(diagnostics)")
        XCTAssertEqual([footer.line, footer.column], [6, 10])
        XCTAssertTrue(footer.message.contains("another host"), footer.message)
    }

    func testSupportLogoAndFaviconAreRefusedAtTheirValues() throws {
        let site = try site(settings: "support_url:   \"vbscript:x\"\nlogo: \"data:image/png;base64,AAAA\"\nfavicon: \"//cdn.example/f.ico\"")
        let diagnostics = site.errors()
        for (key, line, column) in [("support_url", 3, 16), ("logo", 4, 7), ("favicon", 5, 10)] {
            let error = try XCTUnwrap(diagnostics.first { $0.message.hasPrefix("'\(key)'") }, "\(key): \(diagnostics)")
            XCTAssertEqual([error.line, error.column], [line, column], key)
        }
    }

    func testBaseURLFlagIsChecked() throws {
        let site = try TestSite()
        XCTAssertThrowsError(try site.build(baseURL: "javascript:alert(1)")) { error in
            let diagnostics = (error as? BuildFailure)?.diagnostics ?? []
            XCTAssertTrue(diagnostics.contains { $0.path == "--base-url" && $0.message.contains("javascript: URL") }, "\(diagnostics)")
        }
    }

    func testGoodURLSettingsStillReachThePages() throws {
        let site = try site(settings: "status_page_url: \"mailto:ops@example.com\"\nsupport_url: /contact/")
        try site.remove("Templates")  // the built-in theme shows the footer and status links
        try site.build()
        let home = try site.read("index.html")
        XCTAssertTrue(home.contains("href=\"https://status.example.com/\""), home)
        XCTAssertTrue(home.contains("mailto:ops@example.com"), home)
    }
}
