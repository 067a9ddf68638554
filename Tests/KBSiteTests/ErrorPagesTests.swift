import XCTest
import KBTestSupport
import KBMarkdown
@testable import KBSite

/// Quick steps, server snippets and the error pages a build writes.
final class ErrorPagesTests: XCTestCase {
    // MARK: Quick steps from "What you can do"

    /// The quick steps an error page takes: the first `limit` reader steps of the article's model.
    func steps(_ markdown: String, limit: Int = 3) -> [QuickStep] {
        Array(HelpArticle(document: MarkdownParser.parse(markdown, options: .site)).readerSteps.prefix(limit))
    }

    func testQuickStepsAreTheFirstThreeItemsOfWhatYouCanDo() {
        let markdown = """
        ## What it means

        1. Not this one.

        ## What you can do

        1. **Refresh once.** Press F5.
        2. **Wait a minute.** Then try again.
        3. **Check the status page.**
        4. **Contact support.** Not shown.

        ## For site owners
        """
        XCTAssertEqual(steps(markdown), [
            QuickStep(lead: "Refresh once.", rest: " Press F5.", text: "Refresh once. Press F5."),
            QuickStep(lead: "Wait a minute.", rest: " Then try again.", text: "Wait a minute. Then try again."),
            QuickStep(lead: "Check the status page.", rest: "", text: "Check the status page."),
        ])
    }

    func testLeadFollowedByPunctuationKeepsItWithTheRest() {
        XCTAssertEqual(steps("## What you can do\n\n- **Refresh once**, in case it was a one-off.\n"), [
            QuickStep(lead: "Refresh once", rest: ", in case it was a one-off.", text: "Refresh once, in case it was a one-off."),
        ])
    }

    func testItemWithoutBoldLeadIsPlainText() {
        XCTAssertEqual(steps("## What you can do\n\n* Reload the page.\n* Try later.\n", limit: 1), [
            QuickStep(lead: "", rest: "", text: "Reload the page."),
        ])
    }

    func testContinuationLinesJoinAndNestedBlocksAreLeftOut() {
        let markdown = """
        ## What you can do

        1. **Clear cookies** for this site.
           In Chrome, open the lock icon.

           A second paragraph that is not part of the step.
           - a nested list
        2. **Try again**
        lazily continued.
        """
        XCTAssertEqual(steps(markdown).map(\.text), [
            "Clear cookies for this site. In Chrome, open the lock icon.",
            "Try again lazily continued.",
        ])
    }

    func testHeadingsInsideCodeFencesDoNotStartTheSection() {
        let markdown = """
        ## Examples

        ```
        ## What you can do
        ```

        - Not a quick step.
        """
        XCTAssertEqual(steps(markdown), [])
    }

    func testSectionWithoutListGivesNoSteps() {
        XCTAssertEqual(steps("## What you can do\n\nJust wait.\n\n## For site owners\n\n1. Restart.\n"), [])
    }

    func testSectionTitleMatchesWhateverTheCaseAndClosingHashes() {
        XCTAssertEqual(steps("##   What You Can Do ##\n- Wait.\n").map(\.text), ["Wait."])
    }

    func testListEndsAtAParagraphAfterABlankLine() {
        XCTAssertEqual(steps("## What you can do\n\n- One.\n\nAfterwards.\n\n- Another list.\n").map(\.text), ["One."])
    }

    func testADifferentBulletStartsAnotherList() {
        XCTAssertEqual(steps("## What you can do\n\n- One.\n+ Two.\n").map(\.text), ["One."])
    }

    func testThematicBreakIsNotAnItem() {
        XCTAssertEqual(steps("## What you can do\n\n---\n\n- One.\n").map(\.text), ["One."])
    }

    func testWindowsLineEndingsAreRead() {
        XCTAssertEqual(steps("## What you can do\r\n\r\n1. **Wait.** A bit\r\n   longer.\r\n").map(\.text), ["Wait. A bit longer."])
    }

