/// The request method; everything but GET and HEAD is answered with 405.
enum HTTPMethod: Equatable {
    case get, head, other
}

/// One parsed request head: only the parts a static file server acts on, copied out of the read buffer.
struct HTTPRequest {
    var method: HTTPMethod = .get
    var target: [UInt8] = []
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion = 1
    var keepAlive = true
    /// The request announces a body (Content-Length > 0 or Transfer-Encoding); we never read bodies, so we close after.
    var hasBody = false
    var ifNoneMatch: [UInt8]?
    var ifModifiedSince: [UInt8]?
    var range: [UInt8]?
    var ifRange: [UInt8]?
}

enum HTTPParseResult {
    /// More bytes are needed.
    case incomplete
    /// A request whose head took `length` bytes of the buffer.
    case request(HTTPRequest, length: Int)
    case failure(HTTPStatus)
}

/// Parses HTTP/1.x request heads straight from bytes: no strings, no regexes, one pass per complete head.
enum HTTPRequestParser {
    private static let cr: UInt8 = 13, lf: UInt8 = 10, space: UInt8 = 32, tab: UInt8 = 9, colon: UInt8 = 58

    /// Finds the end of the head (just past the blank line) in `bytes[from..<end]`, or nil.
    /// `from` lets a caller resume where the previous search stopped, so a trickling client costs linear time.
    static func headEnd(_ bytes: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        var index = from
        while index < end {
            if bytes[index] == lf {
                if index + 1 < end, bytes[index + 1] == lf { return index + 2 }
                if index + 2 < end, bytes[index + 1] == cr, bytes[index + 2] == lf { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// Where a resumed `headEnd` search must start so a terminator split across reads is still found.
    static func resumePoint(start: Int, end: Int) -> Int { max(start, end - 2) }

    /// Whether `bytes[start..<end]` (no complete head in it) already holds a whole request line.
    static func hasRequestLine(_ bytes: UnsafePointer<UInt8>, start: Int, end: Int) -> Bool {
        var index = start
        while index < end {
            if bytes[index] == lf { return true }
            index += 1
        }
        return false
    }

    /// Parses the complete head `bytes[start..<end]` (as found by `headEnd`).
    static func parse(_ bytes: UnsafePointer<UInt8>, start: Int, end: Int) -> HTTPParseResult {
        var request = HTTPRequest()
        var cursor = start
        guard let requestLine = lineEnd(bytes, from: cursor, end: end) else { return .failure(.badRequest) }
        if requestLine.contentEnd - start > ServerLimits.maxRequestLineBytes { return .failure(.uriTooLong) }
        if let failure = parseRequestLine(bytes, start: cursor, end: requestLine.contentEnd, into: &request) {
            return .failure(failure)
        }
        cursor = requestLine.next
        if end - start > ServerLimits.maxHeadBytes { return .failure(.headersTooLarge) }

        var headerCount = 0
        var hostCount = 0
        var connectionClose = false, connectionKeepAlive = false
        var contentLength: Int?
        while true {
            guard let line = lineEnd(bytes, from: cursor, end: end) else { return .failure(.badRequest) }
            if line.contentEnd == cursor { cursor = line.next; break }
            headerCount += 1
            if headerCount > ServerLimits.maxHeaderCount { return .failure(.headersTooLarge) }
            // Obsolete line folding is a known smuggling vector; RFC 9112 lets servers reject it.
            if bytes[cursor] == space || bytes[cursor] == tab { return .failure(.badRequest) }
            var nameEnd = cursor
            while nameEnd < line.contentEnd, bytes[nameEnd] != colon {
                guard isTokenByte(bytes[nameEnd]) else { return .failure(.badRequest) }
                nameEnd += 1
            }
            guard nameEnd < line.contentEnd, nameEnd > cursor else { return .failure(.badRequest) }
            var valueStart = nameEnd + 1, valueEnd = line.contentEnd
            while valueStart < valueEnd, bytes[valueStart] == space || bytes[valueStart] == tab { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab { valueEnd -= 1 }
            for index in valueStart..<valueEnd {
                let byte = bytes[index]
                if (byte < space && byte != tab) || byte == 127 { return .failure(.badRequest) }
            }
            let name = UnsafeBufferPointer(start: bytes + cursor, count: nameEnd - cursor)
            let value = UnsafeBufferPointer(start: bytes + valueStart, count: valueEnd - valueStart)
            switch HeaderName(name) {
            case .host:
                hostCount += 1
            case .connection:
                scanConnectionTokens(value, close: &connectionClose, keepAlive: &connectionKeepAlive)
            case .contentLength:
                guard let length = parseLength(value), contentLength == nil || contentLength == length else {
                    return .failure(.badRequest)
                }
                contentLength = length
            case .transferEncoding:
                request.hasBody = true
            case .ifNoneMatch:
                request.ifNoneMatch = Array(value)
            case .ifModifiedSince:
                request.ifModifiedSince = Array(value)
            case .range:
                request.range = Array(value)
            case .ifRange:
                request.ifRange = Array(value)
            case .other:
                break
            }
            cursor = line.next
        }
        // RFC 9112 section 3.2: HTTP/1.1 requests without exactly one Host get 400.
        if hostCount > 1 || (request.minorVersion == 1 && hostCount == 0) { return .failure(.badRequest) }
        if let contentLength, contentLength > 0 { request.hasBody = true }
        request.keepAlive = request.minorVersion == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        if request.hasBody { request.keepAlive = false }
        return .request(request, length: cursor - start)
    }

    private static func lineEnd(_ bytes: UnsafePointer<UInt8>, from: Int, end: Int) -> (contentEnd: Int, next: Int)? {
        var index = from
        while index < end {
            if bytes[index] == lf {
                let contentEnd = index > from && bytes[index - 1] == cr ? index - 1 : index
                return (contentEnd, index + 1)
            }
            index += 1
        }
        return nil
    }

    private static func parseRequestLine(_ bytes: UnsafePointer<UInt8>, start: Int, end: Int,
                                         into request: inout HTTPRequest) -> HTTPStatus? {
        var cursor = start
        while cursor < end, bytes[cursor] != space {
            guard isTokenByte(bytes[cursor]) else { return .badRequest }
            cursor += 1
        }
        let methodLength = cursor - start
        guard methodLength > 0, cursor < end else { return .badRequest }
        if methodLength == 3, bytes[start] == 71, bytes[start + 1] == 69, bytes[start + 2] == 84 {
            request.method = .get
        } else if methodLength == 4, bytes[start] == 72, bytes[start + 1] == 69, bytes[start + 2] == 65, bytes[start + 3] == 68 {
            request.method = .head
        } else {
            request.method = .other
        }
        cursor += 1
        let targetStart = cursor
        while cursor < end, bytes[cursor] != space {
            let byte = bytes[cursor]
            // Raw controls, non-ASCII and bare CR never belong in a request target.
            if byte < 33 || byte > 126 { return .badRequest }
            cursor += 1
        }
        guard cursor > targetStart, cursor < end else { return .badRequest }
        request.target = Array(UnsafeBufferPointer(start: bytes + targetStart, count: cursor - targetStart))
        cursor += 1
        // "HTTP/1.1" exactly: 8 bytes, nothing after.
        guard end - cursor == 8, bytes[cursor] == 72, bytes[cursor + 1] == 84, bytes[cursor + 2] == 84,
              bytes[cursor + 3] == 80, bytes[cursor + 4] == 47, bytes[cursor + 6] == 46,
              isDigit(bytes[cursor + 5]), isDigit(bytes[cursor + 7]) else { return .badRequest }
        let major = bytes[cursor + 5] - 48, minor = bytes[cursor + 7] - 48
        guard major == 1 else { return .versionNotSupported }
        request.minorVersion = minor == 0 ? 0 : 1
        return nil
    }

    private static func scanConnectionTokens(_ value: UnsafeBufferPointer<UInt8>, close: inout Bool, keepAlive: inout Bool) {
        var index = 0
        while index < value.count {
            while index < value.count, value[index] == space || value[index] == tab || value[index] == 44 { index += 1 }
            let tokenStart = index
            while index < value.count, value[index] != 44, value[index] != space, value[index] != tab { index += 1 }
            let token = UnsafeBufferPointer(rebasing: value[tokenStart..<index])
            if equalsIgnoringCase(token, "close") { close = true }
            if equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
        }
    }

    private static func parseLength(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        // 18 digits cannot overflow Int64.
        guard !value.isEmpty, value.count <= 18 else { return nil }
        var result = 0
        for byte in value {
            guard isDigit(byte) else { return nil }
            result = result * 10 + Int(byte - 48)
        }
        return result
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    /// Case-insensitive comparison against a lowercase ASCII literal.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= 65 && byte <= 90 { byte |= 0x20 }
            if byte != literal[index] { return false }
        }
        return true
    }
}

/// The header fields the server reads; all others are skipped.
private enum HeaderName {
    case host, connection, contentLength, transferEncoding, ifNoneMatch, ifModifiedSince, range, ifRange, other

    init(_ name: UnsafeBufferPointer<UInt8>) {
        // Dispatch on length first: most fields are rejected after one integer compare.
        switch name.count {
        case 4 where HTTPRequestParser.equalsIgnoringCase(name, "host"): self = .host
        case 5 where HTTPRequestParser.equalsIgnoringCase(name, "range"): self = .range
        case 8 where HTTPRequestParser.equalsIgnoringCase(name, "if-range"): self = .ifRange
        case 10 where HTTPRequestParser.equalsIgnoringCase(name, "connection"): self = .connection
        case 13 where HTTPRequestParser.equalsIgnoringCase(name, "if-none-match"): self = .ifNoneMatch
        case 14 where HTTPRequestParser.equalsIgnoringCase(name, "content-length"): self = .contentLength
        case 17 where HTTPRequestParser.equalsIgnoringCase(name, "transfer-encoding"): self = .transferEncoding
        case 17 where HTTPRequestParser.equalsIgnoringCase(name, "if-modified-since"): self = .ifModifiedSince
        default: self = .other
        }
    }
}
