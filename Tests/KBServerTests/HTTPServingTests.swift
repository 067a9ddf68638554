import XCTest
@testable import KBServer

final class HTTPServingTests: ServerTestCase {
    func testGetServesFileWithLengthTypeAndNoCache() throws {
        let port = try startPort()
        let response = try fetch(port, "/index.html")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "<!doctype html><html><body><h1>Home</h1></body></html>\n")
        XCTAssertEqual(response.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertEqual(response.header("Content-Length"), "55")
        XCTAssertEqual(response.header("Cache-Control"), "no-cache")
        XCTAssertNotNil(response.header("ETag"))
        XCTAssertNotNil(response.header("Last-Modified"))
        XCTAssertNotNil(response.header("Date"))
    }

    func testContentTypesFollowTheExtension() throws {
        let expected = [
            "a.css": "text/css; charset=utf-8", "a.js": "text/javascript; charset=utf-8", "a.json": "application/json",
            "a.xml": "application/xml", "a.svg": "image/svg+xml", "a.png": "image/png", "a.jpg": "image/jpeg",
            "a.gif": "image/gif", "a.webp": "image/webp", "a.ico": "image/x-icon", "a.woff2": "font/woff2",
            "a.txt": "text/plain; charset=utf-8", "a.pdf": "application/pdf", "a.HTML": "text/html; charset=utf-8",
            "a.unknown": "application/octet-stream", "noextension": "application/octet-stream",
        ]
        for name in expected.keys { try site.write(name, "x") }
        let port = try startPort()
        for (name, type) in expected {
            XCTAssertEqual(try fetch(port, "/" + name).header("Content-Type"), type, name)
        }
    }

    func testHeadSendsTheHeadersOfGetWithoutABody() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        try client.send("HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "55")
        // The next response starts right after the head: no body bytes were sent for HEAD.
        XCTAssertEqual(try client.readResponse().text, "<html><body>Guide</body></html>\n")
    }

    func testOtherMethodsGet405WithAllow() throws {
        let port = try startPort()
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
            let response = try exchange(port, "\(method) /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            XCTAssertEqual(response.status, 405, method)
            XCTAssertEqual(response.header("Allow"), "GET, HEAD", method)
        }
    }

