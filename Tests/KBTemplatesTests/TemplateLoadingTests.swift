import Foundation
import XCTest
@testable import KBTemplates

final class TemplateLoadingTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "kb-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/partials", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/assets/js", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: directory)
    }

    private func write(_ path: String, _ text: String) throws {
        try text.write(toFile: directory + "/" + path, atomically: true, encoding: .utf8)
    }

    func testLoadsTemplatesRecursivelyExceptAssets() throws {
        try write("base.html", "<{% block b %}{% endblock %}>")
        try write("article.html", "{% extends 'base.html' %}{% block b %}{% include 'partials/x.html' %}{% endblock %}")
        try write("partials/x.html", "{{ v }}")
        try write("feed.xml", "<feed>{{ v }}</feed>")
        try write("robots.txt", "Sitemap: {{ v }}")
        try write("notes.md", "{{ broken")
        try write("assets/page.html", "{{ broken")
        try write("assets/js/x.html", "{% broken %}")
        let engine = try TemplateEngine(directory: directory)
        XCTAssertEqual(engine.templateNames, ["article.html", "base.html", "feed.xml", "partials/x.html", "robots.txt"])
        XCTAssertEqual(try engine.render("article.html", context: ["v": .string("&")]), "<&amp;>")
    }

    func testReportsErrorsWithDisplayPrefix() throws {
        try write("partials/bad.html", "<p>\n{{ x | uper }}</p>")
        XCTAssertThrowsError(try TemplateEngine(directory: directory, displayPrefix: "Theme/")) { error in
            XCTAssertEqual((error as? TemplateErrors)?.description, """
                Theme/partials/bad.html:2:8: unknown filter 'uper' — did you mean 'upper'?
                    2 | {{ x | uper }}</p>
                      |        ^
                """)
        }
    }

    func testMissingDirectoryIsAnError() {
        XCTAssertThrowsError(try TemplateEngine(directory: directory + "/nope")) { error in
            XCTAssertEqual((error as? TemplateErrors)?.errors.first?.message, "template folder '\(directory)/nope' not found")
        }
    }

    func testInvalidUTF8IsAnError() throws {
        try Data([0x3C, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: directory + "/bad.html"))
        XCTAssertThrowsError(try TemplateEngine(directory: directory)) { error in
            XCTAssertEqual((error as? TemplateErrors)?.description, "Templates/bad.html: the file is not valid UTF-8 — save it as UTF-8")
        }
    }

    func testRenderingUnknownTemplateSuggestsName() throws {
        try write("article.html", "a")
        let engine = try TemplateEngine(directory: directory)
        XCTAssertThrowsError(try engine.render("artcle.html", context: [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.description, "Templates/artcle.html: unknown template 'artcle.html' — did you mean 'article.html'?")
        }
    }
}
