import KBTestSupport
import XCTest
@testable import KBMarkdown

/// The raw-HTML sanitizer (`rawHTML: .sanitize`): one attack vector or kept construct per test, exact output.
final class SanitizerTests: XCTestCase {
    func render(_ markdown: String) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: .site))
    }

    func clean(_ html: String) -> String { HTMLSanitizer.sanitize(html) }

    func testEventHandlerOnImageIsDropped() {
        XCTAssertEqual(render("<img src=x onerror=alert(1)>\n"), "<img src=\"x\" />\n")
    }

    func testEventHandlerOnSVGIsDropped() {
        XCTAssertEqual(clean("<svg onload=alert(1)></svg>"), "<svg></svg>")
    }

    func testUppercaseEventHandlerAndTagAreCaught() {
        XCTAssertEqual(clean("<IMG SRC=x ONERROR=alert(1)><B OnMouseOver='x'>b</B>"), "<img src=\"x\" /><b>b</b>")
    }

    func testJavaScriptHrefIsDropped() {
        XCTAssertEqual(render("a <a href=\"javascript:alert(1)\">x</a>\n"), "<p>a <a>x</a></p>\n")
    }

    func testDecimalEntityEncodedSchemeIsDropped() {
        XCTAssertEqual(clean("<a href=\"&#106;avascript:alert(1)\">x</a>"), "<a>x</a>")
    }

    func testEntityWithoutSemicolonIsDecodedBeforeTheCheck() {
        XCTAssertEqual(clean("<a href=\"&#x6A&#x61vascript:alert(1)\">x</a>"), "<a>x</a>")
    }

    func testNamedEntitiesInsideTheSchemeAreDecodedBeforeTheCheck() {
        XCTAssertEqual(clean("<a href=\"java&Tab;script&colon;alert(1)\">x</a>"), "<a>x</a>")
    }

    func testTabsAndNewlinesInsideTheSchemeAreIgnored() {
        XCTAssertEqual(clean("<a href=\"java\tscr\nipt:alert(1)\">x</a><a href=\" \u{1}javascript:x\">y</a>"), "<a>x</a><a>y</a>")
    }

    func testVBScriptAndHTMLDataURLsAreDropped() {
        XCTAssertEqual(clean("<a href=vbscript:x>a</a><img src=\"data:text/html,x\"><img src=\"data:image/png;base64,AA\">"),
                       "<a>a</a><img /><img src=\"data:image/png;base64,AA\" />")
    }

    func testSafeLinksAndImagesAreKept() {
        XCTAssertEqual(clean("<a href=\"https://e.com/?a=1&amp;b=2\" title=t>x</a><img src=/i.png alt=\"A &quot;B&quot;\" width=3>"),
                       "<a href=\"https://e.com/?a=1&amp;b=2\" title=\"t\">x</a><img src=\"/i.png\" alt=\"A &quot;B&quot;\" width=\"3\" />")
    }

    func testScriptBlockAndItsContentAreDropped() {
        XCTAssertEqual(render("<script>alert(1)</script>\n\nafter\n"), "\n<p>after</p>\n", "nothing of the script is left")
    }

    func testInlineScriptTagIsDroppedAndItsTextShownAsText() {
        XCTAssertEqual(render("a <script>alert(1)</script> b\n"), "<p>a alert(1) b</p>\n")
    }

    func testUnclosedScriptDropsTheRestOfTheBlock() {
        XCTAssertEqual(clean("<div>a<SCRIPT>alert(1)<div>b</div>"), "<div>a")
    }

    func testIframeWithSrcdocIsDroppedWithItsContent() {
        XCTAssertEqual(clean("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>ok"), "ok")
    }

    func testStyleElementAndStyleAttributeAreDropped() {
        XCTAssertEqual(clean("<style>body{display:none}</style><p style=\"color:red\" class=c>x</p>"), "<p class=\"c\">x</p>")
    }

    func testUnknownTagsAreRemovedAndTheirTextKept() {
        XCTAssertEqual(clean("<form action=/x><input name=a><button>Go</button></form><custom-el>t</custom-el>"), "Got")
    }

    func testSrcdocAndUnknownAttributesAreDropped() {
        XCTAssertEqual(clean("<div srcdoc=x data-x=1 hidden tabindex=0 id=a>t</div>"), "<div id=\"a\">t</div>")
    }

    func testCommentsAreDroppedIncludingBrowserEndings() {
        XCTAssertEqual(clean("a<!-- <img src=x onerror=alert(1)> -->b<!-->c<!--->d<!-- x --!>e"), "abcde")
    }

    func testUnterminatedCommentDropsTheRest() {
        XCTAssertEqual(clean("a<!-- <b>x</b>"), "a")
    }

    func testCDATAAndDeclarationsAreDropped() {
        XCTAssertEqual(clean("<svg><![CDATA[ ><img src=x onerror=alert(1)> ]]></svg><!DOCTYPE html><?php x ?>"), "<svg></svg>")
    }

    func testUnclosedTagBecomesText() {
        XCTAssertEqual(clean("<b>x</b><img src=x onerror=\"alert(1)"), "<b>x</b>&lt;img src=x onerror=\"alert(1)")
    }

    func testUnclosedTagAtTheEndOfAnHTMLBlockCannotSwallowTheNextParagraph() {
        XCTAssertEqual(render("<div>\n<img src=x\n\nonerror=alert(1)>\n"), "<div>\n&lt;img src=x\n<p>onerror=alert(1)&gt;</p>\n")
    }

    func testAttributesWithoutQuotesAndOddSpacingAreRewrittenQuoted() {
        XCTAssertEqual(clean("<td colspan = 2 rowspan=3/>x</td>"), "<td colspan=\"2\" rowspan=\"3/\">x</td>")
    }

    func testQuoteCharactersInAttributeValuesAreEscaped() {
        XCTAssertEqual(clean("<abbr title='a\"><script>alert(1)</script>'>A</abbr>"),
                       "<abbr title=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">A</abbr>")
    }

    func testFirstOfTwoSameNamedAttributesWins() {
        XCTAssertEqual(clean("<a href=\"/one\" href=\"javascript:x\">x</a>"), "<a href=\"/one\">x</a>")
    }

    func testNestedAllowedElementsAreKept() {
        XCTAssertEqual(render("<details open>\n<summary>More</summary>\n<p>Press <kbd>Ctrl</kbd>+<kbd>R</kbd>, H<sub>2</sub>O</p>\n</details>\n"),
                       "<details open>\n<summary>More</summary>\n<p>Press <kbd>Ctrl</kbd>+<kbd>R</kbd>, H<sub>2</sub>O</p>\n</details>\n")
    }

    func testTablePartsKeepSpans() {
        XCTAssertEqual(clean("<table><thead><tr><th scope=col colspan=2>h</th></tr></thead><tbody><tr><td rowspan=2>d</td></tr></tbody></table>"),
                       "<table><thead><tr><th scope=\"col\" colspan=\"2\">h</th></tr></thead><tbody><tr><td rowspan=\"2\">d</td></tr></tbody></table>")
    }

    func testStrayLessThanIsEscaped() {
        XCTAssertEqual(clean("<b>1 < 2 > 0</b>"), "<b>1 &lt; 2 &gt; 0</b>")
    }

    func testSVGDiagramIsKept() {
        let diagram = """
        <svg viewBox="0 0 120 40" role="img" aria-label="Client to server" xmlns="http://www.w3.org/2000/svg">
        <title>Client to server</title>
        <defs><marker id="arrow" markerwidth="6" markerheight="6" refX="3" refY="3" orient="auto"><path d="M0,0 L6,3 L0,6 z"/></marker></defs>
        <rect x="1" y="1" width="40" height="20" fill="#eee" stroke="#333"/>
        <line x1="41" y1="11" x2="79" y2="11" stroke="#333" marker-end="url(#arrow)"/>
        <text x="6" y="15" font-size="8">Client<tspan dx="2">A</tspan></text>
        </svg>

        """
        XCTAssertEqual(render(diagram), """
        <svg viewBox="0 0 120 40" role="img" aria-label="Client to server" xmlns="http://www.w3.org/2000/svg">
        <title>Client to server</title>
        <defs><marker id="arrow" markerWidth="6" markerHeight="6" refX="3" refY="3" orient="auto"><path d="M0,0 L6,3 L0,6 z" /></marker></defs>
        <rect x="1" y="1" width="40" height="20" fill="#eee" stroke="#333" />
        <line x1="41" y1="11" x2="79" y2="11" stroke="#333" marker-end="url(#arrow)" />
        <text x="6" y="15" font-size="8">Client<tspan dx="2">A</tspan></text>
        </svg>

        """)
    }

    func testDangerousSVGElementsAndAttributesAreDropped() {
        XCTAssertEqual(clean("<svg><use href=\"#a\"/><a xlink:href=\"javascript:x\"><circle r=1 style=\"x\" onclick=x /></a>"
                             + "<foreignObject><img src=x onerror=alert(1)></foreignObject><animate attributeName=href to=javascript:x/>"
                             + "<set attributeName=onload to=alert(1)/><script>alert(1)</script></svg>"),
                       // `</a>` is an HTML end tag: it closes the SVG, after which foreignObject's img is plain, checked HTML.
                       "<svg><circle r=\"1\" /></svg></a><img src=\"x\" />")
    }

    func testSVGPaintMayOnlyReferenceThePage() {
        XCTAssertEqual(clean("<svg><rect fill=\"url(#g)\" stroke=\"url(https://evil.example/x.svg#a)\"/></svg>"),
                       "<svg><rect fill=\"url(#g)\" /></svg>")
    }

    func testSVGElementsOutsideAnSVGAreDropped() {
        XCTAssertEqual(clean("<path d=M0><title>t</title>x"), "x")
    }

    func testSVGTitleHoldsOnlyText() {
        XCTAssertEqual(clean("<svg><title><img src=x onerror=alert(1)><b>t</b></title></svg>"), "<svg><title>t</title></svg>")
    }

    func testHTMLInsideSVGIsDroppedSoTheParserNeverLeavesIt() {
        XCTAssertEqual(clean("<svg><p><style><img src=x onerror=alert(1)></style></p></svg>"), "<svg></svg></p>")
    }

    /// The page after a fragment is never parsed as SVG: what the fragment opened is closed at its end, and an HTML
    /// end tag closes the SVG first, as the browser's parser does (found by SanitizerBrowserFuzzTests).
    func testSVGLeftOpenIsClosedAtTheEndOfTheFragment() {
        XCTAssertEqual(clean("<table><td><table><caption><svg onmouseover=x>x</animate></table></td></table>"),
                       "<table><td><table><caption><svg>x</svg></table></td></table>")
        XCTAssertEqual(clean("<svg><g><title>t"), "<svg><g><title>t</title></svg>")
        XCTAssertEqual(clean("</svg><b>x</b>"), "<b>x</b>")
    }

    func testMathIsDroppedWithItsContent() {
        XCTAssertEqual(clean("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"), "")
    }

    func testEscapeModeShowsRawHTMLAsText() {
        let document = MarkdownParser.parse("a <b>x</b>\n", options: .site)
        XCTAssertEqual(HTMLRenderer.render(document, rawHTML: .escape), "<p>a &lt;b&gt;x&lt;/b&gt;</p>\n")
    }

    func testTrustedModePassesRawHTMLAsCommonMarkSays() {
        let document = MarkdownParser.parse("<img src=x onerror=alert(1)>\n", options: .site)
        XCTAssertEqual(HTMLRenderer.render(document, rawHTML: .trusted), "<img src=x onerror=alert(1)>\n")
    }

    func testGFMDefaultStaysTrusted() {
        XCTAssertEqual(MarkdownOptions.gfm.rawHTML, .trusted)
        XCTAssertEqual(MarkdownOptions.commonMark.rawHTML, .trusted)
        XCTAssertEqual(MarkdownOptions.site.rawHTML, .sanitize)
    }

    /// Growth, not time: 10x the input may take at most ~15x as long (best of 3), from inputs that take tens of
    /// milliseconds (sub-millisecond ones measured the machine's noise and cache sizes, not the sanitizer).
    func testPathologicalInputsStayLinear() throws {
        try ExternalTool.requireUninstrumentedTiming()
        let shapes = ["<a x=\"<a x='", "<!-- <b", "<script><", "<svg><title><", "&#x6a&#", "<a href=java&Tab;", "<b <i <u ",
                      "<p class=c id=i title=t>x</p>", "<svg><rect x=1 fill='url(#a)'/></svg>", "<img src=\"&#106;avascript:\" alt=a>"]
        for shape in shapes {
            func seconds(_ count: Int, rounds: Int = 3) -> Double {
                let input = String(repeating: shape, count: count)
                var best = Double.infinity
                for _ in 0..<rounds {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = HTMLSanitizer.sanitize(input)
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                return best
            }
            var small = seconds(50_000), large = seconds(500_000)
            // One more, longer look before calling it superlinear: on a busy machine one run can be unlucky.
            if large >= small * 15 { small = seconds(50_000, rounds: 5); large = seconds(500_000, rounds: 5) }
            XCTAssertLessThan(large, small * 15, "'\(shape)' x500,000 took \(large)s, x50,000 took \(small)s")
        }
    }
}
