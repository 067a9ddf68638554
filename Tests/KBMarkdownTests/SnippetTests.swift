import XCTest
import KBMarkdown
import KBTestSupport

/// Snippet includes and shortcode problems in KBMarkdown, with an in-memory lookup.
final class SnippetTests: XCTestCase {
    let options = MarkdownOptions.site

    func parse(_ source: String, _ files: [String: String]) -> MarkdownDocument {
        MarkdownParser.parse(source, options: options) { name in
            guard let text = files[name] else {
                return .missing(hint: files.keys.sorted().first.map { "did you mean '\($0)'?" })
            }
            return .found(source: text, file: "_snippets/\(name).md")
        }
    }

    func html(_ document: MarkdownDocument) -> String { HTMLRenderer.render(document) }

    func testIncludedAsIfWrittenThere() {
        let files = ["cache": "Clear the **cache** for [that site](clearing.md).\n\n## After clearing\n\nSign in again.\n"]
        let document = parse("# T\n\nBefore.\n\n{{< snippet \"cache\" >}}\n\nAfter.\n", files)
        XCTAssertEqual(html(document), """
            <h1 id="t">T</h1>
            <p>Before.</p>
            <p>Clear the <strong>cache</strong> for <a href="clearing.md">that site</a>.</p>
            <h2 id="after-clearing">After clearing <a class="heading-link" href="#after-clearing" aria-label="Link to this section">#</a></h2>
            <p>Sign in again.</p>
            <p>After.</p>

            """)
        XCTAssertEqual(document.problems, [])
        XCTAssertEqual(document.includedSnippets, ["_snippets/cache.md"])
        XCTAssertEqual(document.headings.map(\.id), ["t", "after-clearing"])
        XCTAssertEqual(document.headings[1].origin, SnippetOrigin(file: "_snippets/cache.md", line: 5, column: 1))
        XCTAssertEqual(document.headings[1].line, 3)
        let link = document.links[0]
        XCTAssertEqual([link.line, link.column], [1, 25])
        XCTAssertEqual(link.origin, SnippetOrigin(file: "_snippets/cache.md", line: 5, column: 1))
        XCTAssertTrue(document.plainText.contains("Clear the cache for that site."))
    }

    func testInsideAListItemAndAQuote() {
        let files = ["step": "**Try another network**, such as mobile data.\n"]
        let document = parse("1. Reload.\n2. {{< snippet \"step\" >}}\n\n> {{< snippet \"step\" >}}\n", files)
        XCTAssertEqual(html(document), """
            <ol>
            <li>Reload.</li>
            <li><strong>Try another network</strong>, such as mobile data.</li>
            </ol>
            <blockquote>
            <p><strong>Try another network</strong>, such as mobile data.</p>
            </blockquote>

            """)
    }

    func testHeadingIDsStayUniqueAcrossIncludes() {
        let files = ["h": "## Fix\n"]
        let document = parse("## Fix\n\n{{< snippet \"h\" >}}\n\n{{< snippet \"h\" >}}\n", files)
        XCTAssertEqual(document.headings.map(\.id), ["fix", "fix-1", "fix-2"])
        XCTAssertEqual(document.includedSnippets, ["_snippets/h.md"])
    }

    func testNestedSnippetsAndTheirOrigins() {
        let files = ["outer": "Outer.\n\n{{< snippet \"inner\" >}}\n", "inner": "Inner [x](y.md).\n"]
        let document = parse("Text.\n\n  {{< snippet \"outer\" >}}\n", files)
        XCTAssertEqual(html(document), "<p>Text.</p>\n<p>Outer.</p>\n<p>Inner <a href=\"y.md\">x</a>.</p>\n")
        XCTAssertEqual(document.includedSnippets, ["_snippets/outer.md", "_snippets/inner.md"])
        // The link is in inner.md at 1:7; the article's directive (the outermost) is at 3:3.
        XCTAssertEqual(document.links[0].origin, SnippetOrigin(file: "_snippets/inner.md", line: 3, column: 3))
        XCTAssertEqual([document.links[0].line, document.links[0].column], [1, 7])
    }

    func testMissingSnippetAtTheDirective() {
        let document = parse("Text.\n\n{{< snippet \"cach\" >}}\n", ["cache": "x"])
        XCTAssertEqual(document.problems, [MarkdownProblem(line: 3, column: 1, message: "no snippet named 'cach'", hint: "did you mean 'cache'?")])
        XCTAssertEqual(html(document), "<p>Text.</p>\n")
    }

