import XCTest
import KBMarkdown

/// The site build's defences: tag filter, escaping raw HTML, neutralised link schemes.
final class SafetyTests: XCTestCase {
    func render(_ markdown: String, _ options: MarkdownOptions) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: options))
    }

    func testTagFilterEscapesDisallowedTagsInline() {
        XCTAssertEqual(render("a <script>alert(1)</script> <b>ok</b>\n", .gfm), "<p>a &lt;script>alert(1)&lt;/script> <b>ok</b></p>\n")
    }

    func testTagFilterEscapesDisallowedTagsInHTMLBlocks() {
        XCTAssertEqual(render("<div>\n<iframe src=x></iframe>\n</div>\n", .gfm), "<div>\n&lt;iframe src=x>&lt;/iframe>\n</div>\n")
    }

    func testCommonMarkModeKeepsRawHTML() {
        XCTAssertEqual(render("<script>x</script>\n", .commonMark), "<script>x</script>\n")
    }

    func testEscapeRawHTMLEscapesEverything() {
        let options = MarkdownOptions(escapeRawHTML: true)
        XCTAssertEqual(render("<div>\nhi\n</div>\n\na <b>b</b> <!-- c -->\n", options),
                       "&lt;div&gt;\nhi\n&lt;/div&gt;\n<p>a &lt;b&gt;b&lt;/b&gt; &lt;!-- c --&gt;</p>\n")
    }

    func testJavaScriptLinksAreNeutralised() {
        XCTAssertEqual(render("[a](javascript:alert(1))\n", .site), "<p><a href=\"#\">a</a></p>\n")
    }

    func testSchemeCheckIgnoresCaseAndWhitespace() {
        XCTAssertEqual(render("[a](<JaVa\tScRiPt:x>) [b](< vbscript:y>) [c](FILE:///etc/passwd)\n", .site),
                       "<p><a href=\"#\">a</a> <a href=\"#\">b</a> <a href=\"#\">c</a></p>\n")
    }

    func testEncodedSchemeInReferenceIsNeutralised() {
        XCTAssertEqual(render("[a]\n\n[a]: &#106;avascript:x\n", .site), "<p><a href=\"#\">a</a></p>\n")
    }

    func testNonImageDataURLsAreNeutralised() {
        XCTAssertEqual(render("[a](data:text/html,x) ![b](data:image/svg+xml,x)\n", .site),
                       "<p><a href=\"#\">a</a> <img src=\"#\" alt=\"b\" /></p>\n")
    }

    func testImageDataURLsAreAllowed() {
        XCTAssertEqual(render("![a](data:image/png;base64,AAA) ![b](DATA:image/webp;base64,BBB)\n", .site),
                       "<p><img src=\"data:image/png;base64,AAA\" alt=\"a\" /> <img src=\"DATA:image/webp;base64,BBB\" alt=\"b\" /></p>\n")
    }

    func testAutolinkWithUnsafeSchemeIsNeutralised() {
        XCTAssertEqual(render("<javascript:alert(1)>\n", .site), "<p><a href=\"#\">javascript:alert(1)</a></p>\n")
    }

    func testSafeLinksOffKeepsDestinations() {
        XCTAssertEqual(render("[a](javascript:x)\n", .gfm), "<p><a href=\"javascript:x\">a</a></p>\n")
    }

    func testOrdinaryLinksSurviveSafeMode() {
        XCTAssertEqual(render("[a](https://e.com/x?y=1&z=2) [b](/path) [c](mailto:a@b.c)\n", .site),
                       "<p><a href=\"https://e.com/x?y=1&amp;z=2\">a</a> <a href=\"/path\">b</a> <a href=\"mailto:a@b.c\">c</a></p>\n")
    }
}