    func testBundledBadGatewayArticleGivesItsFirstThreeSteps() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Articles/502-bad-gateway.md")
        let source = try String(contentsOf: url, encoding: .utf8)
        let body = String(source[try XCTUnwrap(source.range(of: "\n---\n", range: source.index(after: source.startIndex)..<source.endIndex)).upperBound...])
        XCTAssertEqual(steps(body), [
            QuickStep(lead: "Refresh once.", rest: " Press F5 or pull down to reload. If the failure was a momentary reset, this is all it takes.",
                      text: "Refresh once. Press F5 or pull down to reload. If the failure was a momentary reset, this is all it takes."),
            QuickStep(lead: "Wait a minute or two, then try again.",
                      rest: " Avoid hammering the refresh button; a struggling site recovers faster with less traffic.",
                      text: "Wait a minute or two, then try again. Avoid hammering the refresh button; a struggling site recovers faster with less traffic."),
            QuickStep(lead: "Check the status page.",
                      rest: " Many services publish one (often \u{201C}status.example.com\u{201D}). See how to read a status page for what \"degraded\" and \"partial outage\" mean.",
                      text: "Check the status page. Many services publish one (often \u{201C}status.example.com\u{201D}). See how to read a status page for what \"degraded\" and \"partial outage\" mean."),
        ])
    }

    // MARK: Inline Markdown to plain text

    func testStepTextDropsEmphasisAndKeepsLinkTextAndCode() {
        XCTAssertEqual(steps("## What you can do\n\n- See *the* [status guide](reading.md#x \"t\") and ![logo](a.png), run `curl -I`, ~~old~~ new.\n").map(\.text),
                       ["See the status guide and logo, run \u{201C}curl -I\u{201D}, old new."])
    }

    func testStepTextKeepsSnakeCaseLoneAsterisksAndBrackets() {
        XCTAssertEqual(steps("## What you can do\n\n- set status_page_url to 5 * 3 [sic] now!\n").map(\.text), ["set status_page_url to 5 * 3 [sic] now!"])
    }

    func testStepTextDecodesEntitiesEscapesAndAutolinks() {
        XCTAssertEqual(steps("## What you can do\n\n- A &amp; B &#8212; \\*not\\* <https://example.com/> <b>bold</b> &bogus; x<y\n").map(\.text),
                       ["A & B \u{2014} *not* https://example.com/ bold &bogus; x<y"])
    }

    func testReferenceLinkKeepsItsText() {
        XCTAssertEqual(steps("## What you can do\n\n- Read [the guide][guide] first.\n\n[guide]: /guide/\n").map(\.text), ["Read the guide first."])
    }

    func testLongItemIsCutAtASpaceWithAnEllipsis() throws {
        let words = Array(repeating: "word", count: 400).joined(separator: " ")
        let step = try XCTUnwrap(steps("## What you can do\n\n- " + words + "\n").first)
        XCTAssertEqual(step.text, Array(repeating: "word", count: 200).joined(separator: " ") + "\u{2026}")
    }

    func testHostileItemIsReducedWithoutCrashing() throws {
        let hostile = String(repeating: "[a](", count: 25_000) + String(repeating: "**`<&", count: 10_000)
        let found = steps("## What you can do\n\n- " + hostile + "\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertLessThanOrEqual(try XCTUnwrap(found.first).text.utf8.count, HelpArticle.stepByteLimit + 3)
    }

    // MARK: Server configuration

    func testNginxSnippetHasAnErrorPageLinePerCodeAndAnInternalLocation() {
        XCTAssertEqual(ServerSnippets.nginx(codes: [404, 502]), """
        # kb error pages for nginx: paste into the server { } block that should show them,
        # or put this file on the server and `include` it there.
        # nginx uses them for errors it answers itself: 502 or 504 when the upstream is down or slow,
        # 404 for a missing file, 413 for a too large body. To use them for errors your application
        # sends too, add `proxy_intercept_errors on;` (or fastcgi_intercept_errors) to its location.
        # A location with error_page lines of its own does not inherit these.

        error_page 404 /errors/404.html;
        error_page 502 /errors/502.html;

        location ^~ /errors/ {
            # Only error_page may show these files; a direct request gets a 404.
            internal;
            # ADJUST: the folder that holds errors/ (kb's Output/ folder as deployed).
            root /var/www/help;
        }

        """)
    }

    func testApacheSnippetHasAnErrorDocumentPerCode() {
        XCTAssertEqual(ServerSnippets.apache(codes: [404, 502]), """
        # kb error pages for Apache httpd: paste into the <VirtualHost> that should show them,
        # or put this file on the server and `Include` it there.
        # ADJUST both paths: the errors/ folder of kb's Output/ folder as deployed.
        # Behind mod_proxy, keep the ProxyPass exclusion above your other ProxyPass lines, and add
        # `ProxyErrorOverride On` to use these pages for errors your application sends too.

        Alias /errors/ "/var/www/help/errors/"
        <Directory "/var/www/help/errors">
            Require all granted
        </Directory>
        <IfModule mod_proxy.c>
            ProxyPass /errors/ !
        </IfModule>

        ErrorDocument 404 /errors/404.html
        ErrorDocument 502 /errors/502.html

        """)
    }

    func testNginxSnippetLeavesOutCodesNginxRefuses() {
        let lines = ServerSnippets.nginx(codes: [101, 404, 499, 521]).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("error_page") || $0.hasPrefix("# Left out") }, [
            "# Left out, because nginx takes error_page codes from 300 to 599, except 499: 101, 499.",
            "error_page 404 /errors/404.html;",
            "error_page 521 /errors/521.html;",
        ])
    }

    func testApacheSnippetLeavesOutCodesHttpdDoesNotKnow() {
        let lines = ServerSnippets.apache(codes: [404, 418, 502, 521]).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("ErrorDocument") || $0.hasPrefix("# Left out") }, [
            "# Left out, because Apache httpd takes ErrorDocument only for the codes it knows: 418, 521.",
            "ErrorDocument 404 /errors/404.html",
            "ErrorDocument 502 /errors/502.html",
        ])
    }

    func testCaddySnippetListsOnlyErrorCodes() {
        XCTAssertTrue(ServerSnippets.caddy(codes: [301, 404, 521]).contains("expression `{err.status_code} in [404, 521]`"))
    }

    func testCaddySnippetLimitsHandleErrorsToTheGeneratedCodes() {
        XCTAssertEqual(ServerSnippets.caddy(codes: [404, 502]), """
        # kb error pages for Caddy: paste inside your site block (help.example.com { ... }).
        # Caddy uses them for errors it raises itself: 502 when reverse_proxy cannot reach the upstream,
        # 404 from file_server. Other codes keep Caddy's default answer.
        # ADJUST root: the folder that holds errors/ (kb's Output/ folder as deployed).
        handle_errors {
        \t@kb_error_page expression `{err.status_code} in [404, 502]`
        \thandle @kb_error_page {
        \t\troot * /var/www/help
        \t\trewrite * /errors/{err.status_code}.html
        \t\tfile_server
        \t}
        }

        """)
    }
}

