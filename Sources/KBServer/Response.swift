#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a response body comes from.
enum ResponseBody {
    case none
    case bytes([UInt8])
    /// A slice of an open file, streamed with sendfile; the connection closes the descriptor.
    case file(descriptor: Int32, offset: Int, length: Int)
}

/// A response before serialization; the connection adds Date, Connection and Content-Length.
struct Response {
    var status: HTTPStatus
    var headers: [(name: String, value: String)] = []
    var body: ResponseBody = .none
    /// The announced body length; nil sends no Content-Length (304, event streams).
    var contentLength: Int?
    var closeConnection = false
    /// `/__kb/reload`: after the head, the connection stays open as an event stream.
    var isEventStream = false

    init(status: HTTPStatus, headers: [(name: String, value: String)] = [], body: ResponseBody = .none, contentLength: Int? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.contentLength = contentLength
    }

    /// A short plain-text response for an error status.
    static func error(_ status: HTTPStatus, headers: [(name: String, value: String)] = []) -> Response {
        let text = Array("\(status.rawValue) \(status.reason)\n".utf8)
        var response = Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers,
                                body: .bytes(text), contentLength: text.count)
        response.closeConnection = status.closesConnection
        return response
    }

    /// Serializes the head, appending bytes directly (this runs for every request).
    func head(keepAlive: Bool, date: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(384)
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status.rawValue, to: &bytes)
        bytes.append(32)
        bytes.append(contentsOf: status.reason.utf8)
        bytes.append(contentsOf: "\r\nServer: kb\r\nDate: ".utf8)
        bytes.append(contentsOf: date.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
        for header in headers {
            bytes.append(contentsOf: header.name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: header.value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        if let contentLength {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(contentLength, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: keepAlive ? "Connection: keep-alive\r\n\r\n".utf8 : "Connection: close\r\n\r\n".utf8)
        return bytes
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(48 + value % 10))
    }

    /// Closes the file a response holds when it will not be sent.
    func discardBody() {
        if case let .file(descriptor, _, _) = body { close(descriptor) }
    }
}
