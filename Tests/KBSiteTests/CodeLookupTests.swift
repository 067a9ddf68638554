import Foundation
import KBTestSupport
import XCTest
@testable import KBSite

/// `codes.json` (the error lookup for apps), `error_names`, and the answer cards at `embed/<key>/`.
final class CodeLookupTests: XCTestCase {
    private func lookup(_ site: TestSite) throws -> [String: Any] {
        let data = try Data(contentsOf: site.output.appendingPathComponent("codes.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func entries(_ site: TestSite) throws -> [[String: Any]] {
        try XCTUnwrap(try lookup(site)["errors"] as? [[String: Any]])
    }

    func testCodesJSONHasOneEntryPerKeyFromTheHelpModel() throws {
        let site = try TestSite()
        try site.write("Articles/err-timed-out.md", "---\ntitle: \"ERR_TIMED_OUT\"\nsummary: \"The site did not answer in time.\"\nerror_names: [ERR_TIMED_OUT, ERR_CONNECTION_TIMED_OUT]\n---\n\n## What it means\n\nNo answer.\n")
        try site.build()
        let document = try lookup(site)
        XCTAssertEqual(document["schema"] as? Int, 1)
        XCTAssertEqual(document["site"] as? String, "https://help.example.com/docs/")
        XCTAssertEqual(document["language"] as? String, "en")
        let errors = try entries(site)
        let keys = errors.compactMap { $0["code"] as? String }
        XCTAssertEqual(keys, ["502", "503", "ERR_CONNECTION_TIMED_OUT", "ERR_TIMED_OUT"])
        let bad = try XCTUnwrap(errors.first)
        // Two articles have code 502; the one /502/ serves (no weights: the first by path) answers.
        XCTAssertEqual(bad["title"] as? String, "502 Bad Gateway")
        XCTAssertEqual(bad["url"] as? String, "https://help.example.com/docs/502-bad-gateway/")
        XCTAssertEqual(bad["embed_url"] as? String, "https://help.example.com/docs/embed/502/")
        XCTAssertEqual(bad["summary"] as? String, "A proxy got a bad answer from the server behind it.")
        XCTAssertEqual(bad["side"] as? String, "site")
        XCTAssertEqual(bad["side_text"] as? String, "Usually on the site's side")
        XCTAssertEqual(bad["duration"] as? String, "Usually under a minute.")
        XCTAssertEqual(bad["data_safe"] as? String, "Probably not.", "the first paragraph, under the first question")
        XCTAssertEqual(bad["updated"] as? String, "2026-11-20")
        // No "What you can do": null, not an empty list.
        XCTAssertTrue(bad["steps"] is NSNull, "\(bad)")
        let name = try XCTUnwrap(errors.last)
        XCTAssertEqual(name["url"] as? String, "https://help.example.com/docs/err-timed-out/")
        XCTAssertTrue(name["side"] is NSNull)
        XCTAssertTrue(name["duration"] is NSNull)
        XCTAssertTrue(name["data_safe"] is NSNull)
        XCTAssertTrue(name["updated"] is NSNull)
    }

    func testAnArticleThatOwnsTheCodePathAnswersForIt() throws {
        let site = try TestSite()
        try site.write("Articles/network/502-chat-app.md", "---\ntitle: \"A chat app says 502\"\ncode: 502\nsummary: \"The chat service's gateway failed.\"\naliases: [\"/502/\"]\n---\n\n## What you can do\n\n1. Wait a minute.\n2. Try again.\n")
        try site.build()
        let bad = try XCTUnwrap(try entries(site).first)
        XCTAssertEqual(bad["title"] as? String, "A chat app says 502")
        XCTAssertEqual(bad["steps"] as? [String], ["Wait a minute.", "Try again."])
    }

    func testTheBundledSiteListsEveryCodeAndName() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-codes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        try SiteBuilder.build(BuildOptions(articlesDirectory: TestSite.repository.appendingPathComponent("Articles").path,
                                           templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                           outputDirectory: output.path))
        let data = try Data(contentsOf: output.appendingPathComponent("codes.json"))
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let errors = try XCTUnwrap(document["errors"] as? [[String: Any]])
        let keys = errors.compactMap { $0["code"] as? String }
        XCTAssertEqual(keys, keys.sorted())
        XCTAssertEqual(Set(keys).count, keys.count)
        for code in ["400", "404", "418", "429", "502", "503", "504", "511", "520", "524"] {
            XCTAssertTrue(keys.contains(code), code)
        }
        for entry in errors {
            let key = entry["code"] as? String ?? ""
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("embed/\(key)/index.html").path), key)
            if let steps = entry["steps"] as? [String] { XCTAssertLessThanOrEqual(steps.count, 5, key) }
            if key.allSatisfy(\.isNumber) {
                XCTAssertNotNil(entry["duration"] as? String, "\(key) has no duration")
                XCTAssertNotNil(entry["steps"] as? [String], "\(key) has no steps")
            }
        }
    }

    func testErrorNamesAreCheckedAndBelongToOneArticle() throws {
        let site = try TestSite()
        try site.write("Articles/a.md", "---\ntitle: \"A\"\nsummary: \"A.\"\nerror_names: [ERR_A, err-b]\n---\n\nText.\n")
        try site.write("Articles/b.md", "---\ntitle: \"B\"\nsummary: \"B.\"\nerror_names: [ERR_A]\n---\n\nText.\n")
        let failures = site.failures().filter { $0.severity == .error }
        let format = try XCTUnwrap(failures.first { $0.message.contains("err-b") }, "\(failures)")
        XCTAssertTrue(format.path.hasSuffix("Articles/a.md"))
        XCTAssertEqual(format.line, 4)
        XCTAssertEqual(format.column, 14)
        XCTAssertEqual(format.message, "'error_names' has 'err-b', which is not a browser error name")
        let duplicate = try XCTUnwrap(failures.first { $0.message.contains("lists ERR_A") }, "\(failures)")
        XCTAssertTrue(duplicate.path.hasSuffix("Articles/b.md"), duplicate.path)
        XCTAssertTrue(duplicate.message.hasSuffix("Articles/a.md lists too"), duplicate.message)
        XCTAssertEqual(failures.count, 2, "\(failures)")
    }

    func testAnswerCardsStandAloneAndStaySmall() throws {
        let site = try TestSite()
        try site.remove("Templates")  // the built-in theme's card
        try site.build()
        let card = try site.read("embed/502/index.html")
        XCTAssertLessThanOrEqual(card.utf8.count, 12 * 1024)
        XCTAssertFalse(card.contains("<script"))
        XCTAssertFalse(card.contains("site-header") || card.contains("site-footer") || card.contains("<nav"))
        XCTAssertTrue(card.contains("<meta name=\"robots\" content=\"noindex\">"))
        XCTAssertTrue(card.contains("<link rel=\"canonical\" href=\"https://help.example.com/docs/502-bad-gateway/\">"))
        XCTAssertTrue(card.contains("<a href=\"https://help.example.com/docs/502-bad-gateway/\" target=\"_top\">Read the full article</a>"))
        XCTAssertTrue(card.contains("/docs/assets/style."), "the theme's stylesheet")
        XCTAssertTrue(card.contains("<dd>Usually under a minute.</dd>"))
        XCTAssertTrue(card.contains("<dd>Probably not.</dd>"))
        // Cards are not pages to find: not in the sitemap.
        XCTAssertFalse(try site.read("sitemap.xml").contains("/embed/"))
    }

    func testAnswerCardsNeverScrollSidewaysAt320Pixels() throws {
        let driver = try BrowserDriver()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        try SiteBuilder.build(BuildOptions(articlesDirectory: TestSite.repository.appendingPathComponent("Articles").path,
                                           templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                           outputDirectory: output.path, baseURL: "http://127.0.0.1/"))
        let server = try FixtureHTTPServer(directory: output)
        defer { server.stop() }
        let keys = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("embed").path).sorted()
        var steps: [[String: Any]] = [["viewport": [320, 640]]]
        for key in keys {
            steps.append(["navigate": server.url("/embed/\(key)/")])
            steps.append(["eval": "document.documentElement.scrollWidth"])
        }
        let results = try driver.run(steps)
        for (index, key) in keys.enumerated() {
            XCTAssertEqual(results[2 + index * 2] as? Int, 320, "embed/\(key)/ is wider than the screen")
        }
    }
}
