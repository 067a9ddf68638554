import Foundation
import XCTest
@testable import KBSite

/// One mistake is reported once, where it is: an article whose front matter cannot be read still counts, by its
/// slug and headings, for the other articles' `related` lists and links.
final class KnockOnErrorTests: XCTestCase {
    private let linking = "---\ntitle: \"Linking article\"\nrelated: [beta, gamma]\n---\n## Intro\n\n"
        + "See [beta](beta.md), [its part](beta.md#part-two) and [gamma](gamma.md#steps).\n"

    /// The failures of building `site`, each as printed, with paths relative to the site's folder.
    private func failures(_ site: TestSite) -> [String] {
        site.errors().map { $0.description.replacingOccurrences(of: site.root.path + "/", with: "") }
    }

    func testABadDateGivesOneErrorAndNoMissingArticleLinks() throws {
        let site = try TestSite()
        try site.write("Articles/linking.md", linking)
        try site.write("Articles/beta.md", "---\ntitle: \"Beta\"\nupdated: 2026-13-45\n---\n## Part two\n\nText.\n")
        try site.write("Articles/gamma.md", "---\ntitle: \"Gamma\"\n---\n## Steps\n\nText.\n")
        XCTAssertEqual(failures(site), [
            "Articles/beta.md:3:10: '2026-13-45' is not a valid date\n"
                + "  hint: write dates as YYYY-MM-DD (optionally with a time like THH:MM:SSZ), or quote the value to keep it as text",
        ])
    }

    func testAFrontMatterTypoGivesNoRelatedErrorElsewhere() throws {
        let site = try TestSite()
        try site.write("Articles/linking.md", linking)
        try site.write("Articles/beta.md", "---\ntitle: \"Beta\"\n---\n## Part two\n\nText.\n")
        try site.write("Articles/gamma.md", "---\ntitle: \"Gamma\nsummary: \"G.\"\n---\n## Steps\n\nText.\n")
        XCTAssertEqual(failures(site), [
            "Articles/gamma.md:3:11: unexpected text after the closing quote\n"
                + "  hint: a value ends at the closing quote; put all of it inside, or start a comment with ' #'",
        ])
    }

    func testALinkToAHeadingTheUnreadableArticleLacksIsStillReported() throws {
        let site = try TestSite()
        try site.write("Articles/linking.md", "---\ntitle: \"Linking article\"\n---\nSee [beta](beta.md#part-three).\n")
        try site.write("Articles/beta.md", "---\ntitle: \"Beta\"\nupdated: 2026-13-45\n---\n## Part two\n\nText.\n")
        XCTAssertEqual(failures(site), [
            "Articles/beta.md:3:10: '2026-13-45' is not a valid date\n"
                + "  hint: write dates as YYYY-MM-DD (optionally with a time like THH:MM:SSZ), or quote the value to keep it as text",
            "Articles/linking.md:4:5: link to a missing heading '#part-three' in beta.md",
        ])
    }

    func testUnclosedFrontMatterStillRegistersTheSlug() throws {
        let site = try TestSite()
        try site.write("Articles/linking.md", "---\ntitle: \"Linking article\"\nrelated: [beta]\n---\nSee [beta](beta.md#anything).\n")
        try site.write("Articles/beta.md", "---\ntitle: \"Beta\"\n\n## Part two\n")
        XCTAssertEqual(failures(site).map { $0.components(separatedBy: "\n")[0] },
                       ["Articles/beta.md:1:1: front matter opened here is never closed"])
    }

    func testALinkToAFileThatDoesNotExistIsStillAnError() throws {
        let site = try TestSite()
        try site.write("Articles/linking.md", "---\ntitle: \"Linking article\"\n---\nSee [beta](betta.md).\n")
        try site.write("Articles/beta.md", "---\ntitle: \"Beta\"\nupdated: 2026-13-45\n---\nText.\n")
        XCTAssertEqual(failures(site).map { $0.components(separatedBy: "\n")[0] }, [
            "Articles/beta.md:3:10: '2026-13-45' is not a valid date",
            "Articles/linking.md:4:5: link to a missing article 'betta.md'",
        ])
    }
}
