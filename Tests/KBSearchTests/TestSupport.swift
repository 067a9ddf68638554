import Foundation
import XCTest
@testable import KBSearch

/// Paths of the repository, found from this file so tests run from any working directory.
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/KBSearch")
    static let tokenizerCases = fixtures.appendingPathComponent("tokenizer-cases.json")
    static let queries = fixtures.appendingPathComponent("queries.json")
    static let searchScript = root.appendingPathComponent("Templates/assets/search.js")
}

/// One case of the shared tokenizer fixture.
struct TokenizerCase: Decodable {
    var input: String
    var tokens: [String]

    static func load() throws -> [TokenizerCase] {
        try JSONDecoder().decode([TokenizerCase].self, from: Data(contentsOf: RepositoryPaths.tokenizerCases))
    }
}

/// Parses an index file as JSON for assertions.
func jsonObject(_ bytes: [UInt8]?, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let data = try XCTUnwrap(bytes, "missing file", file: file, line: line)
    let value = try JSONSerialization.jsonObject(with: Data(data))
    return try XCTUnwrap(value as? [String: Any], "not a JSON object", file: file, line: line)
}

/// The ~12 articles of the fixture site used by the index and browser tests.
enum FixtureDocuments {
    static func make(_ slug: String, _ title: String, code: Int?, summary: String, keywords: [String] = [],
                     aliases: [String] = [], tags: [String] = [], body: String) -> SearchDocument {
        SearchDocument(url: "/\(slug)/", title: title, code: code, summary: summary,
                       headings: ["What it means", "What you can do"],
                       text: "What it means\n\(body)\nWhat you can do\nRefresh the page, wait a minute and try again.",
                       keywords: keywords, aliases: aliases, tags: tags)
    }

    static let all: [SearchDocument] = [
        make("502-bad-gateway", "502 Bad Gateway", code: 502,
             summary: "A server in the middle got a broken answer from the server behind it.",
             keywords: ["bad gateway", "proxy error", "upstream"], aliases: ["/bad-gateway/"],
             tags: ["server-error", "gateway"],
             body: "The gateway or proxy could not get a valid response from the upstream server. It is usually brief."),
        make("504-gateway-timeout", "504 Gateway Timeout", code: 504,
             summary: "A server in the middle waited too long for the server behind it.",
             keywords: ["gateway timeout", "upstream timed out"], aliases: ["/gateway-timeout/"],
             tags: ["server-error", "gateway", "timeout"],
             body: "The gateway gave up waiting for the upstream server. A 502 is a broken answer; a 504 is no answer."),
        make("503-service-unavailable", "503 Service Unavailable", code: 503,
             summary: "The site is overloaded or down for maintenance; try again later.",
             keywords: ["site down", "maintenance", "try again later"], aliases: ["/service-unavailable/"],
             tags: ["server-error", "outage"],
             body: "The server cannot handle the request right now, often because of maintenance or a traffic spike."),
        make("500-internal-server-error", "500 Internal Server Error", code: 500,
             summary: "Something broke inside the website's own server.",
             keywords: ["server error", "something went wrong"], tags: ["server-error"],
             body: "An unexpected condition stopped the server from answering. A bug or a bad deploy is the usual cause."),
        make("404-not-found", "404 Not Found", code: 404,
             summary: "The page you asked for does not exist at this address.",
             keywords: ["page not found", "broken link", "missing page"], aliases: ["/not-found/"],
             tags: ["client-error"],
             body: "The server has nothing at this address. The link may be old or mistyped."),
        make("403-forbidden", "403 Forbidden", code: 403,
             summary: "The server understood the request but refuses to let you in.",
             keywords: ["access denied", "permission denied"], tags: ["client-error", "access"],
             body: "You are not allowed to see this page. Signing in will not help when the refusal is permanent."),
        make("429-too-many-requests", "429 Too Many Requests", code: 429,
             summary: "You sent too many requests in a short time and hit a rate limit.",
             keywords: ["rate limit", "throttled", "slow down"], tags: ["client-error", "rate-limit"],
             body: "The site is throttling you. Wait before retrying; the Retry-After header says how long."),
        make("401-unauthorized", "401 Unauthorized", code: 401,
             summary: "The server needs you to sign in first.",
             keywords: ["login required", "session expired"], tags: ["client-error", "authentication"],
             body: "Your credentials are missing or expired. Sign in again to continue."),
        make("connection-reset", "Connection reset (ERR_CONNECTION_RESET)", code: nil,
             summary: "The connection was cut off before the page arrived.",
             keywords: ["ERR_CONNECTION_RESET", "connection was reset"], tags: ["network", "browser"],
             body: "Something between you and the site closed the connection. Firewalls, VPNs and flaky Wi-Fi are common causes."),
        make("certificate-date-invalid", "Your clock is wrong (NET::ERR_CERT_DATE_INVALID)", code: nil,
             summary: "The browser rejected the site's certificate because a date does not match.",
             keywords: ["NET::ERR_CERT_DATE_INVALID", "certificate expired"], tags: ["security", "browser"],
             body: "Either the certificate expired or your computer's clock is set to the wrong date."),
        make("clearing-cache", "Clearing your cache and cookies", code: nil,
             summary: "How to clear the browser cache safely, and when it helps.",
             keywords: ["clear cache", "delete cookies"], tags: ["guide", "cache", "browser"],
             body: "Old cached files can keep showing an error after the site is fixed. Clearing them is safe."),
        make("xss-title", "<img src=x onerror=alert(1)>", code: nil,
             summary: "A test article whose title looks like <b>markup</b> & must be shown as text.",
             keywords: ["markup title"], tags: ["guide"],
             body: "This article checks that <script>alert(2)</script> is never run."),
    ]
}
