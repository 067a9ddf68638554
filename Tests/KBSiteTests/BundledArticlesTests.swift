import Foundation
import XCTest
@testable import KBSite

/// The bundled Articles/ (issue 6): complete front matter, the standard sections, and a clean build.
final class BundledArticlesTests: XCTestCase {
    static let articlesFolder = TestSite.repository.appendingPathComponent("Articles")
    static let statusSections = ["What it means", "Common causes", "How long it usually lasts", "What you can do",
                                 "For site owners", "Is my data safe?"]
    static let tagVocabulary: Set<String> = [
        "client-error", "server-error", "gateway", "authentication", "access", "rate-limit", "timeout", "request", "upload",
        "network", "browser", "dns", "security", "outage", "redirect", "cache", "proxy", "guide",
    ]

    func loadArticles() throws -> [Article] {
        let options = BuildOptions(articlesDirectory: Self.articlesFolder.path)
        let content = try ContentLoader.load(options: options, markdown: .site)
        XCTAssertEqual(content.diagnostics, [], "front matter problems")
        return content.articles
    }

    func testAtLeastThirtyArticlesWithTheRequiredCodes() throws {
        let articles = try loadArticles()
        XCTAssertGreaterThanOrEqual(articles.count, 30)
        let codes = Set(articles.compactMap(\.code))
        for code in [400, 401, 403, 404, 405, 408, 409, 410, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504, 505, 507, 511] {
            XCTAssertTrue(codes.contains(code), "no article for \(code)")
        }
    }

    func testEveryArticleHasCompleteFrontMatter() throws {
        for article in try loadArticles() {
            let name = article.relativePath
            XCTAssertFalse(article.title.isEmpty, name)
            XCTAssertFalse(article.summary.isEmpty, "\(name): summary")
            XCTAssertGreaterThanOrEqual(article.tags.count, 2, "\(name): tags")
            XCTAssertTrue(Set(article.tags).isSubset(of: Self.tagVocabulary), "\(name): tags outside the vocabulary: \(article.tags)")
            XCTAssertGreaterThanOrEqual(article.keywords.count, 3, "\(name): keywords")
            XCTAssertFalse(article.aliases.isEmpty, "\(name): aliases")
            XCTAssertGreaterThanOrEqual(article.related.count, 2, "\(name): related")
            XCTAssertNotNil(article.updated, "\(name): updated")
            if let code = article.code {
                XCTAssertTrue(article.title.hasPrefix("\(code) "), "\(name): a status title starts with its code")
                XCTAssertTrue(article.tags.contains(code >= 500 ? "server-error" : "client-error"), "\(name): class tag")
            } else {
                XCTAssertTrue(article.tags.contains("guide"), "\(name): guides carry the guide tag")
            }
        }
    }

    func testEveryStatusArticleHasTheStandardSectionsInOrder() throws {
        for article in try loadArticles() where article.code != nil {
            let sections = article.document.headings.filter { $0.level == 2 }.map(\.text)
            XCTAssertEqual(sections, Self.statusSections, article.relativePath)
            let questions = ArticleFacts.faq(article)
            XCTAssertGreaterThanOrEqual(questions.count, 3, "\(article.relativePath): FAQ questions")
            XCTAssertTrue(article.document.plainText.contains("RFC"), "\(article.relativePath) cites its RFC")
            XCTAssertNotNil(ArticleFacts.duration(article), "\(article.relativePath): duration sentence")
        }
    }

    func testEveryGuideHasTheReaderSections() throws {
        for article in try loadArticles() where article.code == nil {
            let sections = Set(article.document.headings.filter { $0.level == 2 }.map(\.text))
            XCTAssertTrue(sections.contains("What you can do"), article.relativePath)
            XCTAssertTrue(sections.contains("Is my data safe?"), article.relativePath)
            XCTAssertTrue(sections.contains("What it means") || sections.contains("What is happening"), article.relativePath)
            XCTAssertGreaterThanOrEqual(ArticleFacts.faq(article).count, 3, article.relativePath)
        }
    }

    func testArticlesLinkToEachOtherInTheText() throws {
        for article in try loadArticles() {
            let internalLinks = Set(article.document.links.map(\.destination).filter { $0.contains(".md") })
            XCTAssertGreaterThanOrEqual(internalLinks.count, 2, "\(article.relativePath) links to at least two articles")
        }
    }

    func testBundledSiteBuildsWithoutErrorsOrWarnings() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bundled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(articlesDirectory: Self.articlesFolder.path,
                                   templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                   outputDirectory: output.path)
        do {
            let report = try SiteBuilder.build(options)
            XCTAssertEqual(report.warnings, [])
            XCTAssertGreaterThanOrEqual(report.articleCount, 30)
        } catch let failure as BuildFailure {
            XCTFail("the bundled site must build:\n\(failure)")
        }
    }
}
