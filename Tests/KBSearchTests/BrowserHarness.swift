import Foundation
import XCTest
import KBTestSupport
@testable import KBSearch
#if canImport(Glibc)
import Glibc
#endif

/// A fixture site in a temporary directory, served by `python3 -m http.server`, read by headless Chromium.
final class BrowserHarness {
    let root: URL
    let port: Int
    private let server: Process
    private let chromium: String

    /// Creates the site with `populate` and starts the server, or skips the test when a tool is missing.
    init(populate: (URL) throws -> Void) throws {
        let chromium = try ExternalTool.chromium()
        let python = try ExternalTool.python3()
        self.chromium = chromium
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try populate(root)
        port = Int(try ExternalTool.freePort())
        server = Process()
        server.executableURL = URL(fileURLWithPath: python)
        server.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        try waitForServer()
    }

    deinit {
        if server.isRunning { server.terminate(); server.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes `bytes` at `path` under the site root, creating folders.
    func write(_ bytes: [UInt8], to path: String) throws { try Self.write(bytes, to: path, in: root) }

    static func write(_ bytes: [UInt8], to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }


    private func waitForServer() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(socketFD)
            if connected == 0 { return }
            usleep(50_000)
        }
        XCTFail("the fixture HTTP server did not start on port \(port)")
    }

    /// The DOM of `path` (e.g. `/search/?q=502`) after its scripts ran, as dumped by headless Chromium.
    func dumpDOM(_ path: String) throws -> String {
        let profile = root.appendingPathComponent(".chromium-\(UUID().uuidString)")
        let output = root.appendingPathComponent(".dom-\(UUID().uuidString).html")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: chromium)
        browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000", "--dump-dom",
                             "http://127.0.0.1:\(port)\(path)"]
        browser.standardOutput = handle
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        let deadline = Date().addingTimeInterval(60)
        while browser.isRunning && Date() < deadline { usleep(50_000) }
        if browser.isRunning {
            browser.terminate()
            browser.waitUntilExit()
            XCTFail("chromium did not finish within 60 s for \(path)")
        }
        try handle.close()
        let dom = try String(contentsOf: output, encoding: .utf8)
        try? FileManager.default.removeItem(at: profile)
        try? FileManager.default.removeItem(at: output)
        return dom
    }
}

/// Small readers of the dumped DOM.
enum DOMText {
    /// The inner HTML of the first element opening with `openingPrefix` (e.g. `<ol id="search-results"`),
    /// up to the matching closing tag `closing` (elements of that kind do not nest in our pages).
    static func element(_ dom: String, openingPrefix: String, closing: String) -> String? {
        guard let open = dom.range(of: openingPrefix),
              let tagEnd = dom.range(of: ">", range: open.upperBound..<dom.endIndex),
              let close = dom.range(of: closing, range: tagEnd.upperBound..<dom.endIndex) else { return nil }
        return String(dom[tagEnd.upperBound..<close.lowerBound])
    }

    /// The value of the first `attribute="..."` after each occurrence of `marker`.
    static func attributes(_ html: String, after marker: String, named attribute: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let found = rest.range(of: marker) {
            rest = rest[found.upperBound...]
            guard let start = rest.range(of: attribute + "=\""),
                  let end = rest.range(of: "\"", range: start.upperBound..<rest.endIndex) else { break }
            result.append(String(rest[start.upperBound..<end.lowerBound]))
        }
        return result
    }

    /// The links of the results list, best first.
    static func resultLinks(_ dom: String) -> [String] {
        guard let list = element(dom, openingPrefix: "<ol id=\"search-results\"", closing: "</ol>") else { return [] }
        return attributes(list, after: "<li class=\"search-result\"", named: "href")
    }
}
