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

    /// Serializes the head. `omitBody` is for HEAD: the length is announced but nothing follows.
    func head(keepAlive: Bool, date: String) -> [UInt8] {
        var text = "HTTP/1.1 \(status.rawValue) \(status.reason)\r\nServer: kb\r\nDate: \(date)\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    /// Closes the file a response holds when it will not be sent.
    func discardBody() {
        if case let .file(descriptor, _, _) = body { close(descriptor) }
    }
}
