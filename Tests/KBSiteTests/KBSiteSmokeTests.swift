import XCTest
@testable import KBSite

final class KBSiteSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