/// A small site built into a temporary folder with the bundled `Templates/error-page.html`.
struct ErrorPageFixture {
    let root: URL
    var output: URL { root.appendingPathComponent("Output") }
    var errors: URL { output.appendingPathComponent("errors") }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let badGateway = """
    ---
    title: "502 Bad Gateway"
    code: 502
    weight: 1
    summary: "A server in the middle got a broken answer from the one behind it."
    ---

    ## What it means

    The front door could not get an answer.

    ## What you can do

    1. **Refresh once.** Press F5.
    2. **Wait a minute**, then try again.
    3. Check the [status page](reading-a-status-page.md).
    4. **Contact support.** Not a quick step.

    ## For site owners

    - Read the proxy's error log.
    """

    static let notFound = """
    ---
    title: "404 Not Found"
    code: 404
    summary: "There is nothing at this address."
    ---

    ## What you can do

    - **Check the address** for typos.
    - **Go up a level** and look around.
    """

    static let chatBadGateway = """
    ---
    title: "Chat assistant shows bad gateway"
    code: 502
    summary: "Not the page for 502: the lighter article wins."
    ---

    ## What you can do

    - Wait.
    """

    static let guide = """
    ---
    title: "Reading a status page"
    summary: "A guide without a code gets no error page."
    ---

    Some text.
    """

