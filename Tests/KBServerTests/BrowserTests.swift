import Foundation
import XCTest
import KBTestSupport
@testable import KBServer

/// Runs the injected script in a real headless browser.
final class BrowserTests: ServerTestCase {
    private func chromiumPath() throws -> String { try ExternalTool.chromium() }

    /// The page's DOM after the browser has run it for a few seconds.
    private func renderedDOM(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try chromiumPath())
        // The DOM is dumped after the load event; --timeout is only a safety net.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--timeout=20000", "--dump-dom", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func testBuildErrorsAppearAsATextOverlay() throws {
        _ = try chromiumPath()
        let (server, port) = try startServer(liveReload: true)
        server.showErrors(["Articles/502.md:3:1: unclosed <b>tag</b>"])
        let dom = try renderedDOM("http://127.0.0.1:\(port)/")
        XCTAssertTrue(dom.contains("<h1>Home</h1>"), dom)
        XCTAssertTrue(dom.contains("<pre id=\"kb-build-errors\""), dom)
        XCTAssertTrue(dom.contains("kb: the build failed; showing the last good version.\n\nArticles/502.md:3:1: unclosed &lt;b&gt;tag&lt;/b&gt;</pre>"), dom)
    }

    func testNoOverlayAfterAGoodBuild() throws {
        _ = try chromiumPath()
        let (server, port) = try startServer(liveReload: true)
        server.showErrors(["Articles/502.md:3:1: broken"])
        server.reload()
        let dom = try renderedDOM("http://127.0.0.1:\(port)/")
        XCTAssertTrue(dom.contains("<h1>Home</h1>"), dom)
        XCTAssertFalse(dom.contains("<pre id=\"kb-build-errors\""), dom)
    }
}
