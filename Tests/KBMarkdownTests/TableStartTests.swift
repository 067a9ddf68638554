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
