// Inputs the fuzzer (Fuzz/markdown.swift) found, kept so the fixes stay fixed.

import XCTest
@testable import KBMarkdown

final class MarkdownFuzzRegressionTests: XCTestCase {
    private func links(_ source: String) -> [String] {
        MarkdownParser.parse(source, options: .site).links.map { "\($0.destination)@\($0.line):\($0.column)" }
    }

    // Fuzz: repeated headings were numbered by retrying -1, -2, ... from the start each time (quadratic).
    func testEqualHeadingsSkipASuffixAnotherHeadingTook() {
        let document = MarkdownParser.parse("# foo\n# foo-1\n# foo\n# foo\n", options: .site)
        XCTAssertEqual(document.headings.map(\.id), ["foo", "foo-1", "foo-2", "foo-3"])
        XCTAssertEqual(HTMLRenderer.render(document), """
            <h1 id="foo">foo</h1>
            <h1 id="foo-1">foo-1</h1>
            <h1 id="foo-2">foo</h1>
            <h1 id="foo-3">foo</h1>

            """)
    }

    func testTwentyThousandEqualHeadingsGetConsecutiveSuffixes() {
        let source = String(repeating: "## Step\n", count: 20_000)
        let ids = MarkdownParser.parse(source, options: .site).headings.map(\.id)
        XCTAssertEqual(ids.count, 20_000)
        XCTAssertEqual(ids[0], "step")
        XCTAssertEqual(ids[1], "step-1")
        XCTAssertEqual(ids[19_999], "step-19999")
        XCTAssertEqual(Set(ids).count, 20_000)
    }

    func testFuzzHeadingLevelsInput() {
        let source = "# foo\n## fo foo\n####o\n### foo\n#### foo\n##### foo\n###### foo\n"
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse(source, options: .site)), """
            <h1 id="foo">foo</h1>
            <h2 id="fo-foo">fo foo <a class="heading-link" href="#fo-foo" aria-label="Link to this section">#</a></h2>
            <p>####o</p>
            <h3 id="foo-1">foo <a class="heading-link" href="#foo-1" aria-label="Link to this section">#</a></h3>
            <h4 id="foo-2">foo</h4>
            <h5 id="foo-3">foo</h5>
            <h6 id="foo-4">foo</h6>

            """)
    }

    // Fuzz: each link's column was counted from the start of its line, so many links on one line were quadratic.
    func testFuzzEmailAutolinkInput() {
        let source = "fo=mark.owww.cho@ba.cho@bab"
        XCTAssertEqual(links(source), ["mailto:mark.owww.cho@ba.cho@1:4"])
        XCTAssertEqual(HTMLRenderer.render(MarkdownParser.parse(source, options: .site)),
                       "<p>fo=<a href=\"mailto:mark.owww.cho@ba.cho\">mark.owww.cho@ba.cho</a>@bab</p>\n")
    }

    func testLinkColumnsOfNestedImagesInSourceOrder() {
        XCTAssertEqual(links("![![![a](1)](2)](3) [b](4)\nx [c](5)"), ["3@1:1", "2@1:3", "1@1:5", "4@1:21", "5@2:3"])
    }

    func testLinkColumnsCountCharactersNotBytes() {
        XCTAssertEqual(links("é [a](u) [b](v)"), ["u@1:3", "v@1:10"])
    }

    func testFiveThousandLinksOnOneLineKeepTheirColumns() {
        let columns = MarkdownParser.parse(String(repeating: "[a](u) ", count: 5_000), options: .site).links.map(\.column)
        XCTAssertEqual(columns, (0..<5_000).map { 1 + 7 * $0 })
    }
}