    /// Writes the site (with `status_page_url` when given) and builds it.
    /// `errorTemplate` replaces the bundled `error-page.html`.
    init(statusPageURL: String? = "https://status.example.com/", extraArticles: [String: String] = [:], errorTemplate: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-errorpages-\(UUID().uuidString)")
        let articles = root.appendingPathComponent("Articles")
        let templates = root.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: articles, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        var index = "---\ntitle: \"Example Help\"\nbase_url: \"https://help.example.com/docs/\"\n"
        if let statusPageURL { index += "status_page_url: \"\(statusPageURL)\"\n" }
        index += "---\n\nWelcome.\n"
        var files = ["_index.md": index, "502-bad-gateway.md": ErrorPageFixture.badGateway, "404-not-found.md": ErrorPageFixture.notFound,
                     "chat-assistant-bad-gateway.md": ErrorPageFixture.chatBadGateway, "reading-a-status-page.md": ErrorPageFixture.guide]
        files.merge(extraArticles) { _, new in new }
        for (name, text) in files { try text.write(to: articles.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        // The theme's other templates do not matter here; the error page template is the bundled one.
        for name in SiteBuilder.requiredTemplates { try "{{ page.title }}".write(to: templates.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        if let errorTemplate {
            try errorTemplate.write(to: templates.appendingPathComponent("error-page.html"), atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.copyItem(at: ErrorPageFixture.repository.appendingPathComponent("Templates/error-page.html"),
                                             to: templates.appendingPathComponent("error-page.html"))
        }
        do {
            _ = try SiteBuilder.build(BuildOptions(articlesDirectory: articles.path, templatesDirectory: templates.path, outputDirectory: output.path))
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }

    func text(_ name: String) throws -> String { try String(contentsOf: errors.appendingPathComponent(name), encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// What `kb build` writes under `Output/errors/`.
final class ErrorPagesBuildTests: XCTestCase {
    var fixture: ErrorPageFixture?

    override func tearDown() {
        fixture?.remove()
        super.tearDown()
    }

    func build(statusPageURL: String? = "https://status.example.com/", extraArticles: [String: String] = [:],
               errorTemplate: String? = nil) throws -> ErrorPageFixture {
        let site = try ErrorPageFixture(statusPageURL: statusPageURL, extraArticles: extraArticles, errorTemplate: errorTemplate)
        fixture = site
        return site
    }

    func pages(_ site: ErrorPageFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: site.errors.path).filter { $0.hasSuffix(".html") }.sorted()
    }

    /// Every `href="..."` value of a page.
    func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
    }

    func testOnePagePerStatusCodeAndTheThreeSnippets() throws {
        let site = try build()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.errors.path).sorted(),
                       ["404.html", "502.html", "Caddyfile", "apache.conf", "nginx.conf"])
    }

    func testPagesLoadNothingAndRunNothing() throws {
        let site = try build()
        for name in try pages(site) {
            let html = try site.text(name)
            for forbidden in ["<script", "<link", "src=", "url(", "@import", "<iframe", "<object", "<embed"] {
                XCTAssertFalse(html.contains(forbidden), "\(name) contains \(forbidden)")
            }
            XCTAssertEqual(html.components(separatedBy: "<style>").count, 2, "\(name) has one inline style element")
        }
    }

    /// The skip link, the help site's home and article, and the status page: nothing else.
    func testLinksGoOnlyToTheHelpSiteAndTheStatusPage() throws {
        let site = try build()
        XCTAssertEqual(hrefs(try site.text("502.html")), [
            "#main", "https://help.example.com/docs/", "https://help.example.com/docs/502-bad-gateway/", "https://status.example.com/",
        ])
        XCTAssertEqual(hrefs(try site.text("404.html")), [
            "#main", "https://help.example.com/docs/", "https://help.example.com/docs/404-not-found/", "https://status.example.com/",
        ])
    }

    func testPagesAreUnderTenKilobytes() throws {
        let site = try build()
        for name in try pages(site) {
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: site.errors.appendingPathComponent(name).path)[.size] as? Int)
            XCTAssertLessThan(size, 10 * 1024, name)
        }
    }

    func testPageSaysWhatHappenedAndWhoseSideItIsOn() throws {
        let html = try build().text("502.html")
        XCTAssertTrue(html.contains("<title>502 Bad Gateway · Example Help</title>"))
        XCTAssertTrue(html.contains("<span>502 Bad Gateway</span></h1>"))
        XCTAssertTrue(html.contains("<p class=\"summary\">A server in the middle got a broken answer from the one behind it.</p>"))
        XCTAssertTrue(html.contains("<p class=\"side side-5xx\">Usually on the site&#39;s side</p>"))
    }

    func testClientErrorPageSaysItIsUsuallyOnTheReadersSide() throws {
        XCTAssertTrue(try build().text("404.html").contains("<p class=\"side side-4xx\">Usually on your side</p>"))
    }

    func testPageListsTheFirstThreeQuickSteps() throws {
        let html = try build().text("502.html")
        XCTAssertTrue(html.contains("""
        <h2>What you can try now</h2>
        <ol>
        <li><strong>Refresh once.</strong> Press F5.</li>
        <li><strong>Wait a minute</strong>, then try again.</li>
        <li>Check the status page.</li>
        </ol>
        """), html)
    }

    func testArticleWithoutQuickStepsHasNoStepList() throws {
        let teapot = "---\ntitle: \"418 I'm a teapot\"\ncode: 418\nsummary: \"A joke.\"\n---\n\nNo list here.\n"
        let html = try build(extraArticles: ["418-teapot.md": teapot]).text("418.html")
        XCTAssertFalse(html.contains("<ol>"))
        XCTAssertFalse(html.contains("What you can try now"))
    }

    func testPageLinksToTheFullArticleWithAnAbsoluteURL() throws {
        XCTAssertTrue(try build().text("502.html").contains(
            "<a href=\"https://help.example.com/docs/502-bad-gateway/\">Read the full guide to 502 Bad Gateway</a>"))
    }

    func testStatusPageLinkAppearsWhenTheSiteNamesOne() throws {
        XCTAssertTrue(try build().text("502.html").contains("<a href=\"https://status.example.com/\">Check the status page</a>"))
    }

    func testNoStatusPageLinkWithoutStatusPageURL() throws {
        let html = try build(statusPageURL: nil).text("502.html")
        XCTAssertFalse(html.contains("status page</a>"))
        XCTAssertEqual(hrefs(html), ["#main", "https://help.example.com/docs/", "https://help.example.com/docs/502-bad-gateway/"])
    }

    func testSharedCodeUsesTheLightestArticle() throws {
        XCTAssertFalse(try build().text("502.html").contains("Chat assistant"))
    }

    func testPagesFollowTheColourSchemeInline() throws {
        let html = try build().text("502.html")
        XCTAssertTrue(html.contains("@media (prefers-color-scheme:dark)"))
        XCTAssertTrue(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
    }

    func testColoursMatchTheThemeInBothSchemes() throws {
        let page = try String(contentsOf: ErrorPageFixture.repository.appendingPathComponent("Templates/error-page.html"), encoding: .utf8)
        let theme = try String(contentsOf: ErrorPageFixture.repository.appendingPathComponent("Templates/assets/style.css"), encoding: .utf8)
        for scheme in 0..<2 {
            let ours = colours(page, scheme: scheme), theirs = colours(theme, scheme: scheme)
            XCTAssertGreaterThan(ours.count, 10)
            for (name, value) in ours.sorted(by: { $0.key < $1.key }) {
                XCTAssertEqual(value, theirs[name], "\(name) in the \(scheme == 0 ? "light" : "dark") scheme")
            }
        }
    }

    /// `--name: #hex` custom properties before (scheme 0) or after (scheme 1) the dark `@media` rule, hex in six digits.
    func colours(_ css: String, scheme: Int) -> [String: String] {
        let parts = css.components(separatedBy: "prefers-color-scheme")
        guard parts.count > 1 else { return [:] }
        let block = scheme == 0 ? parts[0] : parts[1].components(separatedBy: "}}").first?.components(separatedBy: "}\n}").first ?? ""
        var found: [String: String] = [:]
        for piece in block.components(separatedBy: "--").dropFirst() {
            guard let colon = piece.firstIndex(of: ":") else { continue }
            let name = String(piece[..<colon])
            let value = piece[piece.index(after: colon)...].prefix { $0 != ";" && $0 != "}" }.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard value.hasPrefix("#"), !name.contains(" ") else { continue }
            found[name] = value.count == 4 ? "#" + value.dropFirst().map { "\($0)\($0)" }.joined() : value
        }
        return found
    }

    func testSnippetsListEveryGeneratedCode() throws {
        let site = try build()
        XCTAssertEqual(try site.text("nginx.conf"), ServerSnippets.nginx(codes: [404, 502]))
        XCTAssertEqual(try site.text("apache.conf"), ServerSnippets.apache(codes: [404, 502]))
        XCTAssertEqual(try site.text("Caddyfile"), ServerSnippets.caddy(codes: [404, 502]))
        let nginx = try site.text("nginx.conf").split(separator: "\n").filter { $0.hasPrefix("error_page") }
        XCTAssertEqual(nginx, ["error_page 404 /errors/404.html;", "error_page 502 /errors/502.html;"])
        let apache = try site.text("apache.conf").split(separator: "\n").filter { $0.hasPrefix("ErrorDocument") }
        XCTAssertEqual(apache, ["ErrorDocument 404 /errors/404.html", "ErrorDocument 502 /errors/502.html"])
        XCTAssertTrue(try site.text("Caddyfile").contains("expression `{err.status_code} in [404, 502]`"))
    }

    func testMistakeInTheErrorTemplateFailsTheBuildWithItsLocation() throws {
        XCTAssertThrowsError(try build(errorTemplate: "<p>\n  {{ erorr.code }}</p>")) { error in
            let failure = error as? BuildFailure
            XCTAssertEqual(failure?.diagnostics.count, 1)
            XCTAssertEqual(failure?.diagnostics.first?.location.hasSuffix("Templates/error-page.html:2:6"), true, "\(error)")
            XCTAssertEqual(failure?.diagnostics.first?.message.contains("erorr"), true, "\(error)")
        }
    }

    func testSiteWithoutStatusArticlesGetsNoErrorsFolder() throws {
        let guideOnly = "---\ntitle: \"Guide\"\n---\n\nText.\n"
        let site = try build(extraArticles: ["502-bad-gateway.md": guideOnly, "404-not-found.md": guideOnly, "chat-assistant-bad-gateway.md": guideOnly])
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.errors.path))
    }

    func testTwoBuildsWriteTheSameBytes() throws {
        let first = try build()
        let second = try ErrorPageFixture()
        defer { second.remove() }
        for name in try FileManager.default.contentsOfDirectory(atPath: first.errors.path).sorted() {
            XCTAssertEqual(try first.text(name), try second.text(name), name)
        }
    }

    func testPagesPassTheNuHTMLChecker() throws {
        let jar = try ExternalTool.nuCheckerJar()
        let site = try build()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.java())
        process.arguments = ["-jar", jar, "--errors-only", "--format", "text"] + (try pages(site)).map { site.errors.appendingPathComponent($0).path }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, report)
    }
}

