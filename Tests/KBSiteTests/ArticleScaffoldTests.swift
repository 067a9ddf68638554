import Foundation
import XCTest
@testable import KBSite

final class ArticleScaffoldTests: XCTestCase {
    func testNewArticleHasEveryFieldAndSectionAndBuilds() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        let articles = site.root.appendingPathComponent("Articles").path
        let path = try ArticleScaffold.create(title: "504 Gateway Timeout", code: 504, articlesDirectory: articles, today: "2026-11-21")
        XCTAssertTrue(path.hasSuffix("/504-gateway-timeout.md"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for field in ["title:", "code: 504", "summary:", "description:", "tags:", "keywords:", "aliases:", "related:", "updated: 2026-11-21", "draft: true", "weight:"] {
            XCTAssertTrue(text.contains("\n" + field), "missing \(field)")
        }
        for section in ["## What it means", "## Common causes", "## How long it usually lasts", "## What you can do", "## For site owners", "## Is my data safe?"] {
            XCTAssertTrue(text.contains("\n" + section + "\n"), "missing \(section)")
        }
        // The scaffold is a valid draft: it builds with --drafts.
        try site.build(drafts: true)
        XCTAssertTrue(site.exists("504-gateway-timeout/index.html"))
        XCTAssertTrue(site.exists("gateway-timeout/index.html"), "its alias redirect")
        // "What you can do" shows the callout syntax, and it renders as one.
        XCTAssertTrue(text.contains("## What you can do\n\n1. Refresh the page.\n\n> [!TIP]\n> "))
        XCTAssertTrue(try site.read("504-gateway-timeout/index.html").contains("<div class=\"callout callout-tip\">"))
    }

    func testNewRefusesToOverwrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-new-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ArticleScaffold.create(title: "Guide", code: nil, articlesDirectory: folder, today: "2026-11-21")
        XCTAssertThrowsError(try ArticleScaffold.create(title: "Guide", code: nil, articlesDirectory: folder, today: "2026-11-21")) { error in
            XCTAssertTrue(String(describing: error).contains("already exists"))
        }
    }

    func testNewRejectsInvalidCode() {
        XCTAssertThrowsError(try ArticleScaffold.create(title: "X", code: 700, articlesDirectory: "/tmp", today: "2026-11-21"))
    }
}
