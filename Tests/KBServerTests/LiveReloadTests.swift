import Foundation
import XCTest
@testable import KBServer

final class LiveReloadTests: ServerTestCase {
    func testHTMLGetsTheScriptBeforeTheBodyEnd() throws {
        let port = try startPort(liveReload: true)
        let response = try fetch(port, "/index.html")
        XCTAssertTrue(response.text.hasPrefix("<!doctype html><html><body><h1>Home</h1><script>"), response.text)
        XCTAssertTrue(response.text.hasSuffix("</script>\n</body></html>\n"), response.text)
        XCTAssertTrue(response.text.contains("new EventSource(\"/__kb/reload\")"))
    }

    func testNonHTMLIsNotChanged() throws {
        try site.write("style.css", "body{}")
        let port = try startPort(liveReload: true)
        XCTAssertEqual(try fetch(port, "/style.css").text, "body{}")
    }

    func testNothingIsInjectedWithoutLiveReload() throws {
        let port = try startPort()
        XCTAssertEqual(try fetch(port, "/index.html").text, "<!doctype html><html><body><h1>Home</h1></body></html>\n")
        XCTAssertEqual(try fetch(port, "/__kb/reload").status, 404)
    }

    func testThe404PageGetsTheScriptToo() throws {
        let port = try startPort(liveReload: true)
        let response = try fetch(port, "/missing")
        XCTAssertEqual(response.status, 404)
        XCTAssertTrue(response.text.contains("Custom missing page</p><script>"), response.text)
    }

    func testPageValidatorChangesWithEachReload() throws {
        let (server, port) = try startServer(liveReload: true)
        let first = try XCTUnwrap(fetch(port, "/index.html").header("ETag"))
        server.reload()
        let response = try fetch(port, "/index.html", headers: ["If-None-Match: \(first)"])
        XCTAssertEqual(response.status, 200)
        XCTAssertNotEqual(response.header("ETag"), first)
    }

    func testEventStreamStartsWithTheCurrentGeneration() throws {
        let port = try startPort(liveReload: true)
        let client = try TestClient(port: port)
        try client.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        let received = try client.read(until: "data: 0\n\n")
        XCTAssertTrue(received.hasPrefix("HTTP/1.1 200 OK\r\n"), received)
        XCTAssertTrue(received.contains("Content-Type: text/event-stream\r\n"), received)
        XCTAssertTrue(received.hasSuffix("\r\n\r\nretry: 1000\nevent: hello\ndata: 0\n\n"), received)
    }

    func testReloadReachesAnOpenEventStream() throws {
        let (server, port) = try startServer(liveReload: true)
        let client = try TestClient(port: port)
        try client.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try client.read(until: "event: hello\ndata: 0\n\n")
        server.reload()
        XCTAssertTrue(try client.read(until: "event: reload\ndata: 1\n\n").hasSuffix("event: reload\ndata: 1\n\n"))
    }

    func testErrorsReachOpenStreamsAndNewOnesUntilTheNextGoodBuild() throws {
        let (server, port) = try startServer(liveReload: true)
        let open = try TestClient(port: port)
        try open.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try open.read(until: "data: 0\n\n")
        server.showErrors(["Articles/a.md:3:5: unclosed code fence", "Templates/t.html:1:1: bad\nsecond line"])
        let event = "event: errors\ndata: Articles/a.md:3:5: unclosed code fence\ndata: Templates/t.html:1:1: bad\ndata: second line\n\n"
        XCTAssertTrue(try open.read(until: event).hasSuffix(event))

        let late = try TestClient(port: port)
        try late.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(try late.read(until: event).hasSuffix("event: hello\ndata: 0\n\n" + event))

        server.reload()
        let afterFix = try TestClient(port: port)
        try afterFix.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertFalse(try afterFix.read(until: "data: 1\n\n").contains("errors"))
    }

    func testEventStreamsOutliveTheIdleTimeout() throws {
        let (server, port) = try startServer(liveReload: true, idleTimeout: .milliseconds(100))
        let client = try TestClient(port: port)
        try client.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try client.read(until: "data: 0\n\n")
        usleep(500_000) // several idle timeouts pass
        server.reload()
        XCTAssertTrue(try client.read(until: "event: reload\n").contains("event: reload\n"))
    }

    func testIdleEventStreamsGetPings() throws {
        var configuration = ServerConfiguration(root: site.root, port: 0, liveReload: true)
        configuration.eventPingInterval = .milliseconds(100)
        let server = PreviewServer(configuration: configuration)
        let port = try server.start()
        defer { server.stop() }
        let client = try TestClient(port: port)
        try client.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(try client.read(until: ": ping\n\n").contains("data: 0\n\n: ping\n\n"))
    }

