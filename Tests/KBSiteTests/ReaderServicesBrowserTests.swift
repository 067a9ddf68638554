import Foundation
import KBTestSupport
import XCTest
@testable import KBSite

/// The feedback form and the status banner in headless Chromium, against a local stand-in for both services
/// (Tests/KBTestSupport/Scripts/endpoint.py) on another port, so every request is cross-origin as in real life.
final class ReaderServicesBrowserTests: XCTestCase {
    private var services: ServiceStandIn!
    private var server: FixtureHTTPServer!
    private var driver: BrowserDriver!
    private var site: TestSite!

    override func setUpWithError() throws {
        driver = try BrowserDriver()
        services = try ServiceStandIn()
    }

    override func tearDown() {
        server?.stop()
        services?.stop()
        if let site { try? FileManager.default.removeItem(at: site.root) }
    }

    /// Builds the fixture site with the built-in theme and `settings`, and serves it over http.
    private func serve(settings: String) throws {
        if let old = self.site { try? FileManager.default.removeItem(at: old.root) }
        let site = try TestSite()
        self.site = site
        try site.addSettings(settings)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))
        try site.build(baseURL: "http://127.0.0.1/")
        server = try FixtureHTTPServer(directory: site.output)
    }

    private func feedbackSite() throws {
        try serve(settings: "feedback_url: \"\(services.url("/feedback"))\"\nsupport_url: \"/contact/\"\nsupport_label: \"Talk to us\"\n")
    }

    func testYesIsSentInPlaceWithJavaScript() throws {
        try feedbackSite()
        let results = try driver.run([
            ["navigate": server.url("/502-bad-gateway/")],
            ["click": "form.feedback button[value=yes]"],
            ["wait": "document.querySelector('.feedback-thanks') !== null"],
            ["eval": "document.querySelector('.feedback-body').textContent.trim()"],
            ["eval": "document.activeElement.className"],
            ["url": true],
        ])
        XCTAssertEqual(results[2] as? Bool, true, "no thank-you appeared: \(results)")
        XCTAssertEqual(results[3] as? String, "Thank you for your feedback.")
        XCTAssertEqual(results[4] as? String, "feedback-thanks", "focus should move to the answer")
        XCTAssertEqual(results[5] as? String, server.url("/502-bad-gateway/"), "the page should stay")
        let posts = services.posts()
        XCTAssertEqual(posts.count, 1, "\(posts)")
        XCTAssertEqual(posts.first?["helpful"], "yes")
        XCTAssertEqual(posts.first?["article"], "502-bad-gateway")
        XCTAssertEqual(posts.first?["url"], "http://127.0.0.1/502-bad-gateway/")
        XCTAssertEqual(posts.first?["language"], "en")
        XCTAssertEqual(posts.first?["_content_type"].map { $0.hasPrefix("application/x-www-form-urlencoded") }, true)
    }

    func testNoOffersACommentAndTheSupportLink() throws {
        try feedbackSite()
        let results = try driver.run([
            ["navigate": server.url("/502-bad-gateway/")],
            ["focus": "form.feedback button[value=no]"],
            ["key": "Enter"],
            ["wait": "document.getElementById('feedback-comment') !== null"],
            ["eval": "document.querySelector('.feedback-support a').getAttribute('href') + ' ' + document.querySelector('.feedback-support a').textContent"],
            ["focus": "#feedback-comment"],
            ["type": "The steps did not mention my router"],
            ["click": "form.feedback button[type=submit]"],
            ["wait": "document.querySelector('.feedback-thanks') && document.querySelector('.feedback-thanks').textContent.indexOf('comment') > 0"],
        ])
        XCTAssertEqual(results[3] as? Bool, true, "no comment box after No: \(results)")
        XCTAssertEqual(results[4] as? String, "/contact/ Talk to us")
        XCTAssertEqual(results[8] as? Bool, true, "no thank-you for the comment: \(results)")
        let posts = services.posts()
        XCTAssertEqual(posts.map { $0["helpful"] ?? "" }, ["no", "no"], "\(posts)")
        XCTAssertNil(posts.first?["comment"])
        XCTAssertEqual(posts.last?["comment"], "The steps did not mention my router")
        XCTAssertEqual(posts.last?["article"], "502-bad-gateway")
    }

    func testTheFormPostsWithoutJavaScript() throws {
        try feedbackSite()
        let results = try driver.run([
            ["navigate": server.url("/502-bad-gateway/")],
            ["click": "form.feedback button[value=no]"],
            ["sleep": 1.0],
            ["url": true],
            ["html": "#received"],
        ], javascript: false)
        XCTAssertEqual(results[3] as? String, services.url("/feedback"), "the browser should have posted the form: \(results)")
        XCTAssertNotNil(results[4] as? String)
        let posts = services.posts()
        XCTAssertEqual(posts.count, 1, "\(posts)")
        XCTAssertEqual(posts.first?["helpful"], "no")
        XCTAssertEqual(posts.first?["article"], "502-bad-gateway")
        XCTAssertEqual(posts.first?["url"], "http://127.0.0.1/502-bad-gateway/")
    }

    /// The banner (class|text|link) for a status answer, once the script has finished (it gives up after 3 s),
    /// and the state the script ended in.
    private func banner(_ statusPath: String, page: String, expect state: String) throws -> String? {
        try serve(settings: "status_api_url: \"\(services.url(statusPath))\"\n")
        let results = try driver.run([
            ["navigate": server.url(page)],
            ["wait": "document.getElementById('kb-status').hasAttribute('data-state')", "timeout": 8],
            ["eval": "document.getElementById('kb-status').getAttribute('data-state')"],
            ["eval": "(function(){ var b = document.querySelector('#kb-status .status-banner'); return b ? b.className + '|' + b.textContent + '|' + (b.querySelector('a') ? b.querySelector('a').getAttribute('href') : '') : null })()"],
            ["eval": "document.querySelectorAll('#kb-status b').length"],
            ["eval": "document.querySelector('form[role=search]') ? typeof window.kbSearch : 'object'"],
        ])
        XCTAssertEqual(results[0] as? Bool, true, "the page did not load")
        XCTAssertEqual(results[2] as? String, state, "\(statusPath) on \(page)")
        XCTAssertEqual(results[4] as? Int, 0, "the description must be text, never HTML")
        XCTAssertEqual(results[5] as? String, "object", "the search script must keep working")
        return results[3] as? String
    }

    func testAnIncidentShowsTheBannerAsText() throws {
        XCTAssertEqual(try banner("/status/major", page: "/502-bad-gateway/", expect: "incident"), "status-banner status-major|Known problem: <b>Checkout</b> is failing See the status page|https://status.example.com/")
    }

    func testTheHomePageShowsItToo() throws {
        XCTAssertNotNil(try banner("/status/major", page: "/", expect: "incident"))
    }

    func testNoIncidentShowsNothing() throws {
        XCTAssertNil(try banner("/status/none", page: "/502-bad-gateway/", expect: "clear"))
    }

    func testAMalformedOrWrongShapedAnswerShowsNothing() throws {
        XCTAssertNil(try banner("/status/malformed", page: "/502-bad-gateway/", expect: "failed"))
        server.stop()
        XCTAssertNil(try banner("/status/wrong-shape", page: "/502-bad-gateway/", expect: "failed"))
    }

    func testAServerThatNeverAnswersOrRefusesCORSShowsNothing() throws {
        XCTAssertNil(try banner("/status/hang", page: "/502-bad-gateway/", expect: "failed"))
        server.stop()
        XCTAssertNil(try banner("/status/no-cors", page: "/502-bad-gateway/", expect: "failed"))
    }

    func testErrorPagesCarryTheBannerInline() throws {
        XCTAssertEqual(try banner("/status/major", page: "/errors/503.html", expect: "incident")?.hasPrefix("status-banner status-major|Known problem:"), true)
    }
}
