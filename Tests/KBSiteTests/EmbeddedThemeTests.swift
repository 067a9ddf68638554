import Foundation
import XCTest
@testable import KBSite

/// The theme compiled into kb, and a site's `Templates/` overriding it file by file.
final class EmbeddedThemeTests: XCTestCase {
    /// One source of truth: the generated Swift file must hold exactly the bytes of Templates/.
    func testEmbeddedThemeIsByteIdenticalToTemplatesFolder() throws {
        let templates = TestSite.repository.appendingPathComponent("Templates")
        let onDisk = try ContentLoader.listFiles(templates.path).filter { !$0.relativePath.split(separator: "/").contains { $0.hasPrefix(".") } }
        let regenerate = "Templates/ and the embedded theme differ: run Scripts/embed-theme and commit Sources/KBSite/EmbeddedTheme.swift"
        XCTAssertEqual(Set(onDisk.map(\.relativePath)), Set(Theme.files.keys), regenerate)
        for file in onDisk {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: file.absolutePath))
            XCTAssertEqual(Theme.files[file.relativePath], Array(bytes), "\(file.relativePath): \(regenerate)")
        }
    }

    /// A site root with Articles/ only (copied from the fixture) and no Templates/.
    private func siteWithoutTemplates() throws -> TestSite {
        let site = try TestSite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        return site
    }

    func testBuildsWithoutTemplatesFolderUsingTheEmbeddedTheme() throws {
        let site = try siteWithoutTemplates()
        let report = try site.build()
        XCTAssertTrue(report.usedEmbeddedTheme)
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("class=\"site-header\""))
        let assets = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("assets").path)
        XCTAssertTrue(assets.contains { $0.hasPrefix("style.") && $0.hasSuffix(".css") })
        XCTAssertTrue(assets.contains { $0.hasPrefix("search.") && $0.hasSuffix(".js") })
        XCTAssertFalse(home.contains("extra."), "no extra.css link without Templates/assets/extra.css")
    }

    func testOnePartialOverridesOnlyThatFileAndExtraCSSIsLinkedAfterTheTheme() throws {
        let site = try siteWithoutTemplates()
        let templates = site.root.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("partials"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try "<footer>OUR OWN FOOTER</footer>\n".write(to: templates.appendingPathComponent("partials/footer.html"), atomically: true, encoding: .utf8)
        try "a { color: #0b5cad; }\n".write(to: templates.appendingPathComponent("assets/extra.css"), atomically: true, encoding: .utf8)
        let report = try site.build()
        XCTAssertFalse(report.usedEmbeddedTheme)
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("OUR OWN FOOTER"))
        XCTAssertTrue(home.contains("class=\"site-header\""), "the rest still comes from the embedded theme")
        let style = try XCTUnwrap(home.range(of: "/assets/style."))
        let extra = try XCTUnwrap(home.range(of: "/assets/extra."))
        XCTAssertLessThan(style.lowerBound, extra.lowerBound)
    }

    func testTemplateErrorNamesTheFileThatWasUsed() throws {
        let site = try siteWithoutTemplates()
        let templates = site.root.appendingPathComponent("Templates/partials")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{ nope }\n".write(to: templates.appendingPathComponent("footer.html"), atomically: true, encoding: .utf8)
        let diagnostics = site.failures()
        XCTAssertTrue(diagnostics.contains { $0.path.hasSuffix("Templates/partials/footer.html") }, "\(diagnostics)")
        XCTAssertFalse(diagnostics.contains { $0.path.hasPrefix(Theme.embeddedPrefix) }, "\(diagnostics)")
    }

    func testNamedTemplatesFolderThatIsMissingIsAnErrorBeforeArticlesAreRead() throws {
        let site = try siteWithoutTemplates()
        // A broken article would be reported if articles were read; only the missing folder must be.
        try "---\ntitle: [\n---\n".write(to: site.root.appendingPathComponent("Articles/broken.md"), atomically: true, encoding: .utf8)
        var options = site.options()
        options.templatesNamed = true
        XCTAssertThrowsError(try SiteBuilder.build(options)) { error in
            let diagnostics = (error as? BuildFailure)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
            XCTAssertTrue(diagnostics.first?.message.contains("--templates") ?? false)
        }
    }
}
