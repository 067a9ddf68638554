import Foundation
import XCTest
import KBMarkdown
@testable import KBSite

/// An article without `summary` takes its description from the first paragraph of "What it means" (issue #18).
final class SummaryFallbackTests: XCTestCase {
    private let meaning = "The server you reached is a gateway, and the server behind it sent an answer that could not be used."
    private var article: String {
        "---\ntitle: \"502 Bad Gateway\"\ncode: 502\n---\nAn opening line.\n\n## What it means\n\n" + meaning
            + "\nA *second* line.\n\nAnother paragraph.\n\n## What you can do\n\n1. **Reload.** Try again.\n"
    }

    private func siteWithEmbeddedTheme() throws -> TestSite {
        let site = try TestSite()
        try site.remove("Templates")
        for name in ["502-bad-gateway.md", "503-service-unavailable.md", "clearing-cache.md", "drafty.md", "network"] {
            try site.remove("Articles/" + name)
        }
        return site
    }

    func testDerivedSummaryIsTheFirstParagraphOfWhatItMeansCutAtAWord() {
        let document = MarkdownParser.parse("Intro.\n\n## What it means\n\n" + meaning + "\nA *second* `line` [here](x).\n\nMore.\n")
        let derived = SummaryFallback.derive(from: document)
        XCTAssertEqual(derived?.fromSection, true)
        let text = derived?.text ?? ""
        XCTAssertLessThanOrEqual(text.count, SummaryFallback.maxLength)
        XCTAssertEqual(text, meaning + " A second line here.")
    }

    func testWithoutWhatItMeansTheFirstParagraphIsUsed() {
        let document = MarkdownParser.parse("# Title\n\n- a list\n\nFirst **real** paragraph.\n\n## Other\n\nNo.\n")
        XCTAssertEqual(SummaryFallback.derive(from: document)?.text, "First real paragraph.")
        XCTAssertEqual(SummaryFallback.derive(from: document)?.fromSection, false)
        XCTAssertNil(SummaryFallback.derive(from: MarkdownParser.parse("## Only a heading\n\n```\ncode\n```\n")))
    }

    func testWhatItMeansWithoutAParagraphFallsBackToTheFirstParagraph() {
        let document = MarkdownParser.parse("Lead.\n\n## What it means\n\n- only a list\n\n## Next\n\nLater.\n")
        XCTAssertEqual(SummaryFallback.derive(from: document)?.text, "Lead.")
    }

    func testLongTextIsCutAtAWordBoundaryWithinTheLimit() {
        let words = Array(repeating: "gateway", count: 40).joined(separator: " ")
        let cut = SummaryFallback.cut(words, to: 160)
        XCTAssertLessThanOrEqual(cut.count, 160)
        XCTAssertTrue(cut.hasSuffix("gateway…"), cut)
        XCTAssertEqual(SummaryFallback.cut("short text", to: 160), "short text")
        let oneWord = String(repeating: "x", count: 200)
        XCTAssertEqual(SummaryFallback.cut(oneWord, to: 160).count, 160)
    }

    func testEveryPlaceThatShowsASummaryGetsTheDerivedOne() throws {
        let site = try siteWithEmbeddedTheme()
        defer { site.cleanUp() }
        try site.write("Articles/502-bad-gateway.md", article)
        let report = try site.build()
        let expected = meaning + " A second line."
        let escaped = expected.replacingOccurrences(of: "'", with: "&#39;")
        let page = try site.read("502-bad-gateway/index.html")
        XCTAssertTrue(page.contains("<meta name=\"description\" content=\"\(escaped)\">"), page)
        XCTAssertTrue(page.contains("<meta property=\"og:description\" content=\"\(escaped)\">"), page)
        XCTAssertTrue(page.contains("\"description\":\"\(expected)\""), "JSON-LD description")
        XCTAssertTrue(page.contains("<dd class=\"article-summary\">\(escaped)</dd>"), "at a glance")
        XCTAssertTrue(try site.read("index.html").contains(escaped), "the home page's card")
        XCTAssertTrue(try site.read("feed.xml").contains("<summary>\(escaped)</summary>"))
        XCTAssertTrue(try site.read("errors/502.html").contains(escaped), "the error page")
        let searchFiles = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("search").path)
        let records = try searchFiles.map { try site.read("search/" + $0) }.joined()
        XCTAssertTrue(records.contains(expected), "search records")

        let warning = report.warnings.first { $0.message.contains("no 'summary'") }
        XCTAssertEqual(warning?.path.hasSuffix("502-bad-gateway.md"), true, "\(report.warnings)")
        XCTAssertEqual(warning?.line, 2, "located at the title line")
        XCTAssertEqual(warning?.message, "the article has no 'summary'; kb uses the first paragraph of 'What it means' instead")
    }

    func testCheckWarnsAndAWrittenSummaryIsKept() throws {
        let site = try siteWithEmbeddedTheme()
        defer { site.cleanUp() }
        try site.write("Articles/502-bad-gateway.md", article.replacingOccurrences(of: "code: 502\n", with: "code: 502\nsummary: \"Mine.\"\n"))
        try site.write("Articles/guide.md", "---\nkeywords: [cache]\ntitle: \"Clearing the cache\"\n---\nClear it.\n")
        let report = try SiteBuilder.build(site.options(), write: false)
        XCTAssertFalse(report.warnings.contains { $0.path.hasSuffix("502-bad-gateway.md") && $0.message.contains("summary") })
        let guide = report.warnings.first { $0.path.hasSuffix("guide.md") && $0.message.contains("no 'summary'") }
        XCTAssertEqual(guide?.line, 3, "located at the title line")
        XCTAssertEqual(guide?.message, "the article has no 'summary'; kb uses its first paragraph instead")
    }
}
