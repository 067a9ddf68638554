import Foundation
import XCTest
@testable import KBSite

/// The content checks: each warning (or review note) located at path:line:col with a hint.
final class ContentChecksTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try write("_index.md", "---\ntitle: \"Help\"\n---\n")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: root.appendingPathComponent("Articles").appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func options(strict: Bool = false, today: String = "2026-12-07") -> BuildOptions {
        var options = BuildOptions(articlesDirectory: root.appendingPathComponent("Articles").path,
                                   templatesDirectory: root.appendingPathComponent("Templates").path,
                                   outputDirectory: root.appendingPathComponent("Output").path)
        options.strict = strict
        options.today = today
        return options
    }

    func check(today: String = "2026-12-07") throws -> BuildReport { try SiteBuilder.build(options(today: today), write: false) }

    /// `path:line:col: message` of every warning.
    func warnings(today: String = "2026-12-07") throws -> [String] {
        try check(today: today).warnings.map { "\($0.location): \($0.message)" }
    }

    static let sections = """
    ## What it means

    Text.

    ## Common causes

    Text.

    ## How long it usually lasts

    A minute.

    ## What you can do

    1. Wait.

    ## For site owners

    Fix it.

    ## Is my data safe?

    ### Was anything lost?

    No.

    """

    func article(code: Int = 502, title: String = "502 Bad Gateway", extra: String = "", body: String = sections) -> String {
        "---\ntitle: \"\(title)\"\ncode: \(code)\nsummary: \"Short.\"\n\(extra)---\n\n\(body)"
    }

    func testACompleteStatusArticlePasses() throws {
        try write("502.md", article())
        XCTAssertEqual(try warnings(), [])
    }

    func testMissingSectionIsReportedBeforeTheNextOne() throws {
        try write("502.md", article(body: Self.sections.replacingOccurrences(of: "## How long it usually lasts\n\nA minute.\n\n", with: "")))
        let report = try check()
        XCTAssertEqual(report.warnings.map { "\($0.location): \($0.message)" },
                       ["\(root.appendingPathComponent("Articles").path)/502.md:15:1: the status article has no '## How long it usually lasts' section"]
                        .map { $0.replacingOccurrences(of: root.appendingPathComponent("Articles").path, with: displayRoot) })
        XCTAssertEqual(report.warnings.first?.hint?.hasPrefix("add it before '## What you can do'"), true)
    }

    /// How diagnostics name the articles folder (a path outside the working directory stays absolute).
    var displayRoot: String { ContentLoader.displayName(root.appendingPathComponent("Articles").path) }

    func testSectionsOutOfOrderAreReportedAtTheHeading() throws {
        let swapped = Self.sections.replacingOccurrences(of: "## What it means\n\nText.\n\n## Common causes\n\nText.\n",
                                                         with: "## Common causes\n\nText.\n\n## What it means\n\nText.\n")
        try write("502.md", article(body: swapped))
        XCTAssertEqual(try warnings(), ["\(displayRoot)/502.md:11:1: '## What it means' comes after '## Common causes', out of the standard order"])
    }

    func testGuidesAndOtherClassesAreNotHeldToTheSections() throws {
        try write("guide.md", "---\ntitle: \"A guide\"\ncode: 404\ntype: guide\nsummary: \"Short.\"\n---\n\nText.\n")
        try write("301.md", "---\ntitle: \"301 Moved Permanently\"\ncode: 301\nsummary: \"Short.\"\n---\n\nText.\n")
        XCTAssertEqual(try warnings(), [])
    }

    func testQuestionWithoutAnswer() throws {
        try write("502.md", article(body: Self.sections + "### Is my account at risk?\n"))
        XCTAssertEqual(try warnings(), ["\(displayRoot)/502.md:32:1: the question 'Is my account at risk?' has no answer"])
    }

    func testLongSummary() throws {
        let summary = String(repeating: "x", count: 161)
        try write("guide.md", "---\ntitle: \"Guide\"\nsummary: \"\(summary)\"\n---\n\nText.\n")
        XCTAssertEqual(try warnings(), ["\(displayRoot)/guide.md:3:1: the summary is 161 characters, over 160"])
    }

    func testOneWayRelatedLink() throws {
        try write("a.md", "---\ntitle: \"A\"\nsummary: \"Short.\"\nrelated: [b]\n---\n\nText.\n")
        try write("b.md", "---\ntitle: \"B\"\nsummary: \"Short.\"\n---\n\nText.\n")
        XCTAssertEqual(try warnings(), ["\(displayRoot)/a.md:4:1: 'related' names 'b', but \(displayRoot)/b.md does not name 'a' back"])
        try write("b.md", "---\ntitle: \"B\"\nsummary: \"Short.\"\nrelated: [a]\n---\n\nText.\n")
        XCTAssertEqual(try warnings(), [])
    }

    func testTitleMustCarryTheIANAPhrase() throws {
        try write("413.md", article(code: 413, title: "413 Payload Too Large"))
        XCTAssertEqual(try warnings(), ["\(displayRoot)/413.md:2:1: the title '413 Payload Too Large' does not match the IANA reason phrase for 413, 'Content Too Large'"])
    }

    func testPhraseIsComparedWithoutItsParentheticalAndTheTeapotIsKnown() throws {
        try write("510.md", article(code: 510, title: "510 Not Extended"))
        try write("418.md", article(code: 418, title: "418 I'm a teapot"))
        XCTAssertEqual(try warnings(), [])
    }

    func testVendorCodesAreExemptAndUnregisteredOnesNeedAVendor() throws {
        try write("520.md", article(code: 520, title: "520 Web Server Returned an Unknown Error", extra: "vendor: \"Cloudflare\"\n"))
        try write("599.md", article(code: 599, title: "599 Network Connect Timeout"))
        XCTAssertEqual(try warnings(), ["\(displayRoot)/599.md:3:1: 599 is not a status code of the IANA registry"])
    }

    func testStrictTurnsWarningsIntoErrors() throws {
        try write("413.md", article(code: 413, title: "413 Payload Too Large"))
        XCTAssertThrowsError(try SiteBuilder.build(options(strict: true), write: false)) { error in
            let diagnostics = (error as? BuildFailure)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.map(\.severity), [.error])
            XCTAssertEqual(diagnostics.first?.line, 2)
        }
    }

    func testStaleArticleIsANoteThatStrictLeavesAlone() throws {
        try write("_index.md", "---\ntitle: \"Help\"\nstale_after_days: 30\n---\n")
        try write("a.md", "---\ntitle: \"A\"\nsummary: \"Short.\"\nupdated: 2026-01-10\nreviewed: 2026-10-01\nowner: \"alice\"\n---\n\nText.\n")
        try write("b.md", "---\ntitle: \"B\"\nsummary: \"Short.\"\nupdated: 2026-11-20\n---\n\nText.\n")
        let report = try check()
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(report.reviews.map { "\($0.diagnostic.location): \($0.diagnostic.message)" }, [
            "\(displayRoot)/a.md:5:1: due for review: last reviewed 2026-10-01, 67 days ago (stale_after_days: 30); owner: alice",
        ])
        XCTAssertEqual(report.reviews.first?.diagnostic.severity, .note)
        XCTAssertEqual(report.reviews.first?.owner, "alice")
        // b.md is 17 days old: due only later. Both, oldest first, a year on.
        XCTAssertEqual(try check(today: "2027-12-07").reviews.map(\.diagnostic.path).map { ($0 as NSString).lastPathComponent }, ["a.md", "b.md"])
        XCTAssertNoThrow(try SiteBuilder.build(options(strict: true), write: false))
    }

    func testReviewedDateIsShownOnThePage() throws {
        try write("a.md", "---\ntitle: \"A\"\nsummary: \"Short.\"\nreviewed: 2026-10-01\n---\n\nText.\n")
        try SiteBuilder.build(options())
        let html = try String(contentsOf: root.appendingPathComponent("Output/a/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Last reviewed <time datetime=\"2026-10-01\">October  1, 2026</time>")
                      || html.contains("Last reviewed <time datetime=\"2026-10-01\">October 1, 2026</time>"), html)
    }

    func testDurationTableIsShownAsItsRows() throws {
        try write("502.md", article(body: Self.sections.replacingOccurrences(
            of: "A minute.\n", with: "| Situation | Duration |\n| --- | --- |\n| Restart | Under a minute |\n| Crash | Hours |\n")))
        try SiteBuilder.build(options())
        let html = try String(contentsOf: root.appendingPathComponent("Output/502/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<dd><ul class=\"glance-durations\">\n<li>Restart: Under a minute</li>\n<li>Crash: Hours</li>\n</ul></dd>"), html)
    }

    func testWrongTypeAndStaleSettingAreLocatedErrors() throws {
        try write("_index.md", "---\ntitle: \"Help\"\nstale_after_days: soon\n---\n")
        try write("a.md", "---\ntitle: \"A\"\nsummary: \"Short.\"\ntype: tutorial\n---\n\nText.\n")
        XCTAssertThrowsError(try check()) { error in
            let messages = ((error as? BuildFailure)?.diagnostics ?? []).map { "\(($0.path as NSString).lastPathComponent):\($0.line): \($0.message)" }
            XCTAssertEqual(messages.sorted(), ["_index.md:3: 'stale_after_days' must be a whole number of days, at least 1",
                                               "a.md:4: 'type' must be guide or status, not 'tutorial'"])
        }
    }
}
