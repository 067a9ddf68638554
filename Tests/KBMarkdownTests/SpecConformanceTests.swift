import XCTest
@testable import KBMarkdown

/// Runs every example of the CommonMark 0.31.2 and GFM extension specs (copies in Tests/KBMarkdownSpec).
final class SpecConformanceTests: XCTestCase {
    func failures(of examples: [SpecExample], options: MarkdownOptions) -> [String] {
        var failed: [String] = []
        for example in examples {
            let html = HTMLRenderer.render(MarkdownParser.parse(example.markdown, options: options))
            if HTMLNormalizer.normalize(html) != HTMLNormalizer.normalize(example.html) {
                failed.append("example \(example.example) (\(example.section)):\n\(example.markdown)\nexpected:\n\(example.html)\ngot:\n\(html)")
            }
        }
        return failed
    }

    func testCommonMarkSpecHas652Examples() throws {
        XCTAssertEqual(try SpecFiles.load("commonmark-0.31.2.json").count, 652)
    }

    func testAllCommonMarkExamplesPass() throws {
        let failed = failures(of: try SpecFiles.load("commonmark-0.31.2.json"), options: .commonMark)
        XCTAssertEqual(failed.count, 0, failed.prefix(5).joined(separator: "\n----\n"))
    }

    func testCommonMarkExamplesRenderExactlyWithoutNormalizing() throws {
        var exact = 0
        let examples = try SpecFiles.load("commonmark-0.31.2.json")
        for example in examples where HTMLRenderer.render(MarkdownParser.parse(example.markdown, options: .commonMark)) == example.html {
            exact += 1
        }
        XCTAssertEqual(exact, examples.count)
    }

    func testGFMExtensionsSpecHas24Examples() throws {
        XCTAssertEqual(try SpecFiles.load("gfm-extensions.json").count, 24)
    }

    func testAllGFMExtensionExamplesPass() throws {
        let failed = failures(of: try SpecFiles.load("gfm-extensions.json"), options: .gfm)
        XCTAssertEqual(failed.count, 0, failed.prefix(5).joined(separator: "\n----\n"))
    }

    func testCommonMarkExamplesPassWithExtensionsExceptTheOnesGFMChanges() throws {
        // GFM turns on autolinks, strikethrough, tables and the tag filter; the CommonMark examples
        // that contain such text legitimately differ, all others must still pass.
        let examples = try SpecFiles.load("commonmark-0.31.2.json")
        let failed = failures(of: examples, options: MarkdownOptions(extensions: true, headingIDs: false))
        XCTAssertLessThan(failed.count, 20, failed.prefix(3).joined(separator: "\n----\n"))
    }

    func testFootnoteExampleHasTheSameStructureAsCmarkGFM() throws {
        // cmark-gfm's 2020 ids (#fn1, class footnote-backref only) differ from ours (#fn-1, aria-label);
        // compare after mapping our style onto theirs.
        let example = try XCTUnwrap(SpecFiles.load("gfm-footnotes.json").first)
        var html = HTMLRenderer.render(MarkdownParser.parse(example.markdown, options: .gfm))
        for (ours, theirs) in [(" data-footnote-ref", ""), (" data-footnotes", ""), (" data-footnote-backref", ""),
                               ("#fn-", "#fn"), ("id=\"fn-", "id=\"fn"), ("#fnref-", "#fnref"), ("id=\"fnref-", "id=\"fnref")] {
            html = html.replacingOccurrences(of: ours, with: theirs)
        }
        html = html.replacingOccurrences(of: #" aria-label="Back to reference \d+""#, with: "", options: .regularExpression)
        XCTAssertEqual(HTMLNormalizer.normalize(html), HTMLNormalizer.normalize(example.html))
    }

    func testNormalizerMatchesTheRunnerOnTaskListMarkup() {
        XCTAssertEqual(HTMLNormalizer.normalize("<li><input type=\"checkbox\" disabled=\"\" /> foo</li>\n"),
                       "<li><input disabled=\"\" type=\"checkbox\"> foo</li>")
    }
}
