import Foundation
import XCTest
@testable import KBServer

/// No request may read outside the root; each test tries one way out and expects a refusal without the secret.
final class PathSafetyTests: ServerTestCase {
    private func assertRefused(_ target: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let port = try startPort()
        let response = try exchange(port, "GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue([400, 403, 404].contains(response.status), "\(target) gave \(response.status)", file: file, line: line)
        XCTAssertFalse(response.text.contains("TOP SECRET"), target, file: file, line: line)
    }

    func testPlainDotDotIsRefused() throws {
        try assertRefused("/../secret.txt")
        try assertRefused("/docs/../../secret.txt")
    }

    func testEncodedDotDotIsRefused() throws {
        try assertRefused("/%2e%2e/secret.txt")
        try assertRefused("/%2E%2E%2Fsecret.txt")
        try assertRefused("/docs/%2e%2e/%2e%2e/secret.txt")
        try assertRefused("/.%2e/secret.txt")
    }

    func testDoubleEncodingIsDecodedOnlyOnce() throws {
        let port = try startPort()
        let response = try exchange(port, "GET /%252e%252e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(response.status, 404)
        XCTAssertFalse(response.text.contains("TOP SECRET"))
    }

    func testOverlongUTF8DotsAreRefused() throws {
        try assertRefused("/%c0%ae%c0%ae/secret.txt")
        try assertRefused("/%e0%80%ae%e0%80%ae/secret.txt")
        try assertRefused("/%c0%af../secret.txt")
    }

    func testNulIsRefused() throws {
        let port = try startPort()
        XCTAssertEqual(try exchange(port, "GET /index.html%00.txt HTTP/1.1\r\nHost: x\r\n\r\n").status, 400)
    }

    func testBackslashesAreRefused() throws {
        let port = try startPort()
        XCTAssertEqual(try exchange(port, "GET /..%5csecret.txt HTTP/1.1\r\nHost: x\r\n\r\n").status, 400)
        XCTAssertEqual(try exchange(port, "GET /..\\secret.txt HTTP/1.1\r\nHost: x\r\n\r\n").status, 400)
    }

    func testAbsoluteFormTargetsCannotEscape() throws {
        try assertRefused("http://x/../secret.txt")
        try assertRefused("http://x/%2e%2e/secret.txt")
        try assertRefused("http://../secret.txt")
    }

    func testAbsoluteFormTargetInsideRootIsServed() throws {
        let port = try startPort()
        XCTAssertEqual(try exchange(port, "GET http://localhost/docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n").status, 200)
    }

    func testSymlinkToFileOutsideRootIsRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: site.root + "/leak.txt", withDestinationPath: site.base + "/secret.txt")
        try assertRefused("/leak.txt")
    }

    func testSymlinkToFolderOutsideRootIsRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: site.root + "/escape", withDestinationPath: site.base)
        try assertRefused("/escape/secret.txt")
        try assertRefused("/escape/")
    }

    func testSymlinkInsideRootIsServed() throws {
        try FileManager.default.createSymbolicLink(atPath: site.root + "/alias.html", withDestinationPath: site.root + "/docs/guide.html")
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/alias.html").text, "<html><body>Guide</body></html>\n")
    }

    func testDotDotInsideRootIsResolved() throws {
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/docs/../docs/guide.html").text, "<html><body>Guide</body></html>\n")
    }

    func testRawNonASCIIAndControlBytesAreRefused() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        try client.send(Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        XCTAssertEqual(try client.readResponse().status, 400)
    }

    func testBadPercentEscapeIsRefused() throws {
        let port = try startPort()
        XCTAssertEqual(try exchange(port, "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n").status, 400)
        XCTAssertEqual(try exchange(port, "GET /a%2 HTTP/1.1\r\nHost: x\r\n\r\n").status, 400)
    }

    func testFifoIsNotOpened() throws {
        XCTAssertEqual(mkfifo(site.root + "/pipe", 0o644), 0)
        try assertRefused("/pipe")
    }
}

/// Unit-level checks of the target normalization.
final class RequestPathTests: XCTestCase {
    private func parse(_ target: String) -> Result<RequestPath, HTTPStatus> {
        RequestPath.parse(Array(target.utf8))
    }

    func testDotSegmentsAreRemoved() throws {
        let path = try parse("/a/./b/../c").get()
        XCTAssertEqual(path.segments, ["a", "c"])
        XCTAssertFalse(path.wantsFolder)
    }

    func testTrailingSlashAndDotSegmentMeanFolder() throws {
        XCTAssertTrue(try parse("/a/").get().wantsFolder)
        XCTAssertTrue(try parse("/a/b/..").get().wantsFolder)
        XCTAssertEqual(try parse("/a/b/..").get().segments, ["a"])
    }

    func testClimbingAboveRootIsBadRequest() {
        XCTAssertEqual(parse("/a/../.."), .failure(.badRequest))
    }

    func testEncodedPathRoundTrips() throws {
        XCTAssertEqual(try parse("/a%20b/%C3%A9/").get().encodedPath, "/a%20b/%C3%A9/")
    }

    func testQueryIsKeptAndFragmentDropped() throws {
        let path = try parse("/a?x=1#frag").get()
        XCTAssertEqual(path.segments, ["a"])
        XCTAssertEqual(path.query, Array("x=1".utf8))
    }
}
