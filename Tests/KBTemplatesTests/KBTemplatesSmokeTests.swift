import XCTest
@testable import KBTemplates

final class KBTemplatesSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
