import XCTest
import KBMarkdown
import KBTestSupport

/// Callouts (GitHub alerts) and heading links: on for the site and `kb render`, off for plain CommonMark and GFM.
final class AuthoringTests: XCTestCase {
    let options = MarkdownOptions.gfm.withAuthoring()

    func render(_ markdown: String, _ options: MarkdownOptions? = nil) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: options ?? self.options))
    }

    func testEachKindRendersWithItsTitle() {
        for kind in CalloutKind.allCases {
            XCTAssertEqual(render("> [!\(kind.keyword.uppercased())]\n> Body *here*.\n"), """
                <div class="callout callout-\(kind.keyword)">
                <p class="callout-title">\(kind.title)</p>
                <p>Body <em>here</em>.</p>
                </div>

                """)
        }
    }

    func testKeywordIsCaseInsensitiveAndMayHaveTrailingSpaces() {
        XCTAssertTrue(render("> [!wArNiNg]  \t\n> Careful.\n").hasPrefix("<div class=\"callout callout-warning\">"))
    }

    func testMarkerAloneInItsParagraphThenOtherBlocks() {
        XCTAssertEqual(render("> [!TIP]\n>\n> - one\n> - two\n"), """
            <div class="callout callout-tip">
            <p class="callout-title">Tip</p>
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            </div>

            """)
    }

    func testWhatGitHubLeavesAsABlockQuote() {
        let quotes = [
            "> [!NOTE] text on the marker's line\n> more\n",  // marker not alone on its line
            "> [!NOTE]\n",                                    // no body
            "> [!HINT]\n> unknown kind\n",
            "> [!NOTEWORTHY]\n> longer word\n",
            "> [NOTE]\n> no bang\n",
            "> text\n> [!NOTE]\n> marker not first\n",
            "- > [!NOTE]\n  > nested in a list\n",
        ]
        for quote in quotes {
            let html = render(quote)
            XCTAssertFalse(html.contains("callout"), quote)
            XCTAssertTrue(html.contains("<blockquote>"), quote)
        }
        // A quote inside a quote stays a quote; the outer one is still a callout.
        let nested = render("> [!NOTE]\n> > [!TIP]\n> > inner\n")
        XCTAssertTrue(nested.hasPrefix("<div class=\"callout callout-note\">"))
        XCTAssertTrue(nested.contains("<blockquote>\n<p>[!TIP]\ninner</p>"))
    }

    func testOffForCommonMarkAndPlainGFM() {
        for options in [MarkdownOptions.commonMark, .gfm] {
            XCTAssertEqual(render("> [!NOTE]\n> Body\n", options), "<blockquote>\n<p>[!NOTE]\nBody</p>\n</blockquote>\n")
        }
        XCTAssertTrue(MarkdownOptions.site.callouts)
        XCTAssertTrue(MarkdownOptions.site.headingLinks)
    }

    func testPlainTextReadsTitleThenBody() {
        let document = MarkdownParser.parse("> [!CAUTION]\n> Do not *delete* it.\n", options: options)
        XCTAssertEqual(document.plainText, "Caution\nDo not delete it.")
    }

    func testLinksInsideACalloutKeepTheirPositions() {
        let document = MarkdownParser.parse("> [!NOTE]\n> See [status](/status/).\n", options: options)
        XCTAssertEqual(document.links.map { "\($0.destination)@\($0.line):\($0.column)" }, ["/status/@2:7"])
    }

    func testHeadingLinksOnLevelsTwoAndThree() {
        let html = render("# Title\n\n## Why *it* happens\n\n### Café\n\n#### Deep\n")
        XCTAssertEqual(html, """
            <h1 id="title">Title</h1>
            <h2 id="why-it-happens">Why <em>it</em> happens <a class="heading-link" href="#why-it-happens" aria-label="Link to this section">#</a></h2>
            <h3 id="café">Café <a class="heading-link" href="#caf%C3%A9" aria-label="Link to this section">#</a></h3>
            <h4 id="deep">Deep</h4>

            """)
    }

    func testHeadingLinksLeaveTheTableOfContentsAlone() {
        let document = MarkdownParser.parse("## Fix it\n\n## Fix it\n", options: options)
        XCTAssertEqual(document.headings.map(\.text), ["Fix it", "Fix it"])
        XCTAssertEqual(document.headings.map(\.id), ["fix-it", "fix-it-1"])
        XCTAssertFalse(document.plainText.contains("#"))
        XCTAssertTrue(HTMLRenderer.render(document).contains("href=\"#fix-it-1\""))
    }

    func testNoHeadingLinksWithoutIDs() {
        XCTAssertEqual(render("## A\n", MarkdownOptions(headingIDs: false).withAuthoring()), "<h2>A</h2>\n")
        XCTAssertEqual(render("## A\n", .gfm), "<h2 id=\"a\">A</h2>\n")
    }

    /// Growth, not time: many callout-like quotes and long would-be keywords stay linear.
    func testCalloutScanStaysLinear() {
        let shapes = ["> [!NOTE]\n> x\n\n", "> [!" + String(repeating: "N", count: 200) + "]\n> x\n\n",
                      "> [!NOTE" + String(repeating: " ", count: 200) + "x\n\n", "## h\n\n"]
        for shape in shapes {
            let (small, large) = Growth.ratio(small: 2_000) { count in
                _ = HTMLRenderer.render(MarkdownParser.parse(String(repeating: shape, count: count), options: options))
            }
            XCTAssertLessThan(large, small * 15, "\(shape.debugDescription): x20,000 took \(large)s, x2,000 took \(small)s")
        }
    }
}
