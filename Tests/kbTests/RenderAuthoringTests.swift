import XCTest

/// `kb render` shows callouts and heading links; `--commonmark` shows neither.
final class RenderAuthoringTests: XCTestCase {
    let source = "## Fix it\n\n> [!WARNING]\n> Careful.\n"

    func testRenderShowsCalloutsAndHeadingLinks() throws {
        let result = try KBExecutable.run(["render"], stdin: source)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            <h2 id="fix-it">Fix it <a class="heading-link" href="#fix-it" aria-label="Link to this section">#</a></h2>
            <div class="callout callout-warning">
            <p class="callout-title">Warning</p>
            <p>Careful.</p>
            </div>

            """)
    }

    func testCommonMarkRenderHasNeither() throws {
        let result = try KBExecutable.run(["render", "--commonmark"], stdin: source)
        XCTAssertEqual(result.stdout, "<h2>Fix it</h2>\n<blockquote>\n<p>[!WARNING]\nCareful.</p>\n</blockquote>\n")
    }
}
