/// The response statuses the server sends.
/// An `Error` too, so parsing steps can return `Result<_, HTTPStatus>`.
enum HTTPStatus: Int, Error {
    case ok = 200
    case partialContent = 206
    case movedPermanently = 301
    case found = 302
    case notModified = 304
    case badRequest = 400
    case forbidden = 403
    case notFound = 404
    case methodNotAllowed = 405
    case requestTimeout = 408
    case uriTooLong = 414
    case rangeNotSatisfiable = 416
    case headersTooLarge = 431
    case serviceUnavailable = 503
    case versionNotSupported = 505

    var reason: String {
        switch self {
        case .ok: "OK"
        case .partialContent: "Partial Content"
        case .movedPermanently: "Moved Permanently"
        case .found: "Found"
        case .notModified: "Not Modified"
        case .badRequest: "Bad Request"
        case .forbidden: "Forbidden"
        case .notFound: "Not Found"
        case .methodNotAllowed: "Method Not Allowed"
        case .requestTimeout: "Request Timeout"
        case .uriTooLong: "URI Too Long"
        case .rangeNotSatisfiable: "Range Not Satisfiable"
        case .headersTooLarge: "Request Header Fields Too Large"
        case .serviceUnavailable: "Service Unavailable"
        case .versionNotSupported: "HTTP Version Not Supported"
        }
    }

    /// Statuses after which the connection's framing cannot be trusted, so it is closed.
    var closesConnection: Bool {
        switch self {
        case .badRequest, .requestTimeout, .uriTooLong, .headersTooLarge, .serviceUnavailable, .versionNotSupported: true
        default: false
        }
    }
}
