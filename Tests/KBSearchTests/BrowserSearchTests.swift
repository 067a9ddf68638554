import Foundation
import XCTest
@testable import KBSearch

/// Loads `/search/?q=…` of a fixture site in headless Chromium and checks what search.js rendered.
final class BrowserSearchTests: XCTestCase {
    private var harness: BrowserHarness?

    static func searchPage(base: String) -> [UInt8] {
        Array("""
        <!doctype html>
        <html><head><meta charset="utf-8"><meta name="kb-base" content="\(base)"><title>Search</title></head>
        <body>
        <header><form role="search"><input id="search-input" type="search" name="q"></form></header>
        <main><input id="search-page-input" type="search"><ol id="search-results"></ol></main>
        <script src="\(base)assets/search.js"></script>
        </body></html>

        """.utf8)
    }

    /// The fixture site at `/` (one index file) and again at `/sub/site/` (sharded, to cover both layouts).
    static func populate(_ root: URL) throws {
        let script = try [UInt8](Data(contentsOf: RepositoryPaths.searchScript))
        for (base, options) in [("/", SearchIndexOptions()),
                                ("/sub/site/", SearchIndexOptions(singleFileLimit: 1, shardTargetBytes: 300,
                                                                  documentsPerChunk: 3))] {
            let folder = String(base.dropFirst())
            try BrowserHarness.write(script, to: folder + "assets/search.js", in: root)
            try BrowserHarness.write(searchPage(base: base), to: folder + "search/index.html", in: root)
            // As kb build does, the site's URLs carry its base path.
            let documents = FixtureDocuments.all.map { document in
                var copy = document
                copy.url = base + document.url.dropFirst()
                return copy
            }
            for (path, bytes) in SearchIndexBuilder.build(documents, options: options) {
                try BrowserHarness.write(bytes, to: folder + "search/" + path, in: root)
            }
        }
    }

    override func setUpWithError() throws {
        harness = try BrowserHarness(populate: Self.populate)
    }

    override func tearDown() {
        harness = nil
    }

    private func links(_ query: String, base: String = "/") throws -> [String] {
        let harness = try XCTUnwrap(harness)
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let dom = try harness.dumpDOM("\(base)search/?q=\(encoded)")
        XCTAssertTrue(dom.contains("data-state=\"done\""), "search did not finish: \(dom.prefix(2000))")
        return DOMText.resultLinks(dom)
    }

    func testBareStatusCodeRanksItsArticleFirst() throws {
        XCTAssertEqual(try links("502").first, "/502-bad-gateway/")
    }

    func testErrorAndCodeRanksTheStatusFirst() throws {
        XCTAssertEqual(try links("error 502").first, "/502-bad-gateway/")
    }

    func testHttpAndCodeRanksTheStatusFirst() throws {
        XCTAssertEqual(try links("http 504").first, "/504-gateway-timeout/")
    }

    func testReasonPhraseRanksItsArticleFirst() throws {
        XCTAssertEqual(try links("bad gateway").first, "/502-bad-gateway/")
    }

    func testTypoIsForgiven() throws {
        XCTAssertEqual(Set(try links("gatewya").prefix(2)), ["/502-bad-gateway/", "/504-gateway-timeout/"])
    }

    func testLastWordMatchesAsPrefix() throws {
        XCTAssertEqual(Set(try links("gatew").prefix(2)), ["/502-bad-gateway/", "/504-gateway-timeout/"])
    }

    func testKeywordActsAsSynonym() throws {
        XCTAssertEqual(try links("throttled").first, "/429-too-many-requests/")
    }

    func testKeywordPhraseActsAsSynonym() throws {
        XCTAssertEqual(try links("site down").first, "/503-service-unavailable/")
    }

    func testErrorSymbolFindsItsArticle() throws {
        XCTAssertEqual(try links("NET::ERR_CERT_DATE_INVALID").first, "/certificate-date-invalid/")
    }

    func testShardedIndexUnderASubpath() throws {
        let found = try links("bad gatew", base: "/sub/site/")
        XCTAssertEqual(found.first, "/sub/site/502-bad-gateway/")
    }

