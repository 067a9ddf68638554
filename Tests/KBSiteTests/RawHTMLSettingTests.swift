import XCTest
@testable import KBSite

/// `raw_html` in Articles/_index.md: sanitize by default, escape or trusted on request, anything else an error.
final class RawHTMLSettingTests: XCTestCase {
    private let article = "---\ntitle: \"Raw\"\nsummary: \"Raw HTML.\"\ntype: guide\n---\n## What it means\n\n<img src=x onerror=alert(1)>\n\n<kbd>Ctrl</kbd>\n"

    private func site(setting: String?) throws -> TestSite {
        let site = try TestSite()
        let index = site.root.appendingPathComponent("Articles/_index.md")
        var text = try String(contentsOf: index, encoding: .utf8)
        if let setting, let end = text.range(of: "\n---", range: text.index(after: text.startIndex)..<text.endIndex) {
            text.insert(contentsOf: "\nraw_html: \(setting)", at: end.lowerBound)
        }
        try text.write(to: index, atomically: true, encoding: .utf8)
        try site.write("Articles/raw.md", article)
        return site
    }

    func testDefaultSanitizesEventHandlersAndKeepsAllowedTags() throws {
        let site = try site(setting: nil)
        defer { site.cleanUp() }
        try site.build()
        let page = try site.read("raw/index.html")
        XCTAssertFalse(page.contains("onerror"), page)
        XCTAssertTrue(page.contains("<kbd>Ctrl</kbd>"))
    }

    func testEscapeShowsRawHTMLAsText() throws {
        let site = try site(setting: "escape")
        defer { site.cleanUp() }
        try site.build()
        XCTAssertTrue(try site.read("raw/index.html").contains("&lt;kbd&gt;Ctrl&lt;/kbd&gt;"))
    }

    func testUnknownModeIsALocatedError() throws {
        let site = try site(setting: "sanitise")
        defer { site.cleanUp() }
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("_index.md") && $0.line > 1 && $0.message.contains("raw_html") }, "\(diagnostics)")
    }
}
