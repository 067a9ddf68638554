// Hostile sizes: each is handled or refused with a clear error, within bounded memory. No timing asserts.
// 100,000 articles in one folder is measured by Fuzz/bounds.sh (too slow for a debug test run).

import Foundation
import XCTest
@testable import KBSite
import KBMarkdown
import KBTemplates

final class ResourceBoundsTests: XCTestCase {
    /// A `kB` field of /proc/<pid>/status (VmHWM: peak resident memory, VmRSS: current), in bytes.
    private func statusBytes(_ field: String, pid: String = "self") -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    func testFiftyMegabyteArticleRendersInBoundedMemory() throws {
        let chunk = """
            ## Section heading

            A paragraph with **strong**, *emphasis*, `code`, a [link](https://example.com/a) and an
            autolink www.example.com, plus &amp; entities and a footnote.[^1]

            - item one
            - item two with `code`

            | a | b |
            | - | - |
            | 1 | 2 |

            > quoted text

            ```
            fenced code
            ```

            [^1]: The note.


            """
        let copies = 50 * 1024 * 1024 / chunk.utf8.count + 1
        var source = String(repeating: chunk, count: copies)
        XCTAssertGreaterThanOrEqual(source.utf8.count, 50 * 1024 * 1024)
        let before = try XCTUnwrap(statusBytes("VmRSS"))
        var html = HTMLRenderer.render(MarkdownParser.parse(source, options: .site))
        let peak = try XCTUnwrap(statusBytes("VmHWM"))
        XCTAssertTrue(html.hasPrefix("<h2 id=\"section-heading\">Section heading <a class=\"heading-link\""))
        XCTAssertTrue(html.contains("section-heading-\(copies - 1)\""))
        // Generous: about 40 bytes of memory per byte of input at the peak (source, tree, output).
        XCTAssertLessThan(peak - before, 40 * source.utf8.count, "peak memory grew by \(peak - before) bytes")
        source = ""
        html = ""
    }

    func testTwoThousandArticlesInOneFolderBuild() throws {
        let site = try GeneratedSite(articleCount: 2_000)
        defer { site.cleanUp() }
        let report = try SiteBuilder.build(BuildOptions(articlesDirectory: site.articles.path,
                                                        templatesDirectory: site.root.appendingPathComponent("Templates").path,
                                                        outputDirectory: site.output.path, baseURL: nil, includeDrafts: false))
        XCTAssertEqual(report.articleCount, 2_000)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("article-1999/index.html").path))
        XCTAssertEqual(site.temporaryFolders(), [])
    }

    func testTenThousandLevelIncludeChainIsRefusedWithTheDepthLimit() throws {
        var templates: [String: String] = [:]
        for index in 0..<10_000 {
            templates["partials/p\(index).html"] = "{% include \"partials/p\(index + 1).html\" %}"
        }
        templates["partials/p10000.html"] = "bottom"
        let engine = try TemplateEngine(templates: templates)
        XCTAssertThrowsError(try engine.render("partials/p0.html", context: [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "includes nested deeper than 64 levels")
            XCTAssertEqual((error as? TemplateError)?.file, "Templates/partials/p64.html")
        }
    }

    func testRequestFloodLeavesTheServerUpAndBounded() throws {
        let site = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("kb-flood-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: site) }
        try String(repeating: "<p>flood</p>\n", count: 100).write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let pipe = Pipe()
        let server = try KBProgram.start(["serve", "--no-build", "--output", site.path, "--port", "0"], in: site, stdout: pipe)
        defer { server.terminate(); server.waitUntilExit() }
        let port = try XCTUnwrap(readPort(pipe.fileHandleForReading))

        // 50 connections, each sending 100 pipelined requests at once: 5,000 requests.
        let request = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var answered = 0
        for _ in 0..<50 {
            let socket = try XCTUnwrap(connectLoopback(port))
            defer { close(socket) }
            let batch = Array([[UInt8]](repeating: request, count: 100).joined())
            XCTAssertEqual(batch.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }, batch.count)
            answered += countResponses(socket, expected: 100)
        }
        XCTAssertEqual(answered, 5_000)
        XCTAssertTrue(server.isRunning)
        let rss = try XCTUnwrap(statusBytes("VmRSS", pid: String(server.processIdentifier)))
        XCTAssertLessThan(rss, 512 * 1024 * 1024, "server resident memory after the flood: \(rss) bytes")
        // Still answering.
        let socket = try XCTUnwrap(connectLoopback(port))
        defer { close(socket) }
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        XCTAssertEqual(countResponses(socket, expected: 1), 1)
    }

    private func readPort(_ handle: FileHandle) -> Int? {
        var text = ""
        while !text.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { return nil }
            text += String(decoding: data, as: UTF8.self)
        }
        // "Serving DIR at http://127.0.0.1:PORT/"
        guard let range = text.range(of: "127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    private func connectLoopback(_ port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { close(descriptor); return nil }
        return descriptor
    }

    /// Reads until `expected` status lines arrived (or the connection ends), returning how many did.
    private func countResponses(_ socket: Int32, expected: Int) -> Int {
        let marker = Array("HTTP/1.1 200".utf8)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var count = 0, scanned = 0
        while count < expected {
            let read = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if read <= 0 { break }
            received += buffer[0..<read]
            while scanned + marker.count <= received.count {
                if received[scanned..<(scanned + marker.count)].elementsEqual(marker) { count += 1 }
                scanned += 1
            }
        }
        return count
    }
}
