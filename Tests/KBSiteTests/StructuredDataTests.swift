import XCTest
@testable import KBSite

final class StructuredDataTests: XCTestCase {
    func testJSONStringsCannotCloseTheScriptElement() {
        let text = JSONText.string("a\"b\\c</script><!-- \u{2028}\u{2029}\u{1}é\n").text
        XCTAssertEqual(text, "\"a\\\"b\\\\c\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029\\u0001é\\n\"")
    }

    func testObjectsKeepKeyOrder() {
        let value = JSONText.object([("b", .number(1)), ("a", .array([.bool(true), .string("x")]))])
        XCTAssertEqual(value.text, "{\"b\":1,\"a\":[true,\"x\"]}")
    }
}
