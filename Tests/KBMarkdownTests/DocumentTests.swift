import XCTest
import KBMarkdown

/// Headings, links, block summaries and the rewriteLink hook: what the site builder reads.
final class DocumentTests: XCTestCase {
    func render(_ markdown: String, _ options: MarkdownOptions = .gfm) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: options))
    }

    func testHeadingGetsGitHubStyleID() {
        XCTAssertEqual(render("## What you can do\n"), "<h2 id=\"what-you-can-do\">What you can do</h2>\n")
    }

    func testRepeatedHeadingsGetNumberedIDs() {
        let ids = MarkdownParser.parse("# A b\n## A b\n### A b\n").headings.map(\.id)
        XCTAssertEqual(ids, ["a-b", "a-b-1", "a-b-2"])
    }

    func testHeadingIDDropsPunctuationButKeepsDashAndUnderscore() {
        let heading = MarkdownParser.parse("## Why 502: *Bad* `Gateway`? (snake_case & kebab-case)\n").headings[0]
        XCTAssertEqual(heading.id, "why-502-bad-gateway-snake_case--kebab-case")
        XCTAssertEqual(heading.text, "Why 502: Bad Gateway? (snake_case & kebab-case)")
    }

    func testHeadingIDKeepsNonASCIILetters() {
        XCTAssertEqual(MarkdownParser.parse("# Größe Ärger\n").headings[0].id, "größe-ärger")
    }

    func testCommonMarkModeHasNoHeadingIDs() {
        let document = MarkdownParser.parse("## What you can do\n", options: .commonMark)
        XCTAssertEqual(HTMLRenderer.render(document), "<h2>What you can do</h2>\n")
        XCTAssertEqual(document.headings, [MarkdownHeading(level: 2, text: "What you can do", id: "", line: 1, column: 1)])
    }

    func testHeadingLocationsAndLevels() {
        let document = MarkdownParser.parse("intro\n\n  ### Third\n\nSetext\n------\n\n> # Quoted\n")
        XCTAssertEqual(document.headings, [
            MarkdownHeading(level: 3, text: "Third", id: "third", line: 3, column: 3),
            MarkdownHeading(level: 2, text: "Setext", id: "setext", line: 5, column: 1),
            MarkdownHeading(level: 1, text: "Quoted", id: "quoted", line: 8, column: 3),
        ])
    }

    func testLinkLocationsPointAtTheOpeningBracket() {
        let document = MarkdownParser.parse("See [docs](a.md) and\n  ![pic](b.png) or <https://c.example/>.\n")
        XCTAssertEqual(document.links.map(\.altText), ["", "pic", ""])
        XCTAssertEqual(document.links.map { MarkdownLink(destination: $0.destination, isImage: $0.isImage, line: $0.line, column: $0.column) }, [
            MarkdownLink(destination: "a.md", isImage: false, line: 1, column: 5),
            MarkdownLink(destination: "b.png", isImage: true, line: 2, column: 3),
            MarkdownLink(destination: "https://c.example/", isImage: false, line: 2, column: 20),
        ])
    }

    func testReferenceLinkReportsItsUseSite() {
        let document = MarkdownParser.parse("[ref]: target.md\n\n- item\n- é [ref] here\n")
        XCTAssertEqual(document.links, [MarkdownLink(destination: "target.md", isImage: false, line: 4, column: 5)])
    }

    func testLinkDestinationIsUnescapedAndDecoded() {
        let document = MarkdownParser.parse("[a](foo\\)bar&amp;baz)\n")
        XCTAssertEqual(document.links.map(\.destination), ["foo)bar&baz"])
    }

    func testLinkInsideTableCellIsLocated() {
        let document = MarkdownParser.parse("| a | b |\n|---|---|\n| x | [y](z.md) |\n")
        XCTAssertEqual(document.links, [MarkdownLink(destination: "z.md", isImage: false, line: 3, column: 7)])
    }

    func testExtendedAutolinkIsReported() {
        let document = MarkdownParser.parse("Visit www.example.com now\n")
        XCTAssertEqual(document.links, [MarkdownLink(destination: "http://www.example.com", isImage: false, line: 1, column: 7)])
    }

    func testRewriteLinkReplacesDestinations() {
        let document = MarkdownParser.parse("[x](other.md#sec) ![i](<a b.png>) [y](https://e.com)\n")
        let html = HTMLRenderer.render(document) { destination in
            destination.hasSuffix(".md#sec") ? "/other/#sec" : nil
        }
        XCTAssertEqual(html, "<p><a href=\"/other/#sec\">x</a> <img src=\"a%20b.png\" alt=\"i\" /> <a href=\"https://e.com\">y</a></p>\n")
    }

    func testRewriteLinkSeesDecodedDestination() {
        var seen: [String] = []
        _ = HTMLRenderer.render(MarkdownParser.parse("[x](<a b.md>) [y](c&eacute;.md)\n")) { seen.append($0); return nil }
        XCTAssertEqual(seen, ["a b.md", "cé.md"])
    }

    func testBlockSummariesOfTopLevelBlocks() {
        let markdown = "# Title\n\nSome *text*\nhere.\n\n- one\n- two\n  > nested\n\n```\ncode\n```\n"
        let blocks = MarkdownParser.parse(markdown).blocks
        XCTAssertEqual(blocks, [
            MarkdownBlockSummary(headingLevel: 1, headingID: "title", plainText: "Title", line: 1),
            MarkdownBlockSummary(headingLevel: nil, headingID: nil, plainText: "Some text here.", line: 3),
            MarkdownBlockSummary(headingLevel: nil, headingID: nil, plainText: "one\ntwo\nnested", line: 6),
            MarkdownBlockSummary(headingLevel: nil, headingID: nil, plainText: "code", line: 10),
        ])
    }

    func testPlainTextJoinsBlocks() {
        XCTAssertEqual(MarkdownParser.parse("# A\n\nb [c](d)\n\n| x | y |\n|---|---|\n| 1 | 2 |\n").plainText, "A\nb c\nx y\n1 2")
    }

    func testNULBecomesReplacementCharacter() {
        XCTAssertEqual(render("a\u{0}b\n"), "<p>a\u{FFFD}b</p>\n")
    }

    func testInvalidUTF8BecomesReplacementCharacter() {
        let source = String(decoding: [0x61, 0xFF, 0x62, 0x0A], as: UTF8.self)
        XCTAssertEqual(render(source), "<p>a\u{FFFD}b</p>\n")
    }

    func testTaskListItems() {
        XCTAssertEqual(render("- [ ] todo\n- [x] done\n"),
                       "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> todo</li>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n")
    }

    func testTableWithAlignmentAndInlineContent() {
        XCTAssertEqual(render("| a | b |\n|:--|--:|\n| *x* | `y\\|z` |\n"),
                       "<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\"><em>x</em></td>\n<td align=\"right\"><code>y|z</code></td>\n</tr>\n</tbody>\n</table>\n")
    }

    func testStrikethrough() {
        XCTAssertEqual(render("~~gone~~ and ~also~\n"), "<p><del>gone</del> and <del>also</del></p>\n")
    }

    func testFootnotesRenderAccessibly() {
        XCTAssertEqual(render("Text[^n].\n\n[^n]: Note.\n"), """
            <p>Text<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>.</p>
            <section class="footnotes" data-footnotes>
            <ol>
            <li id="fn-1">
            <p>Note. <a href="#fnref-1" class="footnote-backref" data-footnote-backref aria-label="Back to reference 1">↩</a></p>
            </li>
            </ol>
            </section>

            """)
    }

    func testCommonMarkModeHasNoExtensions() {
        XCTAssertEqual(render("~~a~~ www.b.com\n\n| x |\n|---|\n", .commonMark), "<p>~~a~~ www.b.com</p>\n<p>| x |\n|---|</p>\n")
    }

    func testParseUTF8RepairsInvalidBytes() {
        let document = MarkdownParser.parse(utf8: [0x2A, 0x61, 0xC3, 0x2A, 0x0A])
        XCTAssertEqual(HTMLRenderer.render(document), "<p><em>a\u{FFFD}</em></p>\n")
    }

    func testParseUTF8MatchesParseOfString() {
        let markdown = "# Größe\n\n- [x] *done* [a](b.md)\n\n| a |\n|---|\n| é |\n"
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse(utf8: Array(markdown.utf8))),
                       HTMLRenderer.render(MarkdownParser.parse(markdown)))
    }

    func testRenderUTF8MatchesRender() {
        let document = MarkdownParser.parse("Some *text* & <b>html</b>\n")
        XCTAssertEqual(String(decoding: HTMLRenderer.renderUTF8(document), as: UTF8.self), HTMLRenderer.render(document))
    }

    func testChunkedRenderingConcatenatesToTheWholePage() {
        let document = MarkdownParser.parse(String(repeating: "A paragraph with *emphasis* & more text.\n\n", count: 5_000))
        var bytes: [UInt8] = []
        var chunks = 0
        HTMLRenderer.render(document) { chunk in
            XCTAssertLessThanOrEqual(chunk.count, 65_536)
            bytes.append(contentsOf: chunk)
            chunks += 1
        }
        XCTAssertGreaterThan(chunks, 1)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), HTMLRenderer.render(document))
    }

    func testTrailingSpacesAndTabsBeforeASoftBreakAreRemoved() {
        XCTAssertEqual(render("a \t\nb\n", .commonMark), "<p>a\nb</p>\n")
    }

    func testTwoSpacesBeforeALineEndingMakeAHardBreak() {
        XCTAssertEqual(render("a\t  \nb\n", .commonMark), "<p>a<br />\nb</p>\n")
    }

    func testExtendedAutolinkInsideLinkTextStaysText() {
        let document = MarkdownParser.parse("[www.a.com](http://b) and www.c.com\n")
        XCTAssertEqual(HTMLRenderer.render(document),
                       "<p><a href=\"http://b\">www.a.com</a> and <a href=\"http://www.c.com\">www.c.com</a></p>\n")
        XCTAssertEqual(document.links.map(\.destination), ["http://b", "http://www.c.com"])
    }

    func testStrikethroughNeedsTheNearestTildeRunToHaveTheSameLength() {
        XCTAssertEqual(render("~a ~~b~\n"), "<p>~a ~~b~</p>\n")
    }
}

