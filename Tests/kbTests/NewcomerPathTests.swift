import Foundation
import XCTest

/// The whole path of someone starting their own help center, with the built kb binary in a temporary folder.
final class NewcomerPathTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-newcomer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func read(_ path: String, in site: URL) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    func testInitThenBuildOverrideEjectAndRefuseToOverwrite() throws {
        let created = try KBExecutable.run(["init", "acme", "--title", "Acme Help"], in: folder)
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stderr.contains("kb build"), "prints the next commands: \(created.stderr)")
        let site = folder.appendingPathComponent("acme")
        let gitignore = try read(".gitignore", in: site)
        for entry in ["Output/", ".Output.kb-spare/", ".Output.kb-lock", ".kb-serve/"] { XCTAssertTrue(gitignore.contains(entry), gitignore) }
        XCTAssertTrue(try read("Articles/_index.md", in: site).contains("title: \"Acme Help\""))

        // kb init then kb build, with no other step and no Templates/ folder.
        let built = try KBExecutable.run(["build"], in: site)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertTrue(built.stderr.contains("Built 2 articles"), built.stderr)
        XCTAssertTrue(built.stderr.contains("theme built into kb"), built.stderr)
        XCTAssertTrue(try read("Output/503-service-unavailable/index.html", in: site).contains("Acme Help"))
        // The sample article shows a callout.
        XCTAssertTrue(try read("Output/503-service-unavailable/index.html", in: site).contains("<div class=\"callout callout-tip\">"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/search-index.json").path)
                      || FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/search/index.html").path))

        // Override one partial: only the footer changes.
        let partials = site.appendingPathComponent("Templates/partials")
        try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true)
        try "<footer class=\"acme\">Acme footer</footer>\n".write(to: partials.appendingPathComponent("footer.html"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try KBExecutable.run(["build"], in: site).status, 0)
        let page = try read("Output/503-service-unavailable/index.html", in: site)
        XCTAssertTrue(page.contains("Acme footer"))
        XCTAssertTrue(page.contains("class=\"site-header\""))

        // Eject one file, list it as overridden, refuse a second eject.
        let eject = try KBExecutable.run(["theme", "eject", "partials/badge.html"], in: site)
        XCTAssertEqual(eject.status, 0, eject.stderr)
        XCTAssertFalse(try read("Templates/partials/badge.html", in: site).isEmpty)
        let list = try KBExecutable.run(["theme", "list"], in: site)
        XCTAssertTrue(list.stdout.contains("partials/badge.html  (overridden"), list.stdout)
        XCTAssertTrue(list.stdout.contains("partials/footer.html  (overridden"), list.stdout)
        XCTAssertTrue(list.stdout.contains("article.html\n"), list.stdout)
        XCTAssertEqual(try KBExecutable.run(["theme", "eject", "partials/badge.html"], in: site).status, 73)
        XCTAssertEqual(try KBExecutable.run(["build"], in: site).status, 0)

        // kb init over an existing site: exit 73, the file named, nothing changed.
        let before = try read("Articles/_index.md", in: site)
        let again = try KBExecutable.run(["init"], in: site)
        XCTAssertEqual(again.status, 73)
        XCTAssertTrue(again.stderr.contains("Articles/_index.md already exists"), again.stderr)
        XCTAssertEqual(try read("Articles/_index.md", in: site), before)
    }

    func testLowContrastAccentFailsWithTheRatioAndRedirectsFileIsWritten() throws {
        XCTAssertEqual(try KBExecutable.run(["init", "--base-url", "https://acme.example/help/"], in: folder).status, 0)
        let index = folder.appendingPathComponent("Articles/_index.md")
        let original = try String(contentsOf: index, encoding: .utf8)
        try original.replacingOccurrences(of: "language: \"en\"\n", with: "language: \"en\"\naccent_color: \"#9ab\"\n")
            .write(to: index, atomically: true, encoding: .utf8)
        let failed = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(failed.status, 65)
        XCTAssertTrue(failed.stderr.contains("Articles/_index.md:"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains(":1 against the light scheme's backgrounds"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("the nearest shade that passes is"), failed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Output").path))

        try original.write(to: index, atomically: true, encoding: .utf8)
        XCTAssertEqual(try KBExecutable.run(["build"], in: folder).status, 0)
        let redirects = try read("Output/_redirects", in: folder)
        XCTAssertTrue(redirects.contains("\n/help/503/ /help/503-service-unavailable/ 301\n"), redirects)
    }

    func testNamedTemplatesFolderThatIsMissingFails() throws {
        XCTAssertEqual(try KBExecutable.run(["init"], in: folder).status, 0)
        let result = try KBExecutable.run(["build", "--templates", "Missing"], in: folder)
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("--templates"), result.stderr)
    }

    func testGitHubPagesWorkflowIsWrittenAndItsBuildCommandWorks() throws {
        XCTAssertEqual(try KBExecutable.run(["init", "--github-pages"], in: folder).status, 0)
        let workflow = try read(".github/workflows/pages.yml", in: folder)
        // The build step runs `kb build` in the site's folder; run that command here the same way.
        let buildLine = try XCTUnwrap(workflow.split(separator: "\n").first { $0.contains("run:") && $0.contains("kb build") })
        XCTAssertTrue(buildLine.hasSuffix("kb build"), String(buildLine))
        XCTAssertTrue(workflow.contains("path: Output"))
        XCTAssertEqual(try KBExecutable.run(["build"], in: folder).status, 0)
    }

    func testNewGuideScaffoldBuildsOnceNotADraft() throws {
        XCTAssertEqual(try KBExecutable.run(["init"], in: folder).status, 0)
        XCTAssertEqual(try KBExecutable.run(["new", "Billing FAQ"], in: folder).status, 0)
        let path = folder.appendingPathComponent("Articles/billing-faq.md")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "draft: true", with: "draft: false")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let built = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertFalse(built.stderr.contains("alias"), built.stderr)
    }
}
