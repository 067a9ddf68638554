import XCTest
@testable import KBSearch

final class KBSearchSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
