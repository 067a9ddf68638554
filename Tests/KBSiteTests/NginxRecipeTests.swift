// The nginx recipe of README "Deploy", run by real nginx on loopback (CI installs nginx-light).
#if canImport(Glibc)
import Glibc
import XCTest
import KBTestSupport
@testable import KBSite

/// README's nginx server block, with only its paths and port changed, serves a site built for `/help/`.
final class NginxRecipeTests: XCTestCase {
    /// The ```nginx block after "**nginx under a subpath**" in README.md.
    static func recipe() throws -> String {
        let readme = try String(contentsOf: TestSite.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let heading = try XCTUnwrap(readme.range(of: "**nginx under a subpath**"), "README lost its nginx recipe")
        let open = try XCTUnwrap(readme.range(of: "```nginx\n", range: heading.upperBound..<readme.endIndex))
        let close = try XCTUnwrap(readme.range(of: "```", range: open.upperBound..<readme.endIndex))
        return String(readme[open.upperBound..<close.lowerBound])
    }

    func testReadmeRecipeServesTheSiteUnderASubpathWithItsErrorPages() throws {
        let executable = try ExternalTool.nginx()
        let site = try TestSite()
        defer { try? FileManager.default.removeItem(at: site.root) }
        let port = try ServerProcess.freePort()
        try site.build(baseURL: "http://127.0.0.1:\(port)/help/")
        // Deploy as the recipe says: Output/ copied to <www>/help, the snippet's root line edited.
        let www = site.root.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: www, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: site.output, to: www.appendingPathComponent("help"))
        let snippet = www.appendingPathComponent("help/errors/nginx.conf")
        try String(contentsOf: snippet, encoding: .utf8)
            .replacingOccurrences(of: "root \(ErrorPages.rootPlaceholder);", with: "root \(www.path)/help;")
            .write(to: snippet, atomically: true, encoding: .utf8)
        let server = try Self.recipe()
            .replacingOccurrences(of: "/var/www", with: www.path)
            .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(port);")
        XCTAssertTrue(server.contains("listen 127.0.0.1:\(port);"))

        let t = site.root.appendingPathComponent("nginx").path
        for sub in ["logs", "temp"] { try FileManager.default.createDirectory(atPath: t + "/" + sub, withIntermediateDirectories: true) }
        let config = """
        worker_processes 1;
        pid \(t)/logs/nginx.pid;
        error_log \(t)/logs/error.log;
        events { worker_connections 32; }
        http {
            types { text/html html; text/css css; application/javascript js; application/json json; }
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path \(t)/temp/body;
            proxy_temp_path \(t)/temp/proxy;
            fastcgi_temp_path \(t)/temp/fastcgi;
            uwsgi_temp_path \(t)/temp/uwsgi;
            scgi_temp_path \(t)/temp/scgi;
        \(server)
        }

        """
        try config.write(toFile: t + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = try ServerProcess(executable: executable,
                                        arguments: ["-p", t + "/", "-e", t + "/logs/error.log", "-c", t + "/nginx.conf", "-g", "daemon off;"],
                                        port: port, log: URL(fileURLWithPath: t + "/logs/error.log"))
        defer { process.stop() }

        let home = try HTTPReply.get("/help/", port: port)
        XCTAssertEqual(home.statusLine, "HTTP/1.1 200 OK")
        XCTAssertEqual(home.body, try site.read("index.html"))
        let article = try HTTPReply.get("/help/502-bad-gateway/", port: port)
        XCTAssertEqual(article.statusLine, "HTTP/1.1 200 OK")
        let noSlash = try HTTPReply.get("/help/502-bad-gateway", port: port)
        XCTAssertEqual(noSlash.statusLine, "HTTP/1.1 301 Moved Permanently")
        let missing = try HTTPReply.get("/help/no-such-article/", port: port)
        XCTAssertEqual(missing.statusLine, "HTTP/1.1 404 Not Found")
        XCTAssertEqual(missing.body, try site.read("404.html"))
        // The error pages themselves are only for error_page, as errors/nginx.conf says.
        XCTAssertEqual(try HTTPReply.get("/errors/502.html", port: port).statusLine, "HTTP/1.1 404 Not Found")
    }
}
#endif
