import Foundation
import XCTest
import KBTestSupport
@testable import KBSite
#if canImport(Glibc)
import Glibc
#endif

/// The bundled Articles/ built with the bundled Templates/ once per test run, for the theme's tests.
enum ThemeSite {
    nonisolated(unsafe) private static var built: Result<URL, Error>?
    private static let lock = NSLock()

    /// The output folder of the bundled site, built on first use.
    static func output() throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let built { return try built.get() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-theme-\(UUID().uuidString)")
        let result = Result<URL, Error> {
            let options = BuildOptions(articlesDirectory: TestSite.repository.appendingPathComponent("Articles").path,
                                       templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                       outputDirectory: folder.path)
            _ = try SiteBuilder.build(options)
            return folder
        }
        built = result
        return try result.get()
    }

    /// Deletes the built site; the next `output()` builds it again.
    static func discard() {
        lock.lock()
        defer { lock.unlock() }
        if case .success(let folder)? = built { try? FileManager.default.removeItem(at: folder) }
        built = nil
    }
}

/// Output and exit status of a finished command.
struct CommandResult {
    var status: Int32
    var output: String
    var timedOut: Bool
}

/// Runs a command with a deadline; stdout and stderr go to temporary files so a chatty tool cannot block on a pipe.
func runCommand(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> CommandResult {
    let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cmd-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: stdoutURL) }
    let handle = try FileHandle(forWritingTo: stdoutURL)
    defer { try? handle.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    let timedOut = process.isRunning
    if timedOut {
        process.terminate()
        process.waitUntilExit()
    }
    let text = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
    return CommandResult(status: process.terminationStatus, output: text, timedOut: timedOut)
}

/// The default theme in headless Chromium: key parts of each page, layout at phone and desktop widths, screenshots.
final class ThemeBrowserTests: XCTestCase {
    nonisolated(unsafe) static var server: FixtureHTTPServer?
    nonisolated(unsafe) static var screenshots: URL?