    func testCyclesAndDepthNameTheChain() {
        let cycle = parse("{{< snippet \"a\" >}}\n", ["a": "A\n\n{{< snippet \"b\" >}}\n", "b": "B\n\n{{< snippet \"a\" >}}\n"])
        XCTAssertEqual(cycle.problems, [MarkdownProblem(
            line: 3, column: 1, message: "snippet '_snippets/a.md' includes itself: _snippets/a.md → _snippets/b.md → _snippets/a.md",
            hint: "remove the {{< snippet >}} that closes the loop", origin: SnippetOrigin(file: "_snippets/b.md", line: 1, column: 1))])
        XCTAssertEqual(html(cycle), "<p>A</p>\n<p>B</p>\n")

        var chain: [String: String] = [:]
        for k in 0..<12 { chain["s\(k)"] = "S\(k)\n\n{{< snippet \"s\(k + 1)\" >}}\n" }
        chain["s12"] = "end\n"
        let deep = parse("{{< snippet \"s0\" >}}\n", chain)
        XCTAssertEqual(deep.problems.count, 1)
        XCTAssertTrue(deep.problems[0].message.hasPrefix("snippets nest more than 8 deep: _snippets/s0.md → _snippets/s1.md →"), deep.problems[0].message)
        XCTAssertTrue(deep.problems[0].message.hasSuffix("_snippets/s8.md"))
        XCTAssertEqual(deep.problems[0].origin?.file, "_snippets/s7.md")
    }

    func testOtherShortcodesAreLocatedProblems() {
        let document = parse("Intro.\n\nSee {{< youtube id=\"x\" >}} and {{< snippet \"a\" >}} here.\n\n{{< snippet a >}}\n", ["a": "A"])
        XCTAssertEqual(document.problems.map { "\($0.line):\($0.column) \($0.message)" }, [
            "3:5 '{{< youtube id=\"x\" >}}' is a shortcode, and kb has none but {{< snippet \"NAME\" >}}",
            "3:32 a snippet must be written alone in its paragraph, as {{< snippet \"NAME\" >}}",
            "5:1 a snippet must be written alone in its paragraph, as {{< snippet \"NAME\" >}}",
        ])
        XCTAssertEqual(document.problems[0].hint,
                       "to show it as text, write it in a code span or as Hugo escapes it: `{{< youtube id=\"x\" >}}` or {{</* youtube id=\"x\" */>}}")
    }

    func testLiteralFormsAreNotProblems() {
        let document = parse("Write `{{< snippet \"a\" >}}` or {{</* snippet \"a\" */>}}.\n\n```\n{{< snippet \"a\" >}}\n```\n", [:])
        XCTAssertEqual(document.problems, [])
        XCTAssertEqual(html(document), """
            <p>Write <code>{{&lt; snippet &quot;a&quot; &gt;}}</code> or {{&lt; snippet &quot;a&quot; &gt;}}.</p>
            <pre><code>{{&lt; snippet &quot;a&quot; &gt;}}
            </code></pre>

            """)
    }

    func testWithoutALookupNothingIsIncluded() {
        let document = MarkdownParser.parse("{{< snippet \"a\" >}}\n", options: .gfm)
        XCTAssertEqual(document.problems, [])
        XCTAssertEqual(HTMLRenderer.render(document), "<p>{{&lt; snippet &quot;a&quot; &gt;}}</p>\n")
    }

    /// A snippet that names itself many times, nested: the include limits stop it.
    func testIncludeLimitsStopExponentialGrowth() {
        let fan = String(repeating: "{{< snippet \"s\" >}}\n\n", count: 20)
        var files: [String: String] = [:]
        for k in 0..<8 { files[k == 0 ? "s" : "s\(k)"] = fan.replacingOccurrences(of: "\"s\"", with: "\"s\(k + 1)\"") }
        files["s8"] = "leaf\n"
        let document = parse(fan, files)
        XCTAssertTrue(document.problems.contains { $0.message.hasPrefix("this document includes too much snippet text") },
                      "\(document.problems.prefix(3))")
        XCTAssertLessThanOrEqual(document.headings.count + document.blocks.count, SnippetLimits.maxIncludes * 2)
    }

    /// Growth, not time: many directives, many shortcodes, and `{{<` without a close stay linear.
    func testScansStayLinear() {
        let shapes = [("{{< snippet \"a\" >}}\n\n", 800), ("x {{< y >}} ", 20_000), ("{{<", 30_000), ("{{</* ", 30_000),
                      ("{{< snippet \"zz\" >}}\n\n", 2_000)]
        for (shape, n) in shapes {
            let (small, large) = Growth.ratio(small: n) { count in
                _ = self.parse(String(repeating: shape, count: count), ["a": "Step **one**.\n"])
            }
            XCTAssertLessThan(large, small * 15, "\(shape.debugDescription): x\(n * 10) took \(large)s, x\(n) took \(small)s")
        }
    }
}
