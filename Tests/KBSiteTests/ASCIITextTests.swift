import XCTest
@testable import KBSite

/// The byte-level text helpers that replace Foundation calls on the rendering path.
final class ASCIITextTests: XCTestCase {
    func testContainsFindsNeedlesAnywhere() {
        XCTAssertTrue(ASCIIText.contains("https://example.com/", "://"))
        XCTAssertTrue(ASCIIText.contains("usually a few minutes", "minute"))
        XCTAssertTrue(ASCIIText.contains("ends with://", "://"))
        XCTAssertTrue(ASCIIText.contains("anything", ""))
        XCTAssertTrue(ASCIIText.contains("über://x", "://"))
    }

    func testContainsRejectsNearMisses() {
        XCTAssertFalse(ASCIIText.contains("/tags/", "://"))
        XCTAssertFalse(ASCIIText.contains(":/", "://"))
        XCTAssertFalse(ASCIIText.contains("", "a"))
        XCTAssertFalse(ASCIIText.contains("mi nute", "minute"))
    }

    func testTrimmedRemovesOnlyASCIIWhitespace() {
        XCTAssertEqual(ASCIIText.trimmed("  \t502 Bad Gateway\r\n"), "502 Bad Gateway")
        XCTAssertEqual(ASCIIText.trimmed(" \n "), "")
        XCTAssertEqual(ASCIIText.trimmed("\u{00A0}x\u{00A0}"), "\u{00A0}x\u{00A0}")
    }
}
