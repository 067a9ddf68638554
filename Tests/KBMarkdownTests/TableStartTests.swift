import XCTest
import KBMarkdown

/// Found by the cmark-gfm differential (issue #18): cmark-gfm tries a table only after the core block starts,
/// so a would-be delimiter row that underlines a setext heading or opens a list item is that block. Expected
/// strings are cmark-gfm 0.29.0.gfm.6's output.
final class TableStartTests: XCTestCase {
    func render(_ markdown: String) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: MarkdownOptions(headingIDs: false)))
    }

    func testDashesAloneUnderlineASetextHeading() {
        XCTAssertEqual(render("| a |\n---\n"), "<h2>| a |</h2>\n")
        XCTAssertEqual(render("| a |\n-\n"), "<h2>| a |</h2>\n")
    }

    func testDashAndSpaceStartsAListItem() {
        XCTAssertEqual(render("a | b\n- | -\n"), "<p>a | b</p>\n<ul>\n<li>| -</li>\n</ul>\n")
        XCTAssertEqual(render("| a | b |\n- | - |\n"), "<p>| a | b |</p>\n<ul>\n<li>| - |</li>\n</ul>\n")
    }

    func testOtherDelimiterRowsStillMakeTables() {
        XCTAssertEqual(render("a|b\n-|-\n"), "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>\n")
        XCTAssertEqual(render("| a |\n---:\n"), "<table>\n<thead>\n<tr>\n<th align=\"right\">a</th>\n</tr>\n</thead>\n</table>\n")
        XCTAssertEqual(render("| a |\n|---\n"), "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n")
    }
}

/// Found by the fuzz harness's cmark-gfm differential: a vertical tab or form feed at either end of a paragraph
/// is text (spec 4.8 strips only spaces and tabs), as cmark-gfm keeps it.
final class ParagraphEdgeTests: XCTestCase {
    func testVerticalTabAtTheEndsOfAParagraphIsKept() {
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("foo  \nbaz\u{0B}\n")), "<p>foo<br />\nbaz\u{0B}</p>\n")
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("\u{0B}foo\n")), "<p>\u{0B}foo</p>\n")
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("foo\u{0C}\n", options: .commonMark)), "<p>foo\u{0C}</p>\n")
    }
}
