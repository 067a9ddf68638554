import XCTest

/// `kb render` highlights fenced code; `--commonmark` stays spec-exact and does not.
final class RenderHighlightTests: XCTestCase {
    let block = "```json\n{\"a\": 1}\n```\n"

    func testRenderHighlightsCode() throws {
        let result = try KBExecutable.run(["render"], stdin: block)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "<pre><code class=\"language-json\"><span class=\"tok-punctuation\">{</span>"
                       + "<span class=\"tok-attribute\">&quot;a&quot;</span><span class=\"tok-punctuation\">:</span> "
                       + "<span class=\"tok-number\">1</span><span class=\"tok-punctuation\">}</span>\n</code></pre>\n")
    }

    func testNoHighlightLeavesCodePlainAndKeepsTheExtensions() throws {
        let result = try KBExecutable.run(["render", "--no-highlight"], stdin: block + "\n~~gone~~\n")
        XCTAssertEqual(result.stdout, "<pre><code class=\"language-json\">{&quot;a&quot;: 1}\n</code></pre>\n<p><del>gone</del></p>\n")
    }

    func testCommonMarkRenderLeavesCodePlain() throws {
        let result = try KBExecutable.run(["render", "--commonmark"], stdin: block)
        XCTAssertEqual(result.stdout, "<pre><code class=\"language-json\">{&quot;a&quot;: 1}\n</code></pre>\n")
    }
}
