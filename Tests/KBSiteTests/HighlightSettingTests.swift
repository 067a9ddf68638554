import XCTest
@testable import KBSite

/// `highlight` in Articles/_index.md: code highlighted by default, plain with `highlight: false`.
final class HighlightSettingTests: XCTestCase {
    private let article = "---\ntitle: \"Code\"\nsummary: \"A code block.\"\ntype: guide\n---\n## What it means\n\n```nginx\nproxy_read_timeout 60s;\n```\n"

    private func site(setting: String?) throws -> TestSite {
        let site = try TestSite()
        let index = site.root.appendingPathComponent("Articles/_index.md")
        var text = try String(contentsOf: index, encoding: .utf8)
        if let setting, let end = text.range(of: "\n---", range: text.index(after: text.startIndex)..<text.endIndex) {
            text.insert(contentsOf: "\nhighlight: \(setting)", at: end.lowerBound)
        }
        try text.write(to: index, atomically: true, encoding: .utf8)
        try site.write("Articles/code.md", article)
        return site
    }

    func testCodeIsHighlightedByDefault() throws {
        let site = try site(setting: nil)
        defer { site.cleanUp() }
        try site.build()
        XCTAssertTrue(try site.read("code/index.html").contains(
            "<pre><code class=\"language-nginx\"><span class=\"tok-keyword\">proxy_read_timeout</span> <span class=\"tok-number\">60s</span>"
            + "<span class=\"tok-punctuation\">;</span>\n</code></pre>"))
    }

    func testHighlightFalseLeavesCodePlainWithItsLanguageClass() throws {
        let site = try site(setting: "false")
        defer { site.cleanUp() }
        try site.build()
        let page = try site.read("code/index.html")
        XCTAssertTrue(page.contains("<pre><code class=\"language-nginx\">proxy_read_timeout 60s;\n</code></pre>"), page)
        XCTAssertFalse(page.contains("tok-"))
    }

    func testANonBooleanIsALocatedError() throws {
        let site = try site(setting: "maybe")
        defer { site.cleanUp() }
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("_index.md") && $0.line > 1 && $0.message.contains("highlight") }, "\(diagnostics)")
    }
}
