import Foundation
import XCTest
@testable import KBSite

/// The guides issue 22 asks for (redirect and success codes, app-level errors, mixed content, captive portals)
/// and the request-chain diagram, checked on a real build of the bundled Articles/.
final class BundledGuidesTests: XCTestCase {
    /// slug → the code the guide carries (nil for guides without one).
    static let guides: [String: Int?] = [
        "301-and-302-redirects": 301, "304-not-modified": 304, "page-loads-forever": nil, "request-chain": nil,
        "something-went-wrong": nil, "usage-limit-reached": nil, "network-error-mid-answer": nil,
        "conversation-not-found": nil, "stuck-spinner": nil, "captive-portal": nil,
        "verify-you-are-human": nil, "upload-failed": nil, "session-expired": nil, "cloudflare-1xxx-errors": nil,
        "no-healthy-upstream": nil, "database-connection-error": nil, "akamai-access-denied": nil, "blocked-by-network": nil, "download-failed": nil, "app-cannot-connect": nil,
    ]
    /// Articles that carry the request-chain diagram inline.
    static let diagramArticles = ["request-chain", "502-bad-gateway", "chat-assistant-bad-gateway"]

    static let built: Result<URL, Error> = Result(catching: {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-guides-\(UUID().uuidString)")
        _ = try SiteBuilder.build(BuildOptions(articlesDirectory: BundledArticlesTests.articlesFolder.path, outputDirectory: output.path))
        return output
    })

    func page(_ path: String) throws -> String {
        try String(contentsOf: try Self.built.get().appendingPathComponent(path), encoding: .utf8)
    }

    func testEveryGuideExistsAsAGuideWithItsCodeSideAndSummary() throws {
        let options = BuildOptions(articlesDirectory: BundledArticlesTests.articlesFolder.path)
        let articles = try ContentLoader.load(options: options, markdown: .site).articles
        let bySlug = Dictionary(uniqueKeysWithValues: articles.map { ($0.slug, $0) })
        for (slug, code) in Self.guides {
            let article = try XCTUnwrap(bySlug[slug], "no guide \(slug)")
            XCTAssertTrue(article.isGuide, "\(slug) is a guide (type: guide or no code)")
            XCTAssertEqual(article.code, code, slug)
            XCTAssertNotNil(article.declaredSide, "\(slug): side:")
            XCTAssertLessThanOrEqual(article.summary.count, 160, "\(slug): summary")
            for other in article.related {
                XCTAssertTrue(bySlug[other]?.related.contains(slug) ?? false, "\(slug) → \(other) is related one way only")
            }
        }
    }

    func testCodeAddressesLeadToTheGuidesAndNoErrorPageIsMadeForThem() throws {
        XCTAssertTrue(try page("301/index.html").contains("301-and-302-redirects/"))
        XCTAssertTrue(try page("302/index.html").contains("301-and-302-redirects/"), "/302/ is an alias of the 301 guide")
        XCTAssertTrue(try page("304/index.html").contains("304-not-modified/"))
        let output = try Self.built.get()
        for code in [301, 304] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("errors/\(code).html").path))
        }
        let table = try page("codes/index.html")
        for code in [301, 304] + BundledArticlesTests.registeredCodes {
            XCTAssertTrue(table.contains(">\(code)</a>"), "the codes table lists \(code)")
        }
    }

    func testTheDiagramSurvivesTheSanitizerWithItsTextEquivalent() throws {
        for slug in Self.diagramArticles {
            let html = try page("\(slug)/index.html")
            // Inside a scrolling box, so phones scroll a legible diagram instead of shrinking it.
            let start = try XCTUnwrap(html.range(of: "<div class=\"diagram-wrap\">\n<svg class=\"diagram\" role=\"img\" aria-labelledby=\"chain-title chain-desc\""), slug)
            let end = try XCTUnwrap(html.range(of: "</svg>", range: start.upperBound..<html.endIndex), slug)
            let svg = String(html[start.lowerBound..<end.upperBound])
            XCTAssertTrue(svg.contains("<title id=\"chain-title\">"), slug)
            XCTAssertTrue(svg.contains("<desc id=\"chain-desc\">"), slug)
            for label in ["521–524", "502 · 504", "503", "511", "Gateway", "App servers"] {
                XCTAssertTrue(svg.contains(label), "\(slug): diagram label \(label)")
            }
            // Colours come from the text colour and the theme's classes, so dark mode and print work.
            XCTAssertFalse(svg.contains("#000") || svg.contains("black") || svg.contains("style="), slug)
            XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 5, "\(slug): five boxes")
            let after = html[end.upperBound...].prefix(1_500)
            XCTAssertTrue(after.contains("request-chain/") || slug == "request-chain", "\(slug): the text equivalent links the guide")
            XCTAssertTrue(after.contains("502") && after.contains("504") && after.contains("521"), "\(slug): a text equivalent follows")
        }
    }
}
