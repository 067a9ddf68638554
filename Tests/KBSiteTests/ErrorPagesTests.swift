import XCTest
@testable import KBSite

/// Quick steps, server snippets and the error pages a build writes.
final class ErrorPagesTests: XCTestCase {
    // MARK: Quick steps from "What you can do"

    func steps(_ markdown: String, limit: Int = 3) -> [QuickStep] {
        QuickSteps.extract(from: Array(markdown.utf8), limit: limit)
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
        let source = try Data(contentsOf: url)
        XCTAssertEqual(QuickSteps.extract(from: source, limit: 3), [
            QuickStep(lead: "Refresh once.", rest: " Press F5 or pull down to reload. If the failure was a momentary reset, this is all it takes.",
                      text: "Refresh once. Press F5 or pull down to reload. If the failure was a momentary reset, this is all it takes."),
            QuickStep(lead: "Wait a minute or two, then try again.",
                      rest: " Avoid hammering the refresh button; a struggling site recovers faster with less traffic.",
                      text: "Wait a minute or two, then try again. Avoid hammering the refresh button; a struggling site recovers faster with less traffic."),
            QuickStep(lead: "Check the status page.",
                      rest: " Many services publish one (often status.example.com). See how to read a status page for what \"degraded\" and \"partial outage\" mean.",
                      text: "Check the status page. Many services publish one (often status.example.com). See how to read a status page for what \"degraded\" and \"partial outage\" mean."),
        ])
    }

    // MARK: Inline Markdown to plain text

    func testPlainTextDropsEmphasisAndKeepsLinkTextAndCode() {
        let text = InlineText.plain(ArraySlice("See *the* [status guide](reading.md#x \"t\") and ![logo](a.png), run `curl -I`, ~~old~~ new.".utf8))
        XCTAssertEqual(text, "See the status guide and logo, run curl -I, old new.")
    }

    func testPlainTextKeepsSnakeCaseLoneAsterisksAndBrackets() {
        XCTAssertEqual(InlineText.plain(ArraySlice("set status_page_url to 5 * 3 [sic] now!".utf8)), "set status_page_url to 5 * 3 [sic] now!")
    }

    func testPlainTextDecodesEntitiesEscapesAndAutolinks() {
        XCTAssertEqual(InlineText.plain(ArraySlice("A &amp; B &#8212; \\*not\\* <https://example.com/> <b>bold</b> &bogus; x<y".utf8)),
                       "A & B \u{2014} *not* https://example.com/ bold &bogus; x<y")
    }

    func testReferenceLinkKeepsItsText() {
        XCTAssertEqual(InlineText.plain(ArraySlice("Read [the guide][guide] first.".utf8)), "Read the guide first.")
    }

    func testLongItemIsCutAtASpaceWithAnEllipsis() throws {
        let words = Array(repeating: "word", count: 400).joined(separator: " ")
        let step = try XCTUnwrap(InlineText.step(Array(words.utf8)))
        XCTAssertEqual(step.text, Array(repeating: "word", count: 200).joined(separator: " ") + "\u{2026}")
    }

    func testHostileItemIsReducedWithoutCrashing() throws {
        let hostile = String(repeating: "[a](", count: 25_000) + String(repeating: "**`<&", count: 10_000)
        let found = steps("## What you can do\n\n- " + hostile + "\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertLessThanOrEqual(try XCTUnwrap(found.first).text.utf8.count, QuickSteps.itemByteLimit + 3)
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
