/// The reason phrases of the IANA HTTP Status Code Registry (https://www.iana.org/assignments/http-status-codes),
/// 400 to 511, as the registry writes them. Data for the title check in `ContentChecks`.
enum IANAStatusPhrases {
    static let registry: [Int: String] = [
        400: "Bad Request",
        401: "Unauthorized",
        402: "Payment Required",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        406: "Not Acceptable",
        407: "Proxy Authentication Required",
        408: "Request Timeout",
        409: "Conflict",
        410: "Gone",
        411: "Length Required",
        412: "Precondition Failed",
        413: "Content Too Large",
        414: "URI Too Long",
        415: "Unsupported Media Type",
        416: "Range Not Satisfiable",
        417: "Expectation Failed",
        418: "(Unused)",
        421: "Misdirected Request",
        422: "Unprocessable Content",
        423: "Locked",
        424: "Failed Dependency",
        425: "Too Early",
        426: "Upgrade Required",
        428: "Precondition Required",
        429: "Too Many Requests",
        431: "Request Header Fields Too Large",
        451: "Unavailable For Legal Reasons",
        500: "Internal Server Error",
        501: "Not Implemented",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
        505: "HTTP Version Not Supported",
        506: "Variant Also Negotiates",
        507: "Insufficient Storage",
        508: "Loop Detected",
        510: "Not Extended (OBSOLETED)",
        511: "Network Authentication Required",
    ]

    /// RFC 2324's phrase for 418, which the registry lists as "(Unused)".
    static let teapot = "I'm a teapot"

    /// The phrase a title should carry for `code`: the registry's without its parenthetical; 418 is the teapot of
    /// RFC 2324 that readers search for. Nil when the registry does not assign the code.
    static func expectedPhrase(for code: Int) -> String? {
        if code == 418 { return teapot }
        guard let phrase = registry[code] else { return nil }
        guard let open = phrase.firstIndex(of: "(") else { return phrase }
        return String(phrase[..<open]).trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
