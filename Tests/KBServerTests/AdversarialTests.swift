import XCTest
@testable import KBServer

/// Seeded pseudo-random inputs: the same bytes every run, so a failure reproduces.
private struct SeededBytes {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func bytes(from alphabet: [UInt8], maxCount: Int) -> [UInt8] {
        (0..<next(below: maxCount)).map { _ in alphabet[next(below: alphabet.count)] }
    }
}

final class AdversarialTests: XCTestCase {
    func testRandomHeadsParseOrFailWithAClientOrServerError() {
        var random = SeededBytes(seed: 42)
        let alphabet = Array("GETHOST /:\r\n\r\n\t%.aZ09-,\u{7f}".utf8) + [0, 0x80, 0xC0]
        for _ in 0..<20_000 {
            let bytes = Array("GET / HTTP/1.1\r\n".utf8) + random.bytes(from: alphabet, maxCount: 120) + Array("\r\n\r\n".utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let end = HTTPRequestParser.headEnd(buffer.baseAddress!, from: 0, end: buffer.count) else {
                    return XCTFail("no head end in \(bytes)")
                }
                switch HTTPRequestParser.parse(buffer.baseAddress!, start: 0, end: end) {
                case .request(_, let length): XCTAssertEqual(length, end)
                case .failure(let status): XCTAssertGreaterThanOrEqual(status.rawValue, 400)
                case .incomplete: XCTFail("a complete head reported incomplete")
                }
            }
        }
    }

    func testRandomTargetsNeverLeaveTheRoot() {
        var random = SeededBytes(seed: 7)
        let alphabet = Array("/..%2e%2E%2f%5c%00%c0%aeab\\".utf8)
        for _ in 0..<50_000 {
            let target = [47] + random.bytes(from: alphabet, maxCount: 40)
            guard case .success(let path) = RequestPath.parse(target) else { continue }
            for segment in path.segments {
                XCTAssertFalse(segment.isEmpty || segment == "." || segment == "..", "\(target)")
                XCTAssertFalse(segment.utf8.contains { $0 == 47 || $0 == 92 || $0 == 0 }, "\(target)")
            }
        }
    }
}

final class GarbageOverTheWireTests: ServerTestCase {
    func testGarbageConnectionsLeaveTheServerServing() throws {
        let port = try startPort()
        var random = SeededBytes(seed: 99)
        for _ in 0..<50 {
            let client = try TestClient(port: port)
            var bytes: [UInt8] = []
            for _ in 0..<random.next(below: 300) { bytes.append(UInt8(random.next(below: 256))) }
            bytes += [13, 10, 13, 10]
            try? client.send(bytes)
        }
        XCTAssertEqual(try fetch(port, "/docs/guide.html").text, "<html><body>Guide</body></html>\n")
    }
}
