import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `kb serve --no-build --output Output` previews a build made for a subpath under that subpath.
final class ServeSubpathTests: XCTestCase {
    /// Fetches `url` without following redirects; returns the status, the Location header and the body.
    private func get(_ url: String) throws -> (status: Int, location: String?, body: String) {
        final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
            func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
                completionHandler(nil)
            }
        }
        final class Box: @unchecked Sendable { var result: (Int, String?, String)?; var error: Error? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        let url = try XCTUnwrap(URL(string: url))
        session.dataTask(with: url) { data, response, error in
            if let http = response as? HTTPURLResponse {
                box.result = (http.statusCode, http.value(forHTTPHeaderField: "Location"), String(decoding: data ?? Data(), as: UTF8.self))
            }
            box.error = error
            done.signal()
        }.resume()
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        session.finishTasksAndInvalidate()
        guard let result = box.result else { throw box.error ?? URLError(.badServerResponse) }
        return result
    }

    func testNoBuildServesASubpathBuildUnderItsBasePath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-subpath-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(try KBExecutable.run(["init", "--title", "Acme Help", "--base-url", "https://x.com/help/"], in: folder).status, 0)
        let build = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(build.status, 0, build.stderr)

        let process = Process()
        process.executableURL = KBExecutable.url
        process.arguments = ["serve", "--no-build", "--output", "Output", "--port", "0"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var banner = ""
        while !banner.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        XCTAssertTrue(banner.hasPrefix("Serving Output at http://127.0.0.1:") && banner.hasSuffix("/help/\n"), banner)
        let origin = String(banner.dropFirst("Serving Output at ".count).dropLast("/help/\n".count))

        let root = try get(origin + "/")
        XCTAssertEqual(root.status, 302)
        XCTAssertEqual(root.location, "/help/")
        let home = try get(origin + "/help/")
        XCTAssertEqual(home.status, 200)
        XCTAssertTrue(home.body.contains("Acme Help"))
        // Every site link on the home page answers (pages, the stylesheet, the search page).
        var links = Set<String>()
        for part in home.body.components(separatedBy: "href=\"/help/").dropFirst() {
            if let end = part.firstIndex(of: "\"") { links.insert("/help/" + part[..<end]) }
        }
        XCTAssertGreaterThan(links.count, 3, home.body)
        for link in links.sorted() {
            XCTAssertEqual(try get(origin + link).status, 200, link)
        }
        XCTAssertEqual(try get(origin + "/search/").status, 404)
    }
}
