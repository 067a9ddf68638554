import XCTest
@testable import KBServer

final class KBServerSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
