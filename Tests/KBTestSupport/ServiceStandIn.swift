import Foundation

/// `Scripts/endpoint.py` on a free loopback port: a feedback receiver that logs every post and a status API with
/// one path per kind of answer (see the script), for tests of what a built site sends and shows.
public final class ServiceStandIn: @unchecked Sendable {
    private let server: PythonServer
    private let log: URL
    public var port: UInt16 { server.port }

    /// Starts the stand-in; skips (or fails under CI=1) without python3.
    public init() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("kb-endpoint-\(UUID().uuidString).log")
        self.log = log
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/endpoint.py")
        server = try PythonServer(name: "Scripts/endpoint.py") { port in [script.path, String(port), log.path] }
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every form posted so far, oldest first, as field → value.
    public func posts() -> [[String: String]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
        }
    }

    /// Stops the server and removes its log.
    public func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: log)
    }
}
