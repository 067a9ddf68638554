import XCTest
@testable import KBSearch

final class SearchTokenizerTests: XCTestCase {
    func testSharedFixtureCases() throws {
        let cases = try TokenizerCase.load()
        XCTAssertGreaterThanOrEqual(cases.count, 60)
        for testCase in cases {
            XCTAssertEqual(SearchTokenizer.tokens(testCase.input), testCase.tokens, "input: \(testCase.input)")
        }
    }

    func testStatusCodeQueryKeepsTheCode() {
        XCTAssertEqual(SearchTokenizer.tokens("http 502 error"), ["http", "502", "error"])
    }

    func testInvalidUTF8IsASeparator() {
        let text = String(decoding: [0x61, 0x62, 0xFF, 0x63, 0x64], as: UTF8.self)
        XCTAssertEqual(SearchTokenizer.tokens(text), ["ab", "cd"])
    }

    func testApostropheAtTheEndOfTextEndsTheWord() {
        XCTAssertEqual(SearchTokenizer.tokens("proxies'"), ["proxy"])
    }

    func testPossessiveAtTheEndOfText() {
        XCTAssertEqual(SearchTokenizer.tokens("gateway's"), ["gateway"])
    }
}
