import XCTest
@testable import KBServer

/// A folder built for a subpath (`base_url: https://x.com/help/`) is served under that path, and `/` goes there.
final class BasePathTests: ServerTestCase {
    private func startUnder(_ basePath: String) throws -> Int {
        var configuration = ServerConfiguration(root: site.root, port: 0)
        configuration.basePath = basePath
        let server = PreviewServer(configuration: configuration)
        let port = try server.start()
        addTeardownBlock { server.stop() }
        return port
    }

    func testPagesAnswerUnderTheBasePath() throws {
        let port = try startUnder("/help/")
        let home = try fetch(port, "/help/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.text, "<!doctype html><html><body><h1>Home</h1></body></html>\n")
        XCTAssertEqual(try fetch(port, "/help/docs/guide.html").text, "<html><body>Guide</body></html>\n")
        XCTAssertEqual(try fetch(port, "/help/docs/").text, "<html><body>Docs index</body></html>\n")
    }

    func testTheRootRedirectsToTheBasePathTemporarily() throws {
        let port = try startUnder("/help/")
        let response = try fetch(port, "/")
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("Location"), "/help/")
    }

    func testFolderRedirectsKeepTheBasePath() throws {
        let port = try startUnder("/help/")
        let bare = try fetch(port, "/help")
        XCTAssertEqual(bare.status, 301)
        XCTAssertEqual(bare.header("Location"), "/help/")
        let folder = try fetch(port, "/help/docs?x=1")
        XCTAssertEqual(folder.status, 301)
        XCTAssertEqual(folder.header("Location"), "/help/docs/?x=1")
    }

    func testPathsOutsideTheBaseGetTheSites404Page() throws {
        let port = try startUnder("/help/")
        for target in ["/docs/guide.html", "/helpdesk/", "/index.html"] {
            let response = try fetch(port, target)
            XCTAssertEqual(response.status, 404, target)
            XCTAssertEqual(response.text, "<html><body><p>Custom missing page</p></body></html>\n", target)
        }
    }

    func testNestedAndEncodedBasePaths() throws {
        let port = try startUnder("/a/help%20center/")
        XCTAssertEqual(try fetch(port, "/").header("Location"), "/a/help%20center/")
        XCTAssertEqual(try fetch(port, "/a/help%20center/docs/guide.html").status, 200)
        XCTAssertEqual(try fetch(port, "/a/").status, 404)
    }

    func testTheRootBasePathServesAsBefore() throws {
        let port = try startUnder("/")
        XCTAssertEqual(try fetch(port, "/").status, 200)
        XCTAssertEqual(try fetch(port, "/help/").status, 404)
    }
}