    func testMarkupInIndexIsShownAsText() throws {
        let harness = try XCTUnwrap(harness)
        let dom = try harness.dumpDOM("/search/?q=onerror%20markup")
        let list = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<ol id=\"search-results\"", closing: "</ol>"))
        XCTAssertTrue(list.contains("<span class=\"search-title\">&lt;img src=x onerror=alert(1)&gt;</span>"), list)
        XCTAssertFalse(list.contains("<img"), list)
        XCTAssertFalse(list.contains("<b>"), list)
        XCTAssertFalse(dom.contains("<script>alert"), list)
    }

    func testSnippetMarksMatchedWords() throws {
        let harness = try XCTUnwrap(harness)
        let dom = try harness.dumpDOM("/search/?q=firewalls")
        let list = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<ol id=\"search-results\"", closing: "</ol>"))
        XCTAssertTrue(list.contains("<mark>Firewalls</mark>"), list)
        XCTAssertTrue(list.contains("<span class=\"search-section\">What it means</span>"), list)
    }

    func testGuideShowsGuideBadge() throws {
        let harness = try XCTUnwrap(harness)
        let dom = try harness.dumpDOM("/search/?q=cookies")
        let list = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<ol id=\"search-results\"", closing: "</ol>"))
        XCTAssertTrue(list.contains("<a href=\"/clearing-cache/\"><span class=\"badge badge-guide\" aria-hidden=\"true\">"
                                    + "Guide</span> <span class=\"search-title\">Clearing your cache and cookies</span></a>"), list)
    }

    func testStatusLineCountsResults() throws {
        let harness = try XCTUnwrap(harness)
        try harness.write(Array(String(decoding: Self.searchPage(base: "/"), as: UTF8.self).replacingOccurrences(
            of: "<ol id=\"search-results\">", with: "<div id=\"search-status\"></div><ol id=\"search-results\">").utf8),
            to: "status/index.html")
        let dom = try harness.dumpDOM("/status/?q=gateway")
        XCTAssertEqual(DOMText.element(dom, openingPrefix: "<div id=\"search-status\"", closing: "</div>"),
                       "2 results for “gateway”.")
    }

    func testResultShowsCodeBadge() throws {
        let harness = try XCTUnwrap(harness)
        let dom = try harness.dumpDOM("/search/?q=forbidden")
        let list = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<ol id=\"search-results\"", closing: "</ol>"))
        XCTAssertTrue(list.contains("<span class=\"badge badge-4xx\" aria-hidden=\"true\">403</span>"), list)
    }

    func testNoResultsSuggestsCloseTermsAndAllErrors() throws {
        let harness = try XCTUnwrap(harness)
        let dom = try harness.dumpDOM("/search/?q=gatwayz")
        XCTAssertEqual(DOMText.resultLinks(dom), [])
        let empty = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<div id=\"search-empty\"", closing: "</div>"))
        XCTAssertTrue(empty.contains("No articles match “gatwayz”."), empty)
        XCTAssertTrue(empty.contains("<a class=\"search-suggested-term\" href=\"/search/?q=gateway\">gateway</a>"),
                      empty)
        XCTAssertTrue(empty.contains("href=\"/#all-errors\""), empty)
    }

    func testHeaderBoxSuggestsAsYouTypeWithKeyboardNavigation() throws {
        let harness = try XCTUnwrap(harness)
        try harness.write(Array("""
        <!doctype html><html><head><meta charset="utf-8"><meta name="kb-base" content="/"></head><body>
        <header><form role="search"><input id="search-input" type="search" name="q"></form></header>
        <pre id="out">running</pre>
        <script src="/assets/search.js"></script>
        <script>
        window.addEventListener('load', async () => {
          const input = document.getElementById('search-input');
          const log = [];
          const key = (target, k) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
          key(document.body, '/');
          log.push('focused:' + (document.activeElement === input));
          input.value = 'gateway';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const box = document.getElementById('search-suggestions');
          log.push('open:' + !box.hidden);
          log.push('items:' + Array.from(box.querySelectorAll('a.search-suggestion')).map((a) => a.getAttribute('href')).join(','));
          key(input, 'ArrowDown'); key(input, 'ArrowDown');
          log.push('active:' + input.getAttribute('aria-activedescendant'));
          key(input, 'ArrowUp');
          log.push('active:' + input.getAttribute('aria-activedescendant'));
          log.push('action:' + input.form.getAttribute('action'));
          key(input, 'Escape');
          log.push('open:' + !box.hidden);
          document.getElementById('out').textContent = log.join(' ');
        });
        </script></body></html>

        """.utf8), to: "box.html")
        let dom = try harness.dumpDOM("/box.html")
        XCTAssertEqual(DOMText.element(dom, openingPrefix: "<pre id=\"out\"", closing: "</pre>"),
                       "focused:true open:true items:/502-bad-gateway/,/504-gateway-timeout/ "
                       + "active:search-suggestion-1 active:search-suggestion-0 action:/search/ open:false")
    }

    func testTokenizerMatchesTheSharedFixture() throws {
        let harness = try XCTUnwrap(harness)
        try harness.write([UInt8](Data(contentsOf: RepositoryPaths.tokenizerCases)), to: "tokenizer-cases.json")
        try harness.write(Array("""
        <!doctype html><html><head><meta charset="utf-8"></head><body><pre id="parity">running</pre>
        <script src="/assets/search.js"></script>
        <script>
        fetch('/tokenizer-cases.json').then(r => r.json()).then(cases => {
          const failures = [];
          for (const c of cases) {
            const got = JSON.stringify(window.kbSearch.tokens(c.input));
            if (got !== JSON.stringify(c.tokens)) failures.push(JSON.stringify(c.input) + ' -> ' + got);
          }
          document.getElementById('parity').textContent =
            failures.length === 0 ? 'PASS ' + cases.length : 'FAIL ' + failures.join(' | ');
        });
        </script></body></html>

        """.utf8), to: "parity.html")
        let dom = try harness.dumpDOM("/parity.html")
        let cases = try TokenizerCase.load()
        let result = DOMText.element(dom, openingPrefix: "<pre id=\"parity\"", closing: "</pre>")
        XCTAssertEqual(result, "PASS \(cases.count)")
    }
}