    /// Every test here drives Chromium: skip (or fail under CI=1) before any assertion runs.
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try ExternalTool.chromium()
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        if let screenshots { try? FileManager.default.removeItem(at: screenshots) }
        ThemeSite.discard()
        super.tearDown()
    }

    /// The running server, started on first use (the site is built first).
    func site() throws -> FixtureHTTPServer {
        _ = try ExternalTool.chromium()
        if let server = Self.server { return server }
        let server = try FixtureHTTPServer(directory: try ThemeSite.output())
        Self.server = server
        return server
    }

    /// Chromium with a private profile, so parallel runs elsewhere on the machine do not share its lock.
    func chromium(_ arguments: [String]) throws -> CommandResult {
        let chromium = try ExternalTool.chromium()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("kb-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try runCommand(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                               "--no-first-run", "--user-data-dir=\(profile.path)"] + arguments)
        XCTAssertFalse(result.timedOut, "chromium timed out")
        return result
    }

    /// The DOM of `path` after its scripts ran.
    func dom(_ path: String, extra: [String] = []) throws -> String {
        let server = try site()
        let result = try chromium(extra + ["--virtual-time-budget=5000", "--dump-dom", server.url(path)])
        XCTAssertEqual(result.status, 0, result.output)
        return result.output
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Loads `path` in an iframe `width` pixels wide on a probe page and returns what `script` measured there.
    /// `script` is a JavaScript function body with `d` (the document) and `w` (its window) that returns a JSON value.
    func measure(_ path: String, width: Int, script: String, extra: [String] = []) throws -> Any {
        let output = try ThemeSite.output()
        let probeName = "probe-\(UUID().uuidString).html"
        let probe = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
        <pre id="out">pending</pre>
        <iframe id="frame" title="page" style="width:\(width)px;height:900px;border:0" src="\(path)"></iframe>
        <script>
        document.getElementById('frame').addEventListener('load', function () {
          var f = document.getElementById('frame'), d = f.contentDocument, w = f.contentWindow, value;
          try { value = (function (d, w) { \(script) })(d, w); } catch (e) { value = 'error: ' + e; }
          document.getElementById('out').textContent = JSON.stringify(value);
        });
        </script></body></html>
        """
        try probe.write(to: output.appendingPathComponent(probeName), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: output.appendingPathComponent(probeName)) }
        let html = try dom("/" + probeName, extra: extra)
        guard let start = html.range(of: "<pre id=\"out\">"), let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex) else {
            XCTFail("the probe page did not render:\n\(html)")
            return NSNull()
        }
        let json = html[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        guard let data = json.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            XCTFail("the probe returned \(json)")
            return NSNull()
        }
        return value
    }

    // MARK: Pages render their key parts

    func testHomeHasLandmarksOneHeadingSearchBoxAndErrorCards() throws {
        let html = try dom("/")
        XCTAssertEqual(count("<h1", in: html), 1)
        XCTAssertTrue(html.contains("<header class=\"site-header\">"))
        XCTAssertTrue(html.contains("<main id=\"main\""))
        XCTAssertTrue(html.contains("<footer class=\"site-footer\">"))
        XCTAssertTrue(html.contains("<a class=\"skip-link\" href=\"#main\">"))
        XCTAssertTrue(html.contains("<form class=\"search-form search-form-hero\" role=\"search\" action=\"/search/\">"))
        XCTAssertTrue(html.contains("<label class=\"hero-label\" for=\"search-input\">"))
        XCTAssertTrue(html.contains("<div id=\"all-errors\" class=\"groups\">"))
        XCTAssertTrue(html.contains("<h2 id=\"group-4xx\">Client errors (4xx)</h2>"))
        XCTAssertTrue(html.contains("<h2 id=\"group-5xx\">Server errors (5xx)</h2>"))
        XCTAssertTrue(html.contains("<span class=\"badge badge-5xx\" aria-hidden=\"true\">502</span><span class=\"card-name\"><span class=\"visually-hidden\">502 </span>Bad Gateway</span>"), "the code is shown once, and still read out")
        XCTAssertTrue(html.contains("<p class=\"card-side\">Usually on the site's side</p>"))
        XCTAssertGreaterThanOrEqual(count("<li class=\"card\">", in: html), 30)
    }

    func testArticleHasBreadcrumbsBadgeGlancePanelContentsAndFAQ() throws {
        let html = try dom("/502-bad-gateway/")
        XCTAssertEqual(count("<h1", in: html), 1)
        XCTAssertTrue(html.contains("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">"))
        XCTAssertTrue(html.contains("<li><a href=\"/5xx/\">Server errors (5xx)</a></li>"))
        XCTAssertTrue(html.contains("<h1 class=\"article-title\"><span class=\"badge badge-5xx\" aria-hidden=\"true\">502</span> <span>502 Bad Gateway</span></h1>"))
        XCTAssertTrue(html.contains("<dt>What it means</dt>"))
        XCTAssertTrue(html.contains("<dt>Usual duration</dt>"))
        XCTAssertTrue(html.contains("<dd>Usually on the site's side</dd>"))
        XCTAssertTrue(html.contains("<nav class=\"toc\" aria-labelledby=\"toc-title\">"))
        XCTAssertTrue(html.contains("<li class=\"toc-level-2\"><a href=\"#is-my-data-safe\">Is my data safe?</a></li>"))
        XCTAssertTrue(html.contains("<h2 id=\"is-my-data-safe\">"))
        XCTAssertTrue(html.contains("<h3 id=\"was-my-request-processed\">"))
        XCTAssertTrue(html.contains("<time datetime=\"2026-11-20\">November 20, 2026</time>"))
        XCTAssertTrue(html.contains("<a class=\"pager-link pager-prev\" href=\"/501-not-implemented/\" rel=\"prev\">"))
        XCTAssertTrue(html.contains("<a class=\"tag\" href=\"/tags/gateway/\">gateway</a>"))
        XCTAssertTrue(html.contains("<h2 id=\"related-title\">Related articles</h2>"))
        XCTAssertTrue(html.contains("<script type=\"application/ld+json\">"))
    }

    func testTagPageListsItsArticles() throws {
        let html = try dom("/tags/gateway/")
        XCTAssertEqual(count("<h1", in: html), 1)
        XCTAssertTrue(html.contains("<h1 class=\"page-title\">Tagged “gateway”</h1>"))
        XCTAssertTrue(html.contains("<main id=\"main\""))
        XCTAssertTrue(html.contains("href=\"/502-bad-gateway/\""))
        XCTAssertTrue(html.contains("href=\"/504-gateway-timeout/\""))
        XCTAssertTrue(html.contains("<li><a href=\"/tags/\">Tags</a></li>"))
    }

    func testSearchPageHasLabelledFormResultsListAndNoScriptNote() throws {
        let html = try dom("/search/?q=502")
        XCTAssertEqual(count("<h1", in: html), 1)
        XCTAssertTrue(html.contains("<label class=\"page-search-label\" for=\"search-page-input\">"))
        XCTAssertTrue(html.contains("<input id=\"search-page-input\""))
        XCTAssertTrue(html.contains("<ol id=\"search-results\""))
        XCTAssertTrue(html.contains("<noscript>"))
        XCTAssertTrue(html.contains("<input id=\"search-input\""), "the header search box is on the search page too")
        XCTAssertTrue(html.contains("<li class=\"search-result\"><a href=\"/502-bad-gateway/\">"), "search.js found the index through kb-base")
    }

    func testNotFoundPageOffersSearchAndEveryGroup() throws {
        let html = try dom("/404.html")
        XCTAssertEqual(count("<h1", in: html), 1)
        XCTAssertTrue(html.contains("<h1 class=\"page-title\">We could not find that page</h1>"))
        XCTAssertTrue(html.contains("<label class=\"page-search-label\" for=\"not-found-input\">"))
        // The bundled 301 and 304 guides put "Redirects (3xx)" first, so the 4xx group is not necessarily group-1.
        XCTAssertTrue(html.contains("\"><a href=\"/4xx/\">Client errors (4xx)</a></h2>"))
        XCTAssertTrue(html.contains("<a href=\"/codes/\">Browse all codes in one table</a>"))
        XCTAssertTrue(html.contains("<li><a href=\"/502-bad-gateway/\">502 Bad Gateway</a></li>"))
    }

    func testSiteWorksUnderASubpath() throws {
        _ = try ExternalTool.chromium()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-subpath-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try SiteBuilder.build(BuildOptions(articlesDirectory: TestSite.repository.appendingPathComponent("Articles").path,
                                               templatesDirectory: TestSite.repository.appendingPathComponent("Templates").path,
                                               outputDirectory: root.appendingPathComponent("help").path,
                                               baseURL: "https://example.com/help/"))
        let server = try FixtureHTTPServer(directory: root)
        defer { server.stop() }
        let page = try chromium(["--virtual-time-budget=5000", "--dump-dom", server.url("/help/search/?q=502")]).output
        XCTAssertTrue(page.contains("<li class=\"search-result\"><a href=\"/help/502-bad-gateway/\">"), "search under /help/")
        guard let start = page.range(of: "href=\"/help/assets/style."), let end = page[start.upperBound...].firstIndex(of: "\"") else {
            return XCTFail("no stylesheet under /help/assets/")
        }
        let stylesheet = "/help/assets/style." + page[start.upperBound..<end]
        let css = try chromium(["--dump-dom", server.url(stylesheet)]).output
        XCTAssertTrue(css.contains("prefers-color-scheme: dark"), "the stylesheet loads from \(stylesheet)")
    }

    // MARK: Layout in a real browser

    func testNoPageIsWiderThanA320PixelScreen() throws {
        for path in ["/", "/502-bad-gateway/", "/431-request-header-fields-too-large/", "/tags/", "/tags/gateway/", "/5xx/", "/search/", "/404.html"] {
            let overflow = try measure(path, width: 320, script: "return d.documentElement.scrollWidth - d.documentElement.clientWidth;")
            XCTAssertEqual(overflow as? Int, 0, "\(path) scrolls sideways at 320 px")
        }
    }

    func testTableOfContentsIsStickyOnWideScreensAndInlineOnPhones() throws {
        let script = "return w.getComputedStyle(d.querySelector('.toc')).position;"
        XCTAssertEqual(try measure("/502-bad-gateway/", width: 1280, script: script) as? String, "sticky")
        XCTAssertEqual(try measure("/502-bad-gateway/", width: 375, script: script) as? String, "static")
    }

    func testFAQQuestionsAreMarkedAsQuestionsAndOtherHeadingsAreNot() throws {
        let script = """
        var faq = d.getElementById('is-my-data-safe').nextElementSibling;
        var other = d.querySelector('.article-body h2');
        return [faq.tagName, w.getComputedStyle(faq, '::before').content, w.getComputedStyle(other, '::before').content];
        """
        let value = try measure("/502-bad-gateway/", width: 1280, script: script) as? [String]
        XCTAssertEqual(value?.first, "H3")
        XCTAssertTrue(value?[1].contains("Q") ?? false, "FAQ question marker: \(String(describing: value))")
        XCTAssertEqual(value?.last, "none")
    }

    func testBodyTextLinesStayNearSeventyCharacters() throws {
        let script = """
        var p = d.querySelector('.article-body p');
        var ch = d.createElement('span'); ch.textContent = '0'; p.appendChild(ch);
        var ratio = p.getBoundingClientRect().width / ch.getBoundingClientRect().width; ch.remove();
        return Math.round(ratio);
        """
        let characters = try measure("/502-bad-gateway/", width: 1440, script: script) as? Int ?? 0
        XCTAssertTrue((60...75).contains(characters), "a body line holds \(characters) characters")
    }

    func testDarkSchemeFollowsThePreferenceWithReadableText() throws {
        let script = """
        function lum(c) { var v = c.match(/\\d+/g).slice(0, 3).map(function (x) { x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
          return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
        var s = w.getComputedStyle(d.body), a = lum(s.color), b = lum(s.backgroundColor);
        return [s.backgroundColor, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) >= 4.5];
        """
        let light = try measure("/502-bad-gateway/", width: 1280, script: script, extra: ["--blink-settings=preferredColorScheme=1"]) as? [Any]
        let dark = try measure("/502-bad-gateway/", width: 1280, script: script, extra: ["--blink-settings=preferredColorScheme=0"]) as? [Any]
        XCTAssertEqual(light?.first as? String, "rgb(255, 255, 255)")
        XCTAssertEqual(dark?.first as? String, "rgb(14, 18, 23)")
        XCTAssertEqual(light?.last as? Bool, true)
        XCTAssertEqual(dark?.last as? Bool, true)
    }

    // MARK: Screenshots

    func screenshot(_ path: String, width: Int) throws -> Int {
        let server = try site()
        if Self.screenshots == nil {
            Self.screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("kb-shots-\(UUID().uuidString)")
        }
        guard let folder = Self.screenshots else { return 0 }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(path.filter(\.isLetter))-\(width).png")
        let result = try chromium(["--window-size=\(width),900", "--virtual-time-budget=3000", "--screenshot=\(file.path)", server.url(path)])
        XCTAssertEqual(result.status, 0, result.output)
        let bytes = FileManager.default.contents(atPath: file.path) ?? Data()
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "\(file.lastPathComponent) is a PNG")
        return bytes.count
    }

    func testHomeScreenshotsAtPhoneAndDesktopWidths() throws {
        XCTAssertGreaterThan(try screenshot("/", width: 375), 20_000)
        XCTAssertGreaterThan(try screenshot("/", width: 1280), 40_000)
    }

    func testArticleScreenshotsAtPhoneAndDesktopWidths() throws {
        XCTAssertGreaterThan(try screenshot("/502-bad-gateway/", width: 375), 20_000)
        XCTAssertGreaterThan(try screenshot("/502-bad-gateway/", width: 1280), 40_000)
    }

    func testSearchScreenshotsAtPhoneAndDesktopWidths() throws {
        XCTAssertGreaterThan(try screenshot("/search/?q=502", width: 375), 8_000)
        XCTAssertGreaterThan(try screenshot("/search/?q=502", width: 1280), 10_000)
    }
}

/// The theme's stylesheet and pages, checked without a browser: size, colour contrast, no external requests.
final class ThemeStyleTests: XCTestCase {
    static let stylesheet = TestSite.repository.appendingPathComponent("Templates/assets/style.css")

    override class func tearDown() {
        ThemeSite.discard()
        super.tearDown()
    }

    /// One file for every page, loaded before first paint: it stays small (it now also styles highlighted code,
    /// callouts, the feedback form, the status banner, answer cards and the codes table).
    func testStylesheetIsUnder26KB() throws {
        let bytes = try Data(contentsOf: Self.stylesheet).count
        XCTAssertLessThan(bytes, 26 * 1024)
    }

    /// `--name: #rrggbb` declarations of the first block that starts with `opening`.
    func colours(after opening: String, in css: String) -> [String: String] {
        guard let start = css.range(of: opening), let end = css.range(of: "}", range: start.upperBound..<css.endIndex) else { return [:] }
        var result: [String: String] = [:]
        for declaration in css[start.upperBound..<end.lowerBound].split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if parts.count == 2, parts[0].hasPrefix("--"), parts[1].hasPrefix("#"), parts[1].count == 7 {
                result[String(parts[0].dropFirst(2))] = parts[1]
            }
        }
        return result
    }

    /// WCAG 2 relative luminance of `#rrggbb`.
    func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { (channel: Int) -> Double in
            let c = Double(channel) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    func testColourPairsMeetWCAGAAInBothSchemes() throws {
        let css = try String(contentsOf: Self.stylesheet, encoding: .utf8)
        let light = colours(after: ":root {", in: css)
        let dark = light.merging(colours(after: "@media (prefers-color-scheme: dark) {\n :root {", in: css)) { $1 }
        XCTAssertNotEqual(light["bg"], dark["bg"], "the dark scheme redefines the colours")
        // Text needs 4.5:1; borders of inputs and focus rings need 3:1 (WCAG 1.4.3 and 1.4.11).
        let pairs: [(String, String, Double)] = [
            ("text", "bg", 4.5), ("text", "bg-soft", 4.5), ("text", "code-bg", 4.5), ("text", "mark", 4.5),
            ("muted", "bg", 4.5), ("muted", "bg-soft", 4.5), ("muted", "surface", 4.5), ("muted", "code-bg", 4.5),
            ("link", "bg", 4.5), ("link", "bg-soft", 4.5), ("link-hover", "bg", 4.5), ("on-accent", "accent", 4.5),
            ("b4-fg", "b4-bg", 4.5), ("b5-fg", "b5-bg", 4.5), ("bg-fg", "bg-bg", 4.5), ("bo-fg", "bo-bg", 4.5),
            ("line-strong", "bg", 3), ("line-strong", "surface", 3), ("focus", "bg", 3), ("focus", "bg-soft", 3),
            // Callout titles on the callout's background, and the page colour drawn on each icon.
            ("bg-fg", "bg-soft", 4.5), ("bo-fg", "bg-soft", 4.5), ("im-fg", "bg-soft", 4.5), ("b4-fg", "bg-soft", 4.5),
            ("b5-fg", "bg-soft", 4.5), ("bg", "bg-fg", 4.5), ("bg", "bo-fg", 4.5), ("bg", "im-fg", 4.5), ("bg", "b4-fg", 4.5),
            ("bg", "b5-fg", 4.5), ("text", "bg-soft", 4.5),
            // Highlighted code on the code background (tok-* classes), inserted and deleted lines, the Copy button.
            ("tok-keyword", "code-bg", 4.5), ("tok-comment", "code-bg", 4.5), ("bo-fg", "code-bg", 4.5), ("b4-fg", "code-bg", 4.5),
            ("bg-fg", "code-bg", 4.5), ("b5-fg", "code-bg", 4.5), ("text", "surface", 4.5), ("line-strong", "code-bg", 3),
        ]
        for (scheme, colours) in [("light", light), ("dark", dark)] {
            for (foreground, background, minimum) in pairs {
                guard let f = colours[foreground], let b = colours[background] else {
                    XCTFail("\(scheme): --\(foreground) or --\(background) is not a #rrggbb colour")
                    continue
                }
                XCTAssertGreaterThanOrEqual(contrast(f, b), minimum, "\(scheme): --\(foreground) \(f) on --\(background) \(b)")
            }
        }
    }

    func testPagesAndStylesheetMakeNoExternalRequests() throws {
        let output = try ThemeSite.output()
        let css = try String(contentsOf: Self.stylesheet, encoding: .utf8)
        XCTAssertFalse(css.contains("@import"))
        XCTAssertFalse(css.contains("url("))
        let external = ["src=\"http", "src=\"//", "rel=\"stylesheet\" href=\"http", "rel=\"stylesheet\" href=\"//", "rel=\"preload\""]
        let pages = try FileManager.default.subpathsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".html") }
        XCTAssertGreaterThanOrEqual(pages.count, 40)
        for page in pages {
            let html = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            for needle in external { XCTAssertFalse(html.contains(needle), "\(page) loads something from another site: \(needle)") }
            XCTAssertLessThanOrEqual(html.components(separatedBy: "<script src=").count - 1, 1, "\(page): search.js is the only script")
        }
    }
}
