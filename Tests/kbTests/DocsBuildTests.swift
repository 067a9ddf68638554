import Foundation
import XCTest

/// kb's own manual (`Docs/`) is a kb help center: `kb build --articles Docs` builds it with every check a build
/// makes (links between pages and to their headings included) and prints no warning.
final class DocsBuildTests: XCTestCase {
    static let docs = PortableBinaryTests.repository.appendingPathComponent("Docs")

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testDocsBuildWithoutErrorsOrWarnings() throws {
        // Run outside the checkout, so the build uses the theme built into kb, as a fresh install would.
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("Output")
        let result = try KBExecutable.run(["build", "--articles", DocsBuildTests.docs.path, "--output", output.path], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains("warning"), result.stdout + result.stderr)
        let pages = try FileManager.default.contentsOfDirectory(atPath: DocsBuildTests.docs.path)
            .filter { $0.hasSuffix(".md") && $0 != "_index.md" }
        XCTAssertGreaterThanOrEqual(pages.count, 10, "Docs pages")
        for page in pages {
            let slug = String(page.dropLast(3))
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(slug)/index.html").path), slug)
        }
    }

    func testEveryDocsPageHasTitleSummaryAndWeight() throws {
        for page in try FileManager.default.contentsOfDirectory(atPath: DocsBuildTests.docs.path) where page.hasSuffix(".md") && page != "_index.md" {
            let text = try String(contentsOf: DocsBuildTests.docs.appendingPathComponent(page), encoding: .utf8)
            let frontMatter = text.components(separatedBy: "\n---\n").first ?? ""
            for field in ["title:", "summary:", "weight:"] {
                XCTAssertTrue(frontMatter.contains("\n" + field), "\(page) has no \(field)")
            }
        }
    }

    /// The build the first test runs does check links: a copy of Docs/ with one broken link fails, naming it.
    func testABrokenLinkInTheDocsFailsTheBuild() throws {
        let folder = try temporaryFolder()
        let copy = folder.appendingPathComponent("Docs")
        try FileManager.default.copyItem(at: DocsBuildTests.docs, to: copy)
        let page = copy.appendingPathComponent("commands.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        try (text + "\nSee [the limits](limits.md#no-such-heading) and [a lost page](no-such-page.md).\n")
            .write(to: page, atomically: true, encoding: .utf8)
        let result = try KBExecutable.run(["build", "--articles", copy.path, "--output", folder.appendingPathComponent("Output").path], in: folder)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("commands.md:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no-such-heading"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no-such-page.md"), result.stderr)
    }
}
