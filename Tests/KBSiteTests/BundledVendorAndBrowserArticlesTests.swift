import Foundation
import XCTest
@testable import KBSite

/// Issue 22's vendor codes and browser errors: each has its article, marked with whose software sends it.
extension BundledArticlesTests {
    /// Non-standard codes and the vendor each article must name in `vendor:`.
    static let vendorCodes: [Int: String] = [
        444: "nginx", 494: "nginx", 495: "nginx", 496: "nginx", 497: "nginx", 499: "nginx",
        460: "AWS", 463: "AWS", 561: "AWS",
        440: "Microsoft IIS", 449: "Microsoft IIS",
    ]
    /// Browser error names (Chrome's, and Firefox's where they differ) that must each belong to one article.
    static let browserErrorNames: [String: String] = [
        "ERR_TIMED_OUT": "err-timed-out", "ERR_EMPTY_RESPONSE": "err-empty-response",
        "ERR_CONNECTION_REFUSED": "err-connection-refused", "ERR_CONNECTION_RESET": "err-connection-reset",
        "DNS_PROBE_FINISHED_NXDOMAIN": "dns-probe-finished-nxdomain", "ERR_TOO_MANY_REDIRECTS": "too-many-redirects",
        "ERR_NETWORK_ACCESS_DENIED": "err-network-access-denied", "ERR_INVALID_RESPONSE": "err-invalid-response",
        "STATUS_ACCESS_VIOLATION": "aw-snap-page-crashed",
        "ERR_SSL_PROTOCOL_ERROR": "err-ssl-protocol-error",
        "ERR_TUNNEL_CONNECTION_FAILED": "err-proxy-connection-failed",
        "DNS_PROBE_FINISHED_NO_INTERNET": "dns-probe-finished-no-internet",
        "DNS_PROBE_FINISHED_BAD_CONFIG": "dns-probe-finished-no-internet",
        "ERR_QUIC_PROTOCOL_ERROR": "err-quic-protocol-error",
        "ERR_BAD_SSL_CLIENT_AUTH_CERT": "err-bad-ssl-client-auth-cert",
        "ERR_CONTENT_DECODING_FAILED": "err-content-decoding-failed",
        "ERR_INCOMPLETE_CHUNKED_ENCODING": "err-incomplete-chunked-encoding",
        "ERR_CONTENT_LENGTH_MISMATCH": "err-incomplete-chunked-encoding",
        "ERR_PROXY_CONNECTION_FAILED": "err-proxy-connection-failed",
        "ERR_CACHE_MISS": "err-cache-miss",
        "ERR_HTTP2_PROTOCOL_ERROR": "err-http2-protocol-error",
        "ERR_NAME_NOT_RESOLVED": "err-name-not-resolved",
        "ERR_ADDRESS_UNREACHABLE": "err-address-unreachable",
        "ERR_CONNECTION_CLOSED": "err-connection-closed",
        "ERR_SSL_VERSION_OR_CIPHER_MISMATCH": "err-ssl-version-or-cipher-mismatch",
        "SSL_ERROR_NO_CYPHER_OVERLAP": "err-ssl-version-or-cipher-mismatch",
        "ERR_CERT_DATE_INVALID": "certificate-errors",
        "ERR_CERT_AUTHORITY_INVALID": "certificate-errors",
        "ERR_CERT_COMMON_NAME_INVALID": "certificate-errors",
        "SEC_ERROR_EXPIRED_CERTIFICATE": "certificate-errors",
        "SEC_ERROR_UNKNOWN_ISSUER": "certificate-errors",
        "SSL_ERROR_BAD_CERT_DOMAIN": "certificate-errors",
    ]

    func testEveryListedVendorCodeHasAnArticleNamingItsVendor() throws {
        let articles = try loadArticles()
        for (code, vendor) in Self.vendorCodes.sorted(by: { $0.key < $1.key }) {
            guard let article = articles.first(where: { $0.code == code }) else {
                XCTFail("no article for the vendor code \(code)"); continue
            }
            XCTAssertEqual(article.frontMatter["vendor"], .string(vendor), "\(article.relativePath): vendor")
            XCTAssertTrue(article.document.plainText.contains("non-standard"), "\(article.relativePath) says it is non-standard")
            XCTAssertLessThanOrEqual(article.summary.count, 160, "\(article.relativePath): summary length")
        }
    }

    func testEveryListedBrowserErrorNameBelongsToExactlyOneArticle() throws {
        var owners: [String: [String]] = [:]
        for article in try loadArticles() {
            guard case .list(let names)? = article.frontMatter["error_names"] else { continue }
            for case .string(let name) in names { owners[name, default: []].append(article.slug) }
        }
        for (name, owners) in owners {
            XCTAssertEqual(owners.count, 1, "\(name) is claimed by \(owners)")
        }
        let summaries = Dictionary(try loadArticles().map { ($0.slug, $0.summary) }, uniquingKeysWith: { first, _ in first })
        for (name, slug) in Self.browserErrorNames.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(owners[name], [slug], "\(name) belongs to \(slug)")
            XCTAssertLessThanOrEqual(summaries[slug]?.count ?? 0, 160, "\(slug): summary length")
        }
    }
}