#if canImport(Glibc)
/// Real Apache httpd (Debian's layout) on loopback with the generated `errors/apache.conf` included.
final class ApacheErrorPageTests: XCTestCase {
    var site: ErrorPageFixture?
    var server: ServerProcess?
    var port: UInt16 = 0

    static let modules = "/usr/lib/apache2/modules"

    override func setUpWithError() throws {
        try super.setUpWithError()
        let executable = try ExternalTool.apache()
        // mod_proxy answers 503 when the backend refuses the connection.
        let unavailable = "---\ntitle: \"503 Service Unavailable\"\ncode: 503\nsummary: \"The site is overloaded or down for maintenance.\"\n---\n"
        let built = try ErrorPageFixture(extraArticles: ["503-service-unavailable.md": unavailable])
        site = built
        let temp = built.root.appendingPathComponent("apache")
        try FileManager.default.createDirectory(at: temp.appendingPathComponent("static/static"), withIntermediateDirectories: true)
        try built.text("apache.conf").replacingOccurrences(of: ErrorPages.rootPlaceholder, with: built.output.path)
            .write(to: temp.appendingPathComponent("kb-errors.conf"), atomically: true, encoding: .utf8)
        port = try ServerProcess.freePort()
        let closedPort = try ServerProcess.freePort()
        let t = temp.path, m = ApacheErrorPageTests.modules
        let config = """
        ServerRoot "\(t)"
        ServerName 127.0.0.1
        PidFile "\(t)/httpd.pid"
        ErrorLog "\(t)/error.log"
        Mutex file:\(t)
        DefaultRuntimeDir "\(t)"
        LoadModule mpm_event_module \(m)/mod_mpm_event.so
        LoadModule authz_core_module \(m)/mod_authz_core.so
        LoadModule alias_module \(m)/mod_alias.so
        LoadModule mime_module \(m)/mod_mime.so
        LoadModule proxy_module \(m)/mod_proxy.so
        LoadModule proxy_http_module \(m)/mod_proxy_http.so
        TypesConfig "\(t)/mime.types"
        AddType text/html .html
        Listen 127.0.0.1:\(port)
        <VirtualHost 127.0.0.1:\(port)>
            Include "\(t)/kb-errors.conf"
            Alias /static/ "\(t)/static/static/"
            <Directory "\(t)/static">
                Require all granted
            </Directory>
            ProxyPass /app/ http://127.0.0.1:\(closedPort)/
        </VirtualHost>

        """
        try config.write(to: temp.appendingPathComponent("httpd.conf"), atomically: true, encoding: .utf8)
        try "".write(to: temp.appendingPathComponent("mime.types"), atomically: true, encoding: .utf8)
        server = try ServerProcess(executable: executable, arguments: ["-f", t + "/httpd.conf", "-DFOREGROUND"],
                                   port: port, log: temp.appendingPathComponent("error.log"))
    }

