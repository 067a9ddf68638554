import Foundation
import XCTest
@testable import KBSite

/// What kb makes of front matter written for Hugo, Jekyll and MkDocs (Docs/writing-articles.md, "Importing
/// existing docs"): the fields it reads, the ones that reach templates as `extra`, and TOML's located error.
final class ImportedFrontMatterTests: XCTestCase {
    private func parse(_ text: String, name: String = "page.md") throws -> (Article?, [Diagnostic]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let file = SourceFile(relativePath: name, absolutePath: path, stamp: FileStamp(size: 0, modifiedSeconds: 0, modifiedNanoseconds: 0, inode: 0))
        let parsed = ContentLoader.parseFile(file, displayRoot: "Articles", markdown: .site)
        if case .article(let article) = parsed.kind { return (article, parsed.diagnostics) }
        return (nil, parsed.diagnostics)
    }

    func testHugoFields() throws {
        let (article, diagnostics) = try parse("""
            ---
            title: "Hugo page"
            date: 2023-04-01T10:00:00Z
            lastmod: 2024-01-02
            draft: true
            weight: 10
            tags: [http, errors]
            categories: [guides]
            aliases: [/old/hugo/, relative-alias]
            description: "A Hugo page."
            summary: "Short."
            slug: "custom-slug"
            menu:
              main:
                weight: 3
            ---
            Body.
            """)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }, [])
        let page = try XCTUnwrap(article)
        XCTAssertEqual(page.title, "Hugo page")
        XCTAssertTrue(page.draft)
        XCTAssertEqual(page.weight, 10)
        XCTAssertEqual(page.tags, ["http", "errors"])
        XCTAssertEqual(page.aliases, ["/old/hugo/", "/relative-alias/"])
        XCTAssertEqual(page.description, "A Hugo page.")
        XCTAssertEqual(page.slug, "page", "the address comes from the file name, not slug:")
        XCTAssertNil(page.updated, "lastmod is not updated")
        XCTAssertEqual(page.extra.keys, ["date", "lastmod", "categories", "slug", "menu"])
    }

    func testJekyllFields() throws {
        let (article, _) = try parse("""
            ---
            layout: post
            title:  "Jekyll post"
            date:   2023-04-01 10:00:00 +0200
            categories: jekyll update
            permalink: /blog/jekyll/
            published: false
            excerpt: "An excerpt."
            ---
            Body.
            """)
        let page = try XCTUnwrap(article)
        XCTAssertFalse(page.draft, "published: false is not read; write draft: true")
        XCTAssertEqual(page.summary, "Body.", "excerpt is not read; the summary comes from the body")
        XCTAssertEqual(page.extra.keys, ["layout", "date", "categories", "permalink", "published", "excerpt"])
    }

    func testMkDocsFields() throws {
        let (article, diagnostics) = try parse("""
            ---
            title: MkDocs page
            description: A page from MkDocs Material.
            hide:
              - navigation
            status: new
            search:
              boost: 2
            tags:
              - Setup
            ---
            # MkDocs page

            Body text.
            """)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }, [])
        let page = try XCTUnwrap(article)
        XCTAssertEqual(page.tags, ["Setup"])
        XCTAssertEqual(page.summary, "Body text.")
        XCTAssertEqual(page.extra.keys, ["hide", "status", "search"])
    }

    func testTOMLFrontMatterIsALocatedErrorWithTheFix() throws {
        let (_, diagnostics) = try parse("+++\ntitle = \"TOML page\"\n+++\nBody.\n")
        let error = try XCTUnwrap(diagnostics.first { $0.severity == .error })
        XCTAssertEqual([error.line, error.column], [1, 1])
        XCTAssertEqual(error.message, "the article has no title")
        XCTAssertTrue(error.hint?.contains("not TOML between +++") ?? false, error.hint ?? "")
    }

    func testFileWithoutFrontMatterNeedsATitle() throws {
        let (_, diagnostics) = try parse("# Just a heading\n\nText.\n")
        XCTAssertEqual(diagnostics.first { $0.severity == .error }?.message, "the article has no title")
    }
}
