import XCTest
@testable import KBMarkdown

final class KBMarkdownSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
