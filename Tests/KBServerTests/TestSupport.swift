import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import KBServer

/// A parsed HTTP response as a test sees it.
struct ReceivedResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A blocking client on a real socket; every read gives up after a generous deadline instead of hanging.
final class TestClient {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int, receiveTimeoutSeconds: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw TestClientError(description: "connect: \(String(cString: strerror(code)))")
        }
    }

    deinit { Glibc.close(descriptor) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestClientError(description: "send failed: \(String(cString: strerror(errno)))") }
            offset += count
        }
    }

    /// Reads more bytes; false on end of stream or reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            pending += chunk[0..<count]
            return true
        }
        if count == 0 || errno == ECONNRESET { return false }
        throw TestClientError(description: "no data before the deadline (\(String(cString: strerror(errno))))")
    }

    /// Reads one response; the body is framed by Content-Length, or runs to the end of the stream.
    func readResponse(method: String = "GET") throws -> ReceivedResponse {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = pending.firstRange(of: terminator) { headEnd = range.upperBound; break }
            guard try fill() else { throw TestClientError(description: "connection closed before a response head") }
        }
        guard let headEnd else { throw TestClientError(description: "no head") }
        let head = String(decoding: pending[0..<(headEnd - 4)], as: UTF8.self)
        pending.removeFirst(headEnd)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestClientError(description: "bad status line in \(head)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = ReceivedResponse(status: status, headers: headers, body: [])
        if method == "HEAD" || status == 304 { return response }
        if let lengthText = response.header("Content-Length"), let length = Int(lengthText) {
            while pending.count < length {
                guard try fill() else { throw TestClientError(description: "closed after \(pending.count) of \(length) body bytes") }
            }
            response.body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            while try fill() {}
            response.body = pending
            pending = []
        }
        return response
    }

    /// Reads until `marker` has arrived; returns everything read so far.
    func read(until marker: String) throws -> String {
        let needle = Array(marker.utf8)
        while pending.firstRange(of: needle) == nil {
            guard try fill() else { throw TestClientError(description: "closed before '\(marker)'") }
        }
        return String(decoding: pending, as: UTF8.self)
    }

    /// True when the server closes the connection (end of stream or reset) before the read deadline.
    func waitForClose() -> Bool {
        while true {
            do {
                if try !fill() { return true }
            } catch {
                return false
            }
        }
    }
}

/// A site folder in a fresh temporary directory, with a secret file beside it (outside the root).
final class FixtureSite {
    let base: String
    let root: String

    init() throws {
        base = NSTemporaryDirectory() + "kb-server-tests-" + UUID().uuidString
        root = base + "/site"
        try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        try write("index.html", "<!doctype html><html><body><h1>Home</h1></body></html>\n")
        try write("404.html", "<html><body><p>Custom missing page</p></body></html>\n")
        try write("docs/index.html", "<html><body>Docs index</body></html>\n")
        try write("docs/guide.html", "<html><body>Guide</body></html>\n")
        try "TOP SECRET\n".write(toFile: base + "/secret.txt", atomically: true, encoding: .utf8)
    }

    func write(_ relative: String, _ text: String) throws {
        try text.write(toFile: root + "/" + relative, atomically: false, encoding: .utf8)
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        _ = FileManager.default.createFile(atPath: root + "/" + relative, contents: Data(bytes))
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }
}

/// Base class: one fixture site and the servers a test starts, all stopped afterwards.
class ServerTestCase: XCTestCase {
    var site: FixtureSite!
    private var servers: [PreviewServer] = []

    override func setUpWithError() throws {
        site = try FixtureSite()
    }

    override func tearDown() {
        for server in servers { server.stop() }
        servers = []
        site = nil
    }

    /// Starts a server on an ephemeral loopback port and returns it with its port.
    func startServer(liveReload: Bool = false, headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30),
                     maxConnections: Int = 2048, portable: Bool = false) throws -> (PreviewServer, Int) {
        var configuration = ServerConfiguration(root: site.root, port: 0, liveReload: liveReload, headerTimeout: headerTimeout,
                                                idleTimeout: idleTimeout, maxConnections: maxConnections)
        configuration.usePortablePoller = portable
        let server = PreviewServer(configuration: configuration)
        let port = try server.start()
        servers.append(server)
        return (server, port)
    }

    /// Starts a default server and returns its port.
    func startPort(liveReload: Bool = false) throws -> Int {
        try startServer(liveReload: liveReload).1
    }

    /// One request on a fresh connection.
    func fetch(_ port: Int, _ target: String, method: String = "GET", headers: [String] = []) throws -> ReceivedResponse {
        let client = try TestClient(port: port)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for header in headers { request += header + "\r\n" }
        try client.send(request + "\r\n")
        return try client.readResponse(method: method)
    }

    /// Sends raw bytes and reads one response.
    func exchange(_ port: Int, _ raw: String) throws -> ReceivedResponse {
        let client = try TestClient(port: port)
        try client.send(raw)
        return try client.readResponse()
    }
}