    func testEditingAWatchedFileReloadsOpenPages() throws {
        let sources = site.base + "/articles"
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        let (server, port) = try startServer(liveReload: true)
        let watcher = try FileWatcher(paths: [sources]) { _ in server.reload() }
        watcher.start()
        defer { watcher.stop() }
        let client = try TestClient(port: port)
        try client.send("GET /__kb/reload HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try client.read(until: "data: 0\n\n")
        try "# Edited".write(toFile: sources + "/502.md", atomically: false, encoding: .utf8)
        XCTAssertTrue(try client.read(until: "event: reload\ndata: 1\n\n").hasSuffix("event: reload\ndata: 1\n\n"))
    }

    func testScriptShowsErrorsAsTextOnly() {
        let script = String(decoding: LiveReload.script(LiveReloadSnapshot(generation: 3)), as: UTF8.self)
        XCTAssertTrue(script.contains("textContent"))
        XCTAssertFalse(script.contains("innerHTML"))
        XCTAssertTrue(script.contains("var generation = \"3\""))
        XCTAssertTrue(script.contains("var standing = \"\";"))
    }

    func testStandingErrorsAreEmbeddedSoTheyCannotEndTheScript() {
        let state = LiveReloadSnapshot(generation: 1, errors: ["a.md:1:1: bad </script><b>\"x\"\\", "b.md:2:3: \u{1}"])
        let script = String(decoding: LiveReload.script(state), as: UTF8.self)
        XCTAssertTrue(script.contains(#"var standing = "a.md:1:1: bad \u003c/script>\u003cb>\"x\"\\\nb.md:2:3: \u0001";"#), script)
    }

    func testValidatorChangesWhenABuildFails() throws {
        let (server, port) = try startServer(liveReload: true)
        let first = try XCTUnwrap(fetch(port, "/index.html").header("ETag"))
        server.showErrors(["a.md:1:1: broken"])
        XCTAssertEqual(try fetch(port, "/index.html", headers: ["If-None-Match: \(first)"]).status, 200)
    }

    func testInjectionFindsTheLastBodyEndInAnyCase() {
        let page = Array("<BODY>a</Body>b</BODY>".utf8)
        XCTAssertEqual(String(decoding: LiveReload.inject(Array("S".utf8), into: page), as: UTF8.self), "<BODY>a</Body>bS</BODY>")
        XCTAssertEqual(String(decoding: LiveReload.inject(Array("S".utf8), into: Array("<p>".utf8)), as: UTF8.self), "<p>S")
    }
}

/// Collects watcher batches across threads.
private final class BatchRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [[String]] = []

    func append(_ batch: [String]) {
        lock.lock()
        storage.append(batch)
        lock.unlock()
    }

    var batches: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// Waits (up to a generous deadline) until some batch contains `path`.
    func waitFor(_ path: String) -> Bool {
        for _ in 0..<200 {
            if batches.contains(where: { $0.contains(path) }) { return true }
            usleep(50_000)
        }
        return false
    }
}

final class FileWatcherTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "kb-watch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "start".write(toFile: folder + "/a.md", atomically: false, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testOneSaveGivesOneDebouncedCallback() throws {
        let recorder = BatchRecorder()
        // A long quiet period, so a busy machine cannot split the five writes into two saves.
        let watcher = try FileWatcher(paths: [folder], debounceMilliseconds: 500) { recorder.append($0) }
        watcher.start()
        defer { watcher.stop() }
        for version in 0..<5 { try "version \(version)".write(toFile: folder + "/a.md", atomically: false, encoding: .utf8) }
        XCTAssertTrue(recorder.waitFor(folder + "/a.md"))
        usleep(600_000) // room for a (wrong) second batch to show up
        XCTAssertEqual(recorder.batches, [[folder + "/a.md"]])
    }

    func testEditorTemporaryFilesAreIgnored() throws {
        let recorder = BatchRecorder()
        let watcher = try FileWatcher(paths: [folder], debounceMilliseconds: 200) { recorder.append($0) }
        watcher.start()
        defer { watcher.stop() }
        for name in [".a.md.swp", "a.md~", "4913", ".#a.md"] {
            try "x".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }
        try "b".write(toFile: folder + "/b.md", atomically: false, encoding: .utf8)
        XCTAssertTrue(recorder.waitFor(folder + "/b.md"))
        XCTAssertEqual(recorder.batches, [[folder + "/b.md"]])
    }

    func testFilesInNewSubfoldersAreSeen() throws {
        let recorder = BatchRecorder()
        let watcher = try FileWatcher(paths: [folder], debounceMilliseconds: 50) { recorder.append($0) }
        watcher.start()
        defer { watcher.stop() }
        try FileManager.default.createDirectory(atPath: folder + "/sub/deeper", withIntermediateDirectories: true)
        XCTAssertTrue(recorder.waitFor(folder + "/sub"))
        try "c".write(toFile: folder + "/sub/deeper/c.md", atomically: false, encoding: .utf8)
        XCTAssertTrue(recorder.waitFor(folder + "/sub/deeper/c.md"))
    }

    func testPollingFallbackReportsChanges() throws {
        let recorder = BatchRecorder()
        let watcher = try FileWatcher(paths: [folder], debounceMilliseconds: 50, polling: true) { recorder.append($0) }
        watcher.start()
        defer { watcher.stop() }
        try "changed size".write(toFile: folder + "/a.md", atomically: false, encoding: .utf8)
        XCTAssertTrue(recorder.waitFor(folder + "/a.md"))
    }

    func testStoppedWatchersReleaseEveryDescriptor() throws {
        func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        var before = 0
        for round in 0..<11 {
            if round == 1 { before = try openDescriptors() }
            let watcher = try FileWatcher(paths: [folder]) { _ in }
            watcher.start()
            watcher.stop()
        }
        XCTAssertEqual(try openDescriptors(), before)
    }

    func testMissingFolderIsAnError() {
        XCTAssertThrowsError(try FileWatcher(paths: [folder + "/nope"]) { _ in }) { error in
            XCTAssertEqual("\(error)", "\(folder)/nope: cannot watch for changes: no such file or folder")
        }
    }
}
