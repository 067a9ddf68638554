import Foundation
import XCTest
@testable import KBSite

/// Wrong folders are reported before any article is read (the build never reaches "[1/5] Reading articles",
/// and a broken article in the folder is not reported with them).
final class BuildPreflightTests: XCTestCase {
    private final class Steps: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String] = []
        func add(_ step: String) { lock.lock(); seen.append(step); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return seen }
    }

    /// Builds with `options`; returns the diagnostics it failed with and the progress steps it reached.
    private func failedBuild(_ options: BuildOptions) -> (diagnostics: [String], steps: [String]) {
        let steps = Steps()
        do {
            try SiteBuilder.build(options, write: true, progress: { steps.add($0) })
            XCTFail("the build should have failed")
        } catch let failure as BuildFailure {
            return (failure.diagnostics.map(\.description), steps.all)
        } catch {
            XCTFail("unexpected error \(error)")
        }
        return ([], steps.all)
    }

    private func siteWithABrokenArticle() throws -> TestSite {
        let site = try TestSite()
        // Reading this article would report its front matter; a folder problem must come first and alone.
        try site.write("Articles/broken.md", "---\ntitle: [unclosed\n---\nBody.\n")
        return site
    }

    func testMissingNamedTemplateFolderIsReportedBeforeReadingArticles() throws {
        let site = try siteWithABrokenArticle()
        var options = site.options()
        options.templatesDirectory = site.root.appendingPathComponent("Theme").path
        options.templatesNamed = true
        let result = failedBuild(options)
        XCTAssertEqual(result.diagnostics, [
            "\(ContentLoader.displayName(options.templatesDirectory))/:1:1: the template folder named by --templates does not exist\n"
                + "  hint: create it (kb theme eject copies the default theme there) or leave out --templates to use the theme built into kb",
        ])
        XCTAssertEqual(result.steps, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path))
    }

    func testTemplatesNamingAFileIsReportedBeforeReadingArticles() throws {
        let site = try siteWithABrokenArticle()
        try site.write("theme.html", "<p>not a folder</p>")
        var options = site.options()
        options.templatesDirectory = site.root.appendingPathComponent("theme.html").path
        options.templatesNamed = true
        let result = failedBuild(options)
        XCTAssertEqual(result.diagnostics.count, 1)
        XCTAssertTrue(result.diagnostics.first?.hasSuffix("theme.html/:1:1: --templates names a file, not a folder\n"
            + "  hint: name the folder holding the templates, or leave out --templates to use the theme built into kb") ?? false,
            "\(result.diagnostics)")
        XCTAssertEqual(result.steps, [])
    }

    func testEmptyArticlesFolderIsAnError() throws {
        let site = try TestSite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Articles"))
        try site.write("Articles/images/logo.png", "png")
        let result = failedBuild(site.options())
        XCTAssertEqual(result.diagnostics, [
            "\(ContentLoader.displayName(site.root.appendingPathComponent("Articles").path))/:1:1: the articles folder has no Markdown files\n"
                + "  hint: add one with kb new \"Title\", or run kb init in an empty folder to start a help center",
        ])
        XCTAssertEqual(result.steps, [])
    }

    func testBothFolderProblemsAreReportedTogether() throws {
        let site = try TestSite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Articles"))
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        var options = site.options()
        options.templatesDirectory = site.root.appendingPathComponent("Missing").path
        options.templatesNamed = true
        let result = failedBuild(options)
        XCTAssertEqual(result.diagnostics.map { $0.components(separatedBy: ":1:1: ").last?.components(separatedBy: "\n").first },
                       ["the template folder named by --templates does not exist", "the articles folder has no Markdown files"])
    }

    func testAFolderWithOnlyHiddenMarkdownCountsAsEmpty() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-preflight-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".drafts"), withIntermediateDirectories: true)
        try "x".write(to: folder.appendingPathComponent(".drafts/a.md"), atomically: true, encoding: .utf8)
        XCTAssertFalse(BuildPreflight.containsMarkdown(folder.path))
        try "x".write(to: folder.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        XCTAssertTrue(BuildPreflight.containsMarkdown(folder.path))
    }
}
