// The socket code below uses Glibc's spelling; the servers are tested on Linux (CI installs nginx-light).
#if canImport(Glibc)
import Glibc
import XCTest
import KBTestSupport
@testable import KBSite

/// Real nginx, on loopback, with the generated `errors/nginx.conf` included: it must answer with our pages.
final class NginxErrorPageTests: XCTestCase {
    var site: ErrorPageFixture?
    var server: ServerProcess?
    var port: UInt16 = 0


    override func setUpWithError() throws {
        try super.setUpWithError()
        let executable = try ExternalTool.nginx()
        let built = try ErrorPageFixture()
        site = built
        let temp = built.root.appendingPathComponent("nginx")
        for sub in ["logs", "temp", "static/static"] {
            try FileManager.default.createDirectory(at: temp.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // What a user does with the snippet: point its root at the deployed Output/ folder.
        let snippet = try built.text("nginx.conf")
        XCTAssertTrue(snippet.contains("root \(ErrorPages.rootPlaceholder);"))
        try snippet.replacingOccurrences(of: "root \(ErrorPages.rootPlaceholder);", with: "root \(built.output.path);")
            .write(to: temp.appendingPathComponent("kb-errors.conf"), atomically: true, encoding: .utf8)

        port = try ServerProcess.freePort()
        let closedPort = try ServerProcess.freePort()
        let t = temp.path
        let config = """
        worker_processes 1;
        pid \(t)/logs/nginx.pid;
        error_log \(t)/logs/error.log;
        events { worker_connections 32; }
        http {
            types { text/html html; }
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path \(t)/temp/body;
            proxy_temp_path \(t)/temp/proxy;
            fastcgi_temp_path \(t)/temp/fastcgi;
            uwsgi_temp_path \(t)/temp/uwsgi;
            scgi_temp_path \(t)/temp/scgi;
            server {
                listen 127.0.0.1:\(port);
                include \(t)/kb-errors.conf;
                location /static/ { root \(t)/static; }
                # Nothing listens on this port, so nginx answers 502 itself.
                location / { proxy_pass http://127.0.0.1:\(closedPort); }
            }
        }

        """
        try config.write(to: temp.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)

        server = try ServerProcess(executable: executable,
                                   arguments: ["-p", t + "/", "-e", t + "/logs/error.log", "-c", t + "/nginx.conf", "-g", "daemon off;"],
                                   port: port, log: temp.appendingPathComponent("logs/error.log"))
    }

    override func tearDown() {
        server?.stop()
        server = nil
        site?.remove()
        super.tearDown()
    }

    func testUnreachableUpstreamGives502WithOurPage() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/app/dashboard", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 502 Bad Gateway")
        XCTAssertEqual(reply.header("content-type"), "text/html")
        XCTAssertEqual(reply.body, try fixture.text("502.html"))
    }

    func testMissingStaticFileGives404WithOurPage() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/static/missing.css", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 404 Not Found")
        XCTAssertEqual(reply.body, try fixture.text("404.html"))
    }

    func testErrorPagesCannotBeRequestedDirectly() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/errors/502.html", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 404 Not Found")
        XCTAssertEqual(reply.body, try fixture.text("404.html"))
    }
}

/// A server started as a child process for a test, stopped by its process id.
struct ServerProcess {
    let process: Process

    /// Starts `executable` and waits until it accepts connections on 127.0.0.1:`port`; on failure the error quotes `log`.
    init(executable: String, arguments: [String], port: UInt16, log: URL, environment: [String: String]? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if Loopback.waitUntilListening(port: port, while: process, seconds: 5) { return }
        stop()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw ServerTestError(message: "\(executable) did not start listening on 127.0.0.1:\(port)\n\(text)")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// A port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> UInt16 { try ExternalTool.freePort() }
}

struct ServerTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A blocking TCP connection to 127.0.0.1 with a receive timeout, so a test cannot hang.
struct LoopbackSocket {
    let fd: Int32

    static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerTestError(message: "socket() failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = LoopbackSocket.address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            _ = Glibc.close(fd)
            throw ServerTestError(message: "connect() to 127.0.0.1:\(port) failed")
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw ServerTestError(message: "send() failed") }
            sent += count
        }
    }

    /// Everything until the peer closes the connection.
    func readAll() throws -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return data }
            guard count > 0 else { throw ServerTestError(message: "recv() failed or timed out") }
            data += buffer[0..<count]
        }
    }

    func close() { _ = Glibc.close(fd) }
}

/// A parsed HTTP/1.1 response.
struct HTTPReply {
    var statusLine: String
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }

    static func get(_ path: String, port: UInt16) throws -> HTTPReply {
        let socket = try LoopbackSocket(port: port)
        defer { socket.close() }
        try socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let raw = String(decoding: try socket.readAll(), as: UTF8.self)
        guard let split = raw.range(of: "\r\n\r\n") else { throw ServerTestError(message: "no end of headers in: \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return HTTPReply(statusLine: lines.first ?? "", headers: headers.map { (name: $0.0, value: $0.1) }, body: String(raw[split.upperBound...]))
    }
}
#endif
