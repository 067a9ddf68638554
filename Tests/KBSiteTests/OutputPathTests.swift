import Foundation
import XCTest
@testable import KBSite

/// Every path a build writes comes from `OutputPath`: nothing in the input can write outside the output folder.
final class OutputPathTests: XCTestCase {
    var site: TestSite!
    override func setUpWithError() throws { site = try TestSite() }
    override func tearDown() { site.cleanUp() }

    private func article(aliases: String) -> String {
        "---\ntitle: \"Escape\"\naliases: \(aliases)\n---\n\nBody.\n"
    }

    func testAliasesThatLeaveTheOutputFolderAreLocatedErrors() throws {
        for alias in ["/../", "/../../etc/x", "/a/../../../../PWNED/", "/./x/", "/a//b/", "/a\\\\b/"] {
            try site.write("Articles/escape.md", article(aliases: "[\"\(alias)\"]"))
            let errors = site.failures().filter { $0.message.contains("the alias") }
            XCTAssertEqual(errors.count, 1, "alias \(alias): \(errors)")
            XCTAssertEqual(errors.first?.line, 3, alias)
            XCTAssertEqual(errors.first?.column, 1, alias)
            XCTAssertTrue(errors.first?.path.hasSuffix("Articles/escape.md") ?? false)
        }
        // Nothing was written above the site folder or beside Articles/.
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("index.html").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.deletingLastPathComponent().appendingPathComponent("PWNED").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("etc").path))
    }

    func testFileAndFolderNamesWithControlCharactersOrBackslashesAreRefused() throws {
        try site.write("Articles/bad\\name.md", "---\ntitle: \"Back\"\n---\n\nBody.\n")
        try site.write("Articles/tab\tsection/_index.md", "---\ntitle: \"Tabbed\"\n---\n")
        try site.write("Articles/image\u{1}.png", "x")
        let messages = site.failures().map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("file name gives the address") && $0.contains("backslash") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("section folder") && $0.contains("control character") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("the file's path") && $0.contains("control character") }, "\(messages)")
    }

    func testTheWriterRefusesEscapingPathsItself() throws {
        let writer = try OutputWriter(outputDirectory: site.output.path)
        defer { writer.discard() }
        for path in ["../x.html", "a/../../x", "/../x", "a/./b", "a\\b", "a\u{0}b", "", "a//b", "nl\n"] {
            XCTAssertThrowsError(try writer.write(path, "x"), path)
        }
        XCTAssertNoThrow(try writer.write("fine/index.html", "x"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("x.html").path))
    }

    func testOrdinaryPathsPass() throws {
        XCTAssertEqual(try OutputPath.serving("/tags/").value, "tags/index.html")
        XCTAssertEqual(try OutputPath.serving("/").value, "index.html")
        XCTAssertEqual(try OutputPath("errors/502.html").value, "errors/502.html")
        XCTAssertEqual(try OutputPath("/ünïcode pages/index.html").value, "ünïcode pages/index.html")
        XCTAssertNil(OutputPath.problem(sitePath: "/..hidden-but-not-dotdot/"))
    }
}
