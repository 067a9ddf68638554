import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A python3 program serving on a free loopback port until stopped: what the test servers below run on.
public final class PythonServer: @unchecked Sendable {
    public let port: UInt16
    private let process = Process()

    /// Starts `python3` with `arguments(port)`; skips (or fails under CI=1) without python3, and throws when
    /// nothing listens on the port within 15 s (`name` says what did not start).
    public init(name: String, arguments: (UInt16) -> [String]) throws {
        let python = try ExternalTool.python3()
        port = try ExternalTool.freePort()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments(port)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard Loopback.waitUntilListening(port: port, while: process, seconds: 15) else {
            stop()
            throw MissingTool(message: "\(name) did not start on 127.0.0.1:\(port)")
        }
    }

    deinit { stop() }

    /// Stops the server (again is harmless).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// `python3 -m http.server` serving a folder on a free loopback port until stopped: how browser tests load a
/// built site (Chromium needs http: for fetch and module rules that file: URLs do not follow).
public final class FixtureHTTPServer: @unchecked Sendable {
    private let server: PythonServer
    public var port: UInt16 { server.port }

    /// Starts serving `directory`; skips (or fails under CI=1) without python3, throws when it does not listen.
    public init(directory: URL) throws {
        server = try PythonServer(name: "python3 -m http.server") { port in
            ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path]
        }
    }

    /// The absolute URL of a site path such as `/search/?q=502`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops the server (again is harmless).
    public func stop() { server.stop() }
}

/// Loopback connection checks, for waiting until a server a test started is listening.
public enum Loopback {
    /// True when something accepts TCP connections on 127.0.0.1:`port` right now.
    public static func accepts(port: UInt16) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        #else
        return false
        #endif
    }

    /// Polls until `port` accepts connections; false when `process` exits first or `seconds` pass.
    public static func waitUntilListening(port: UInt16, while process: Process, seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if accepts(port: port) { return true }
            if !process.isRunning { return false }
            usleep(50_000)
        }
        return accepts(port: port)
    }
}
