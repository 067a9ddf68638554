import XCTest
@testable import KBMarkdown

/// The read-only view of a parsed document: sections by heading, their blocks, list items, code, tables.
final class DocumentViewTests: XCTestCase {
    let source = """
    Intro line.

    ## What you can do

    1. **Refresh once.** Press `F5` to
       reload.
    2. Check the [status page](https://example.com).

       More about it.

    ### Sub *part*

    ```sh extra
    curl -I https://example.com
    ```

    | A | B |
    | --- | --- |
    | x | **y** |

    > ## Not a section

    """

    func testSectionsFollowTopLevelHeadings() {
        let view = DocumentView(MarkdownParser.parse(source))
        XCTAssertEqual(view.sections.map(\.level), [0, 2, 3])
        XCTAssertNil(view.sections[0].heading)
        XCTAssertEqual(view.sections[0].blocks.map(\.plainText), ["Intro line."])
        let heading = view.sections[1].heading
        XCTAssertEqual(heading?.text, "What you can do")
        XCTAssertEqual(heading?.id, "what-you-can-do")
        XCTAssertEqual(heading?.line, 3)
        XCTAssertEqual(view.sections[2].heading?.text, "Sub part")
        // The heading inside the block quote stays inside its block.
        XCTAssertEqual(view.sections[2].blocks.map(\.kind), [.codeBlock, .table, .blockQuote])
    }

    func testListItemsHaveTextRunsAndLocations() throws {
        let view = DocumentView(MarkdownParser.parse(source))
        let list = try XCTUnwrap(view.sections[1].blocks.first)
        XCTAssertEqual(list.kind, .list)
        XCTAssertTrue(list.ordered)
        XCTAssertEqual(list.line, 5)
        XCTAssertEqual(list.items.count, 2)
        let first = list.items[0]
        XCTAssertEqual(first.plainText, "Refresh once. Press F5 to reload.")
        XCTAssertEqual(first.leadRunCount, 1)
        XCTAssertEqual(first.runs, [MarkdownTextRun(kind: .text, text: "Refresh once."), MarkdownTextRun(kind: .text, text: " Press "),
                                    MarkdownTextRun(kind: .code, text: "F5"), MarkdownTextRun(kind: .text, text: " to reload.")])
        XCTAssertEqual(view.inlineHTML(of: first), "<strong>Refresh once.</strong> Press <code>F5</code> to\nreload.")
        let second = list.items[1]
        XCTAssertEqual([second.line, second.column], [7, 1])
        XCTAssertEqual(second.leadRunCount, 0)
        // Only the first paragraph is the item's text.
        XCTAssertEqual(second.plainText, "Check the status page.")
        XCTAssertEqual(view.inlineHTML(of: second), "Check the <a href=\"https://example.com\">status page</a>.")
    }

    func testCodeBlocksAndTables() throws {
        let view = DocumentView(MarkdownParser.parse(source))
        let blocks = view.sections[2].blocks
        XCTAssertEqual(blocks[0].language, "sh")
        XCTAssertEqual(blocks[0].code, "curl -I https://example.com\n")
        XCTAssertEqual([blocks[0].line, blocks[0].column], [13, 1])
        XCTAssertEqual(blocks[1].rows, [["A", "B"], ["x", "y"]])
    }

    func testBlockPlainTextMatchesTheBlockSummaries() {
        let document = MarkdownParser.parse(source)
        let fromView = DocumentView(document).sections.flatMap { section in
            (section.heading.map { [$0.text] } ?? []) + section.blocks.map(\.plainText)
        }
        XCTAssertEqual(fromView, document.blocks.map(\.plainText))
    }

    func testEmptyDocumentHasNoSections() {
        XCTAssertTrue(DocumentView(MarkdownParser.parse("")).sections.isEmpty)
    }
}
