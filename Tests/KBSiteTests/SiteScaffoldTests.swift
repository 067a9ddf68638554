import Foundation
import XCTest
@testable import KBSite

/// `kb init`'s `_index.md` lists every site setting kb reads, so a new help center shows what it can set.
final class SiteScaffoldTests: XCTestCase {
    func testTheInitIndexNamesEverySiteSetting() {
        let text = SiteScaffold.siteIndex(title: "Acme Help", baseURL: "https://acme.example.com/")
        let lines = text.split(separator: "\n").map { $0.hasPrefix("# ") ? $0.dropFirst(2) : $0[...] }
        for key in ContentLoader.siteSettingKeys.sorted() {
            XCTAssertTrue(lines.contains { $0.hasPrefix(key + ":") }, "kb init's _index.md does not mention '\(key)'")
        }
    }
}