/// A byte-order mark at the start of the input is dropped, as cmark drops it.
final class ByteOrderMarkTests: XCTestCase {
    func testLeadingBOMInBytesIsNotText() {
        let document = MarkdownParser.parse(utf8: [0xEF, 0xBB, 0xBF] + Array("# Title\n".utf8))
        XCTAssertEqual(HTMLRenderer.render(document), "<h1 id=\"title\">Title</h1>\n")
    }

    func testLeadingBOMInStringIsNotText() {
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("\u{FEFF}# Title\n", options: .commonMark)), "<h1>Title</h1>\n")
    }

    func testBOMLaterInTheTextIsKept() {
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("a\u{FEFF}b\n", options: .commonMark)), "<p>a\u{FEFF}b</p>\n")
    }
}

/// Task-list checkboxes stand right after `<li>`, before the paragraph in a loose list, as cmark-gfm writes them.
final class TaskListPlacementTests: XCTestCase {
    func testLooseListCheckboxComesBeforeTheParagraph() {
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("- [ ] a\n\n- [x] b\n")), """
        <ul>
        <li><input type="checkbox" disabled="" /> 
        <p>a</p>
        </li>
        <li><input type="checkbox" checked="" disabled="" /> 
        <p>b</p>
        </li>
        </ul>

        """)
    }

    func testTightListCheckboxIsUnchanged() {
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse("- [x] done\n")),
                       "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n")
    }
}
