import XCTest
@testable import KBServer

final class HTTPRequestParserTests: XCTestCase {
    private func parse(_ text: String) -> HTTPParseResult {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let end = HTTPRequestParser.headEnd(buffer.baseAddress!, from: 0, end: buffer.count) else { return .incomplete }
            return HTTPRequestParser.parse(buffer.baseAddress!, start: 0, end: end)
        }
    }

    private func request(_ text: String) throws -> HTTPRequest {
        guard case .request(let request, _) = parse(text) else { throw TestClientError(description: "not parsed: \(text)") }
        return request
    }

    func testParsesMethodTargetVersionAndConditionalHeaders() throws {
        let parsed = try request("HEAD /a?b HTTP/1.0\r\nIF-NONE-MATCH: \"x\"\r\nrange:  bytes=1-2 \r\n\r\n")
        XCTAssertEqual(parsed.method, .head)
        XCTAssertEqual(parsed.target, Array("/a?b".utf8))
        XCTAssertEqual(parsed.minorVersion, 0)
        XCTAssertEqual(parsed.ifNoneMatch, Array("\"x\"".utf8))
        XCTAssertEqual(parsed.range, Array("bytes=1-2".utf8))
        XCTAssertFalse(parsed.keepAlive)
    }

    func testBareLineFeedsAreAccepted() throws {
        XCTAssertEqual(try request("GET / HTTP/1.1\nHost: x\n\n").method, .get)
    }

    func testConnectionTokensDecideKeepAlive() throws {
        XCTAssertFalse(try request("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, Close\r\n\r\n").keepAlive)
        XCTAssertTrue(try request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
    }

    func testARequestBodyEndsTheConnection() throws {
        let parsed = try request("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        XCTAssertTrue(parsed.hasBody)
        XCTAssertFalse(parsed.keepAlive)
    }

    func testConflictingContentLengthsAreRejected() {
        guard case .failure(.badRequest) = parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") else {
            return XCTFail("accepted conflicting lengths")
        }
    }

    func testHeadEndIsFoundWhenTheTerminatorIsSplit() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            XCTAssertNil(HTTPRequestParser.headEnd(base, from: 0, end: bytes.count - 1))
            let resume = HTTPRequestParser.resumePoint(start: 0, end: bytes.count - 1)
            XCTAssertEqual(HTTPRequestParser.headEnd(base, from: resume, end: bytes.count), bytes.count)
        }
    }
}

final class HTTPDateTests: XCTestCase {
    func testFormatsIMFFixdate() {
        XCTAssertEqual(HTTPDate.format(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDate.format(0), "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    func testParsesWhatItFormats() {
        XCTAssertEqual(HTTPDate.parse(Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)), 784_111_777)
        XCTAssertEqual(HTTPDate.parse(Array("Mon, 29 Feb 2028 23:59:59 GMT".utf8)).map(HTTPDate.format), "Tue, 29 Feb 2028 23:59:59 GMT")
    }

    func testRejectsOtherForms() {
        XCTAssertNil(HTTPDate.parse(Array("Sunday, 06-Nov-94 08:49:37 GMT".utf8)))
        XCTAssertNil(HTTPDate.parse(Array("Sun, 06 Xyz 1994 08:49:37 GMT".utf8)))
    }
}

final class ByteRangeTests: XCTestCase {
    private func range(_ text: String, size: Int = 10) -> ByteRange { ByteRange.parse(Array(text.utf8), size: size) }

    func testSingleRanges() {
        XCTAssertEqual(range("bytes=0-0"), .part(first: 0, last: 0))
        XCTAssertEqual(range("bytes=3-"), .part(first: 3, last: 9))
        XCTAssertEqual(range("bytes=-20"), .part(first: 0, last: 9))
        XCTAssertEqual(range("Bytes=2-99"), .part(first: 2, last: 9))
    }

    func testUnsatisfiableRanges() {
        XCTAssertEqual(range("bytes=10-"), .unsatisfiable)
        XCTAssertEqual(range("bytes=-0"), .unsatisfiable)
    }

    func testMalformedOrMultipleRangesServeTheWholeFile() {
        XCTAssertEqual(range("bytes=5-2"), .whole)
        XCTAssertEqual(range("bytes=a-b"), .whole)
        XCTAssertEqual(range("items=1-2"), .whole)
        XCTAssertEqual(range("bytes=0-1,3-4"), .whole)
    }
}
