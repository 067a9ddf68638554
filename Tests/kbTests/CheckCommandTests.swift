import Foundation
import XCTest

/// `kb check --strict`, `--reviews` and `--today`, and the bundled site passing the strict check.
final class CheckCommandTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try write("_index.md", "---\ntitle: \"Help\"\nstale_after_days: 100\n---\n")
        try write("a.md", "---\ntitle: \"A\"\nsummary: \"Short.\"\nreviewed: 2026-01-01\nowner: \"alice\"\n---\n\nText.\n")
        try write("b.md", "---\ntitle: \"B\"\nsummary: \"Short.\"\nupdated: 2026-03-01\nowner: \"bob\"\n---\n\nText.\n")
        try write("c.md", "---\ntitle: \"C\"\nsummary: \"Short.\"\nupdated: 2025-06-01\n---\n\nText.\n")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: root.appendingPathComponent("Articles").appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func testReviewsAreListedOldestFirstWithACountPerOwner() throws {
        let result = try KBExecutable.run(["check", "--reviews", "--today", "2026-12-07"], in: root)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("  hint:") }
        XCTAssertEqual(lines, [
            "Articles/c.md:4:1: warning: due for review: last updated 2025-06-01, 554 days ago (stale_after_days: 100); owner: (no owner)",
            "Articles/a.md:4:1: warning: due for review: last reviewed 2026-01-01, 340 days ago (stale_after_days: 100); owner: alice",
            "Articles/b.md:4:1: warning: due for review: last updated 2026-03-01, 281 days ago (stale_after_days: 100); owner: bob",
            "3 articles due for review: alice 1, bob 1, (no owner) 1",
        ])
    }

    func testStaleArticlesAreNotesThatOnlyReviewsStrictFails() throws {
        let check = try KBExecutable.run(["check", "--today", "2026-12-07", "--strict"], in: root)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stderr.contains("Articles/c.md:4:1: note: due for review"), check.stderr)
        XCTAssertEqual(try KBExecutable.run(["check", "--reviews", "--strict", "--today", "2026-12-07"], in: root).status, 65)
        XCTAssertEqual(try KBExecutable.run(["check", "--reviews", "--strict", "--today", "2025-06-02"], in: root).status, 0)
    }

    func testStrictTurnsAWarningIntoAnError() throws {
        try write("d.md", "---\ntitle: \"D\"\nsummary: \"\(String(repeating: "x", count: 170))\"\n---\n\nText.\n")
        let plain = try KBExecutable.run(["check", "--today", "2025-06-02"], in: root)
        XCTAssertEqual(plain.status, 0)
        XCTAssertTrue(plain.stderr.contains("Articles/d.md:3:1: warning: the summary is 170 characters, over 160"), plain.stderr)
        let strict = try KBExecutable.run(["check", "--strict", "--today", "2025-06-02"], in: root)
        XCTAssertEqual(strict.status, 65)
        XCTAssertTrue(strict.stderr.contains("Articles/d.md:3:1: error: the summary is 170 characters, over 160"), strict.stderr)
        XCTAssertEqual(try KBExecutable.run(["build", "--strict"], in: root).status, 65)
    }

    func testTodayMustBeADate() throws {
        let result = try KBExecutable.run(["check", "--today", "tomorrow"], in: root)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--today expects a date such as"), result.stderr)
    }

    func testBundledSitePassesTheStrictCheck() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try KBExecutable.run(["check", "--strict", "--articles", "Articles", "--templates", "Templates"], in: repository)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("warning:"), result.stderr)
    }
}
