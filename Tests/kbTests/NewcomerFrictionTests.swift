import Foundation
import XCTest

/// The small stumbles a first-time user met, each fixed: messages that say what to do, nothing silent.
final class NewcomerFrictionTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-friction-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func testWrongFolderSaysWhereItLookedAndWhatToDo() throws {
        let result = try KBExecutable.run(["build"], in: folder)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains(folder.lastPathComponent + "/Articles"), result.stderr)
        XCTAssertTrue(result.stderr.contains("kb init"), result.stderr)
    }

    func testSummaryLineCountsSkippedDraftsAndNotesRobotsUnderASubpath() throws {
        XCTAssertEqual(try KBExecutable.run(["init", "--base-url", "https://acme.example/help/"], in: folder).status, 0)
        XCTAssertEqual(try KBExecutable.run(["new", "Refund policy"], in: folder).status, 0)
        let result = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("Built 2 articles (1 draft skipped, use --drafts)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Sitemap: https://acme.example/help/sitemap.xml"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "robots.txt only at the host's root").count, 2, "said once: \(result.stderr)")
    }

    func testCommaSeparatedTagsWarnWithTheFix() throws {
        XCTAssertEqual(try KBExecutable.run(["init"], in: folder).status, 0)
        let path = "Articles/contacting-support.md"
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        try write(path, text.replacingOccurrences(of: "tags: [guide]", with: "tags: api, billing"))
        let result = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: 'tags: api, billing' is one value, not a list"), result.stderr)
        XCTAssertTrue(result.stderr.contains("tags: [api, billing]"), result.stderr)
    }

    func testAliasEqualToOwnAddressIsOnlyAWarning() throws {
        XCTAssertEqual(try KBExecutable.run(["init"], in: folder).status, 0)
        let path = "Articles/contacting-support.md"
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        try write(path, text.replacingOccurrences(of: "aliases: []", with: "aliases: [\"/contacting-support/\"]"))
        let result = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: the alias /contacting-support/ is the article's own address"), result.stderr)
        let page = try String(contentsOf: folder.appendingPathComponent("Output/contacting-support/index.html"), encoding: .utf8)
        XCTAssertFalse(page.contains("http-equiv=\"refresh\""), "the article itself, not a redirect page")
    }
}