    func testMalformedRequestsGet400() throws {
        let port = try startPort()
        let malformed = [
            "GET /index.html\r\n\r\n",                          // no version
            "GET  /index.html HTTP/1.1\r\nHost: x\r\n\r\n",      // double space
            "GET /index.html HTTP/1.1 extra\r\nHost: x\r\n\r\n",
            "GET /index.html HTTX/1.1\r\nHost: x\r\n\r\n",
            "G(T /index.html HTTP/1.1\r\nHost: x\r\n\r\n",       // not a token
            "GET index.html HTTP/1.1\r\nHost: x\r\n\r\n",        // not origin-form
            "GET /index.html HTTP/1.1\r\nHost x\r\n\r\n",        // header without colon
            "GET /index.html HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            "GET /index.html HTTP/1.1\r\nBad Name: x\r\nHost: x\r\n\r\n",
            "GET /index.html HTTP/1.1\r\nHost: x\r\nX: a\u{01}b\r\n\r\n",
            "GET /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET /index.html HTTP/1.1\r\n\r\n",                  // HTTP/1.1 without Host
            "GET /index.html HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        ]
        for request in malformed {
            XCTAssertEqual(try exchange(port, request).status, 400, request.debugDescription)
        }
    }

    func testUnsupportedMajorVersionGets505() throws {
        let port = try startPort()
        XCTAssertEqual(try exchange(port, "GET / HTTP/2.0\r\nHost: x\r\n\r\n").status, 505)
    }

    func testOverlongRequestLineGets414() throws {
        let port = try startPort()
        let target = "/" + String(repeating: "a", count: ServerLimits.maxRequestLineBytes + 10)
        XCTAssertEqual(try exchange(port, "GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n").status, 414)
    }

    func testOverlongRequestLineWithoutEndGets414() throws {
        let port = try startPort()
        let target = "/" + String(repeating: "a", count: ServerLimits.maxHeadBytes + 100)
        XCTAssertEqual(try exchange(port, "GET \(target)").status, 414)
    }

    func testTooManyHeadersGet431() throws {
        let port = try startPort()
        var request = "GET / HTTP/1.1\r\nHost: x\r\n"
        for index in 0..<(ServerLimits.maxHeaderCount + 1) { request += "X-\(index): y\r\n" }
        XCTAssertEqual(try exchange(port, request + "\r\n").status, 431)
    }

    func testOversizedHeadersGet431() throws {
        let port = try startPort()
        let value = String(repeating: "v", count: ServerLimits.maxHeadBytes)
        XCTAssertEqual(try exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(value)\r\n\r\n").status, 431)
    }

    func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        for _ in 0..<3 {
            try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.text, "<html><body>Guide</body></html>\n")
            XCTAssertEqual(response.header("Connection"), "keep-alive")
        }
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /docs/ HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "<html><body>Guide</body></html>\n")
        XCTAssertEqual(try client.readResponse().status, 404)
        XCTAssertEqual(try client.readResponse().text, "<html><body>Docs index</body></html>\n")
    }

    func testConnectionCloseIsHonoured() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("Connection"), "close")
        XCTAssertTrue(client.waitForClose())
    }

    func testHTTP10ClosesAfterOneResponse() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        try client.send("GET /docs/guide.html HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.text, "<html><body>Guide</body></html>\n")
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.waitForClose())
    }

    func testHTTP10KeepAliveKeepsTheConnection() throws {
        let port = try startPort()
        let client = try TestClient(port: port)
        for _ in 0..<2 {
            try client.send("GET /docs/guide.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("Connection"), "keep-alive")
        }
    }

    func testMatchingETagGives304() throws {
        let port = try startPort()
        let etag = try XCTUnwrap(fetch(port, "/index.html").header("ETag"))
        let response = try fetch(port, "/index.html", headers: ["If-None-Match: \"nope\", \(etag)"])
        XCTAssertEqual(response.status, 304)
        XCTAssertEqual(response.header("ETag"), etag)
        XCTAssertEqual(try fetch(port, "/index.html", headers: ["If-None-Match: \"other\""]).status, 200)
    }

    func testIfModifiedSinceGives304UnlessChangedLater() throws {
        let port = try startPort()
        let lastModified = try XCTUnwrap(fetch(port, "/index.html").header("Last-Modified"))
        XCTAssertEqual(try fetch(port, "/index.html", headers: ["If-Modified-Since: \(lastModified)"]).status, 304)
        let response = try fetch(port, "/index.html", headers: ["If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"])
        XCTAssertEqual(response.status, 200)
    }

    func testRangeGives206WithThoseBytes() throws {
        try site.write("digits.txt", "0123456789")
        let port = try startPort()
        let response = try fetch(port, "/digits.txt", headers: ["Range: bytes=2-5"])
        XCTAssertEqual(response.status, 206)
        XCTAssertEqual(response.text, "2345")
        XCTAssertEqual(response.header("Content-Range"), "bytes 2-5/10")
        XCTAssertEqual(try fetch(port, "/digits.txt", headers: ["Range: bytes=7-"]).text, "789")
        XCTAssertEqual(try fetch(port, "/digits.txt", headers: ["Range: bytes=-3"]).text, "789")
        XCTAssertEqual(try fetch(port, "/digits.txt", headers: ["Range: bytes=8-100"]).text, "89")
    }

    func testUnsatisfiableRangeGives416() throws {
        try site.write("digits.txt", "0123456789")
        let port = try startPort()
        let response = try fetch(port, "/digits.txt", headers: ["Range: bytes=10-20"])
        XCTAssertEqual(response.status, 416)
        XCTAssertEqual(response.header("Content-Range"), "bytes */10")
    }

    func testStaleIfRangeGivesTheWholeFile() throws {
        try site.write("digits.txt", "0123456789")
        let port = try startPort()
        let response = try fetch(port, "/digits.txt", headers: ["Range: bytes=2-5", "If-Range: \"stale\""])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "0123456789")
    }

    func testFolderWithoutSlashRedirects() throws {
        let port = try startPort()
        let response = try fetch(port, "/docs?x=1")
        XCTAssertEqual(response.status, 301)
        XCTAssertEqual(response.header("Location"), "/docs/?x=1")
    }

    func testFolderWithSlashServesItsIndex() throws {
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/docs/").text, "<html><body>Docs index</body></html>\n")
        XCTAssertEqual(try fetch(port, "/").text, "<!doctype html><html><body><h1>Home</h1></body></html>\n")
    }

    func testPathIsPercentDecoded() throws {
        try site.write("a b+é.txt", "spaced")
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/a%20b+%C3%A9.txt").text, "spaced")
    }

    func testQueryIsIgnoredForLookup() throws {
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/docs/guide.html?v=3").status, 200)
    }

    func testMissGets404WithTheSite404Page() throws {
        let port = try startPort()
        let response = try fetch(port, "/no/such/page.html")
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.text, "<html><body><p>Custom missing page</p></body></html>\n")
        XCTAssertEqual(response.header("Content-Type"), "text/html; charset=utf-8")
    }

    func testMissWithout404PageGetsPlainText() throws {
        try FileManager.default.removeItem(atPath: site.root + "/404.html")
        let port = try startPort()
        let response = try fetch(port, "/nothing")
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.text, "404 Not Found\n")
    }

    func testEmptyFileIsServed() throws {
        try site.write("empty.txt", "")
        let port = try startPort()
        let response = try fetch(port, "/empty.txt")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Content-Length"), "0")
    }

    func testPortInUseIsAClearError() throws {
        let (_, port) = try startServer()
        let second = PreviewServer(configuration: ServerConfiguration(root: site.root, port: port))
        XCTAssertThrowsError(try second.start()) { error in
            XCTAssertEqual(error as? ServerError, .portInUse(host: "127.0.0.1", port: port))
            XCTAssertEqual("\(error)", "port \(port) on 127.0.0.1 is already in use; stop the other server or try --port \(port + 1)")
        }
    }

    func testMissingRootIsAnError() {
        let server = PreviewServer(configuration: ServerConfiguration(root: site.base + "/nope", port: 0))
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual(error as? ServerError, .rootNotFound(path: site.base + "/nope"))
        }
    }

    func testPortablePollerServesToo() throws {
        let (_, port) = try startServer(portable: true)
        let client = try TestClient(port: port)
        for _ in 0..<2 {
            try client.send("GET /docs/guide.html HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "<html><body>Guide</body></html>\n")
        }
    }
}
