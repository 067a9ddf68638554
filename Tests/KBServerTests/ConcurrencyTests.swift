import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import KBServer

final class ConcurrencyTests: ServerTestCase {
    private func writeBigFile(_ name: String, megabytes: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: megabytes * 1024 * 1024)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 11) }
        try site.write(name, bytes: bytes)
        return bytes
    }

    func testSlowClientDoesNotBlockOthers() throws {
        let port = try startPort()
        let slow = try TestClient(port: port)
        try slow.send("GET /index.html HTTP/1.1\r\nHo")
        XCTAssertEqual(try fetch(port, "/docs/guide.html").status, 200)
        try slow.send("st: x\r\n\r\n")
        XCTAssertEqual(try slow.readResponse().status, 200)
    }

    func testClientThatStopsReadingDoesNotBlockOthers() throws {
        _ = try writeBigFile("big.bin", megabytes: 16)
        let port = try startPort()
        let stalled = try TestClient(port: port)
        try stalled.send("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try fetch(port, "/docs/guide.html").status, 200)
        XCTAssertEqual(try fetch(port, "/index.html").status, 200)
    }

    func testLargeFileIsStreamedCompletely() throws {
        let expected = try writeBigFile("big.bin", megabytes: 16)
        let port = try startPort()
        let response = try fetch(port, "/big.bin")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body.count, expected.count)
        XCTAssertTrue(response.body == expected)
    }

    func testDisconnectMidTransferLeavesTheServerServing() throws {
        _ = try writeBigFile("big.bin", megabytes: 16)
        let port = try startPort()
        for _ in 0..<5 {
            let client = try TestClient(port: port)
            try client.send("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.read(until: "\r\n\r\n")
            // Abort with a reset while the server is still sending.
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client.descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        }
        XCTAssertEqual(try fetch(port, "/docs/guide.html").text, "<html><body>Guide</body></html>\n")
    }

    func testSilentConnectionIsClosedAfterTheHeaderTimeout() throws {
        let (_, port) = try startServer(headerTimeout: .milliseconds(200))
        let client = try TestClient(port: port)
        XCTAssertTrue(client.waitForClose())
    }

    func testTricklingClientGets408() throws {
        let (_, port) = try startServer(headerTimeout: .milliseconds(300))
        let client = try TestClient(port: port)
        try client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        // Keep sending header lines slowly; the deadline counts from the first byte, so this does not help.
        for index in 0..<10 {
            guard (try? client.send("X-\(index): y\r\n")) != nil else { break }
            usleep(100_000)
        }
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(response.header("Connection"), "close")
    }

    func testIdleKeepAliveConnectionIsClosed() throws {
        let (_, port) = try startServer(idleTimeout: .milliseconds(200))
        let client = try TestClient(port: port)
        try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        XCTAssertTrue(client.waitForClose())
    }

    func testAThousandConcurrentConnections() throws {
        let port = try startPort()
        var clients: [TestClient] = []
        for _ in 0..<1000 { clients.append(try TestClient(port: port)) }
        for client in clients { try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n") }
        for client in clients {
            XCTAssertEqual(try client.readResponse().text, "<html><body>Guide</body></html>\n")
        }
    }

    func testConnectionsOverTheLimitGet503() throws {
        let (_, port) = try startServer(maxConnections: 2)
        let first = try TestClient(port: port), second = try TestClient(port: port)
        for client in [first, second] {
            try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 200)
        }
        let third = try TestClient(port: port)
        XCTAssertEqual(try third.readResponse().status, 503)
    }

    func testStoppedServersReleaseEveryDescriptor() throws {
        func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        var before = 0
        for round in 0..<21 {
            // Round 0 lets one-time runtime set-up (thread machinery and the like) open what it keeps.
            if round == 1 { before = try openDescriptors() }
            let server = PreviewServer(configuration: ServerConfiguration(root: site.root, port: 0, liveReload: true))
            let port = try server.start()
            let client = try TestClient(port: port)
            try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            server.stop()
        }
        XCTAssertEqual(try openDescriptors(), before)
    }

    func testStopClosesOpenConnections() throws {
        let (server, port) = try startServer()
        let client = try TestClient(port: port)
        try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        server.stop()
        XCTAssertTrue(client.waitForClose())
        XCTAssertThrowsError(try TestClient(port: port))
    }
}