    override func tearDown() {
        server?.stop()
        server = nil
        site?.remove()
        super.tearDown()
    }

    func testRefusedBackendGives503WithOurPage() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/app/dashboard", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 503 Service Unavailable")
        XCTAssertEqual(reply.body, try fixture.text("503.html"))
    }

    func testMissingFileGives404WithOurPage() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/static/missing.css", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 404 Not Found")
        XCTAssertEqual(reply.body, try fixture.text("404.html"))
    }
}

/// Real Caddy on loopback with the generated `errors/Caddyfile` pasted into the site block.
final class CaddyErrorPageTests: XCTestCase {
    var site: ErrorPageFixture?
    var server: ServerProcess?
    var port: UInt16 = 0

    override func setUpWithError() throws {
        try super.setUpWithError()
        let executable = try ExternalTool.caddy()
        let built = try ErrorPageFixture()
        site = built
        let temp = built.root.appendingPathComponent("caddy")
        try FileManager.default.createDirectory(at: temp.appendingPathComponent("static"), withIntermediateDirectories: true)
        port = try ServerProcess.freePort()
        let closedPort = try ServerProcess.freePort()
        let snippet = try built.text("Caddyfile").replacingOccurrences(of: ErrorPages.rootPlaceholder, with: built.output.path)
        let t = temp.path
        let config = """
        {
        \tadmin off
        \tauto_https off
        \tstorage file_system \(t)/data
        }
        http://127.0.0.1:\(port) {
        \thandle_path /static/* {
        \t\troot * \(t)/static
        \t\tfile_server
        \t}
        \treverse_proxy 127.0.0.1:\(closedPort)
        \(snippet)
        }

        """
        try config.write(to: temp.appendingPathComponent("Caddyfile"), atomically: true, encoding: .utf8)
        // Caddy keeps state under HOME and XDG folders: point them into the test folder.
        let environment = ["HOME": t, "XDG_DATA_HOME": t + "/data", "XDG_CONFIG_HOME": t + "/config", "PATH": "/usr/bin:/bin"]
        server = try ServerProcess(executable: executable, arguments: ["run", "--config", t + "/Caddyfile", "--adapter", "caddyfile"],
                                   port: port, log: temp.appendingPathComponent("Caddyfile"), environment: environment)
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
        XCTAssertEqual(reply.body, try fixture.text("502.html"))
    }

    func testMissingFileGives404WithOurPage() throws {
        let fixture = try XCTUnwrap(site)
        let reply = try HTTPReply.get("/static/missing.css", port: port)
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 404 Not Found")
        XCTAssertEqual(reply.body, try fixture.text("404.html"))
    }
}
#endif
