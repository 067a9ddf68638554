import Foundation
import XCTest
import KBTestSupport
@testable import KBSite

/// The Copy button search.js adds to code blocks, driven in headless Chromium with real key presses
/// (the DevTools protocol through `BrowserDriver`).
final class CopyButtonBrowserTests: XCTestCase {
    private let article = """
    ---
    title: "Code"
    summary: "Two code blocks."
    type: guide
    ---
    ## What you can do

    Check the [home page](/) first.

    ```console
    $ curl -I https://example.com
    HTTP/2 502
    ```

    ```nginx
    proxy_read_timeout 60s;
    ```

    """

    private func served() throws -> (TestSite, FixtureHTTPServer, BrowserDriver) {
        let driver = try BrowserDriver()
        let site = try TestSite()
        // The bundled theme, whose search.js adds the buttons (the fixture's templates are minimal).
        let templates = site.root.appendingPathComponent("Templates")
        try FileManager.default.removeItem(at: templates)
        try FileManager.default.copyItem(at: TestSite.repository.appendingPathComponent("Templates"), to: templates)
        try site.write("Articles/code.md", article)
        // Served from its root: the fixture's base_url has a /docs/ path.
        try site.build(baseURL: "http://127.0.0.1/")
        return (site, try FixtureHTTPServer(directory: site.output), driver)
    }

    func testEveryCodeBlockGetsAButtonThatTabReachesAndEnterCopies() throws {
        let (site, server, driver) = try served()
        defer { server.stop(); site.cleanUp() }
        // Record what reaches the clipboard API while still calling it.
        let spy = """
        window.__copied = []; const real = navigator.clipboard && navigator.clipboard.writeText.bind(navigator.clipboard);
        navigator.clipboard.writeText = (text) => { window.__copied.push(text); return real ? real(text) : Promise.resolve(); }; true
        """
        let results = try driver.run([
            ["navigate": server.url("/code/")],
            ["wait": "document.querySelectorAll('.code-block > button.copy-button').length === 2", "timeout": 10],
            ["eval": "document.querySelectorAll('pre > code').length"],
            ["eval": spy],
            ["focus": ".prose p a"],
            ["key": "Tab"],
            ["eval": "document.activeElement.className + ' ' + document.activeElement.tagName + ' ' + document.activeElement.getAttribute('aria-label')"],
            ["key": "Enter"],
            ["wait": "document.querySelector('.copy-status').textContent !== ''", "timeout": 10],
            ["eval": "document.querySelector('.copy-status').textContent"],
            ["eval": "document.querySelector('.copy-status').getAttribute('aria-live')"],
            ["eval": "window.__copied.join('|')"],
            ["eval": "document.activeElement.textContent"],
            ["key": "Tab"],
            ["eval": "document.activeElement.className"],
        ])
        XCTAssertEqual(results[1] as? Bool, true, "each code block has a button")
        XCTAssertEqual((results[2] as? NSNumber)?.intValue, 2)
        XCTAssertEqual(results[6] as? String, "copy-button BUTTON Copy code", "Tab from the link before the block reaches its button")
        XCTAssertEqual(results[8] as? Bool, true, "pressing Enter announced something")
        XCTAssertEqual(results[9] as? String, "Copied")
        XCTAssertEqual(results[10] as? String, "polite")
        // A console block copies its command without the prompt or the output.
        XCTAssertEqual(results[11] as? String, "curl -I https://example.com\n")
        XCTAssertEqual(results[12] as? String, "Copied", "the button says so too")
        XCTAssertEqual(results[14] as? String, "copy-button", "the next Tab reaches the second block's button")
    }

    func testWithoutTheClipboardAPITheFallbackStillAnswers() throws {
        let (site, server, driver) = try served()
        defer { server.stop(); site.cleanUp() }
        let results = try driver.run([
            ["navigate": server.url("/code/")],
            ["wait": "document.querySelectorAll('button.copy-button').length === 2", "timeout": 10],
            ["eval": "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }); true"],
            ["focus": ".code-block:nth-of-type(2) button, .code-block ~ .code-block button"],
            ["key": " "],
            ["wait": "document.querySelector('.copy-status').textContent !== ''", "timeout": 10],
            ["eval": "document.querySelector('.copy-status').textContent"],
        ])
        XCTAssertEqual(results[5] as? Bool, true)
        let message = results[6] as? String ?? ""
        XCTAssertTrue(message == "Copied" || message.hasPrefix("Copying failed: select the code"), message)
    }

    func testWithoutJavaScriptCodeBlocksStayPlain() throws {
        let (site, server, driver) = try served()
        defer { server.stop(); site.cleanUp() }
        let results = try driver.run([
            ["navigate": server.url("/code/")],
            ["html": ".copy-button"],
            ["html": "pre > code.language-nginx"],
        ], javascript: false)
        XCTAssertNil(results[1] ?? nil)
        XCTAssertNotNil(results[2] ?? nil)
    }
}
