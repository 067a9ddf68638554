import XCTest
import KBMarkdown

/// A URL written as a link's text (issue #18): cmark-gfm 0.29.0.gfm.6 (`-e autolink`) makes no `www.` or
/// `scheme://` autolink while a `[` or `![` is open, and still finds e-mail addresses in any text not inside
/// a link. Every expected string below is that program's output.
final class AutolinkInBracketsTests: XCTestCase {
    func render(_ markdown: String) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: MarkdownOptions(headingIDs: false)))
    }

    func testURLAsInlineLinkText() {
        XCTAssertEqual(render("[https://a.com](https://a.com)\n"), "<p><a href=\"https://a.com\">https://a.com</a></p>\n")
        XCTAssertEqual(render("[http://a.com/x?y=1](http://a.com/x?y=1)\n"),
                       "<p><a href=\"http://a.com/x?y=1\">http://a.com/x?y=1</a></p>\n")
        XCTAssertEqual(render("[ftp://a.com](ftp://a.com)\n"), "<p><a href=\"ftp://a.com\">ftp://a.com</a></p>\n")
        XCTAssertEqual(render("[www.a.com](http://www.a.com)\n"), "<p><a href=\"http://www.a.com\">www.a.com</a></p>\n")
    }

    func testURLAsReferenceLinkText() {
        XCTAssertEqual(render("[https://a.com][r]\n\n[r]: https://b.com\n"),
                       "<p><a href=\"https://b.com\">https://a.com</a></p>\n")
        XCTAssertEqual(render("[https://a.com][]\n\n[https://a.com]: https://b.com\n"),
                       "<p><a href=\"https://b.com\">https://a.com</a></p>\n")
        XCTAssertEqual(render("[https://a.com]: u\n\n[https://a.com]\n"), "<p><a href=\"u\">https://a.com</a></p>\n")
    }

    func testBracketedURLThatIsNoLinkStaysText() {
        XCTAssertEqual(render("[https://a.com]\n"), "<p>[https://a.com]</p>\n")
        XCTAssertEqual(render("x [www.a.com] y\n"), "<p>x [www.a.com] y</p>\n")
        XCTAssertEqual(render("[[https://a.com]]\n"), "<p>[[https://a.com]]</p>\n")
        // An unclosed `[` keeps later URLs plain to the end of the paragraph, as in cmark-gfm.
        XCTAssertEqual(render("[x https://a.com\n"), "<p>[x https://a.com</p>\n")
        // Once the brackets are closed, autolinks come back.
        XCTAssertEqual(render("[x] https://a.com\n"), "<p>[x] <a href=\"https://a.com\">https://a.com</a></p>\n")
    }

    func testURLAsImageText() {
        XCTAssertEqual(render("![https://a.com](x.png)\n"), "<p><img src=\"x.png\" alt=\"https://a.com\" /></p>\n")
        XCTAssertEqual(render("[![https://a.com](x.png)](https://a.com)\n"),
                       "<p><a href=\"https://a.com\"><img src=\"x.png\" alt=\"https://a.com\" /></a></p>\n")
    }

    func testTrailingPunctuationAfterTheLink() {
        XCTAssertEqual(render("[https://a.com](https://a.com). See https://b.com.\n"),
                       "<p><a href=\"https://a.com\">https://a.com</a>. See <a href=\"https://b.com\">https://b.com</a>.</p>\n")
    }

    func testParenthesesAndLessThan() {
        XCTAssertEqual(render("[https://a.com/(x)](u) https://a.com/(x)) https://a.com/x<y\n"),
                       "<p><a href=\"u\">https://a.com/(x)</a> <a href=\"https://a.com/(x)\">https://a.com/(x)</a>) "
                       + "<a href=\"https://a.com/x\">https://a.com/x</a>&lt;y</p>\n")
        XCTAssertEqual(render("[see https://a.com/x) here](u)\n"), "<p><a href=\"u\">see https://a.com/x) here</a></p>\n")
    }

    func testNestedBracketsAndEmphasis() {
        XCTAssertEqual(render("[a [b] https://a.com](u)\n"), "<p><a href=\"u\">a [b] https://a.com</a></p>\n")
        XCTAssertEqual(render("[*https://a.com*](u) and *https://b.com*\n"),
                       "<p><a href=\"u\"><em>https://a.com</em></a> and <em><a href=\"https://b.com\">https://b.com</a></em></p>\n")
        XCTAssertEqual(render("_https://a.com_ ~https://b.com~\n"),
                       "<p><em>https://a.com</em> <del><a href=\"https://b.com\">https://b.com</a></del></p>\n")
    }

    func testEmailInBrackets() {
        XCTAssertEqual(render("[a@b.com](u) [c@d.com]\n"),
                       "<p><a href=\"u\">a@b.com</a> [<a href=\"mailto:c@d.com\">c@d.com</a>]</p>\n")
    }

    func testInsideContainers() {
        XCTAssertEqual(render("> [https://a.com](https://a.com)\n> - [www.a.com](http://www.a.com) www.b.com\n"),
                       "<blockquote>\n<p><a href=\"https://a.com\">https://a.com</a></p>\n<ul>\n"
                       + "<li><a href=\"http://www.a.com\">www.a.com</a> <a href=\"http://www.b.com\">www.b.com</a></li>\n</ul>\n</blockquote>\n")
        XCTAssertEqual(render("| a | b |\n|---|---|\n| [https://a.com](https://a.com) | https://b.com |\n"),
                       "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                       + "<td><a href=\"https://a.com\">https://a.com</a></td>\n<td><a href=\"https://b.com\">https://b.com</a></td>\n"
                       + "</tr>\n</tbody>\n</table>\n")
    }

    func testLinkListIsTheWrittenLinksOnly() {
        let document = MarkdownParser.parse("[https://a.com](https://b.com)\n")
        XCTAssertEqual(document.links.map(\.destination), ["https://b.com"])
    }
}
