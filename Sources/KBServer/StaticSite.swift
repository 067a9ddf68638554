#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers requests from the files under one root folder, never from anywhere else.
///
/// Safety does not rely on string tricks: `RequestPath` removes dot segments and refuses escapes, then the
/// candidate is resolved with realpath (following every symlink) and must still lie under the root's realpath.
final class StaticSite: Sendable {
    let rootPath: String
    private let rootPrefix: String
    private let liveReload: LiveReloadState?
    /// Decoded segments of the URL path the root is served under (empty: the root is served at `/`).
    private let baseSegments: [String]

    init(root: String, liveReload: LiveReloadState?, basePath: String = "/") throws(ServerError) {
        guard let resolved = System.realPath(root).path else { throw .rootNotFound(path: root) }
        var info = stat()
        guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { throw .rootNotFound(path: root) }
        rootPath = resolved
        rootPrefix = resolved == "/" ? "/" : resolved + "/"
        self.liveReload = liveReload
        if case .success(let base) = RequestPath.parse(Array(basePath.utf8)) {
            baseSegments = base.segments
        } else {
            baseSegments = []
        }
    }

    private static let allowHeader = [(name: "Allow", value: "GET, HEAD")]

    func respond(to request: HTTPRequest) -> Response {
        if request.method == .other { return .error(.methodNotAllowed, headers: Self.allowHeader) }
        var path: RequestPath
        switch RequestPath.parse(request.target) {
        case .success(let parsed): path = parsed
        case .failure(let status): return .error(status)
        }
        if liveReload != nil, request.method == .get, path.segments == LiveReload.eventPath {
            var response = Response(status: .ok, headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
            response.isEventStream = true
            return response
        }
        if !baseSegments.isEmpty {
            // A build made for a subpath links to /help/...: serve the folder there, and send / to it.
            // 302, not 301: browsers keep a 301 for good, and the next build served here may be for the root.
            if path.segments.isEmpty { return redirect(.found, to: basePrefix + "/") }
            guard path.segments.starts(with: baseSegments) else { return notFound() }
            path.segments.removeFirst(baseSegments.count)
        }
        switch locate(path) {
        case .failure(.notFound): return notFound()
        case .failure(let status): return .error(status)
        case .redirect(let location):
            return redirect(.movedPermanently, to: basePrefix + location)
        case .file(let realPath):
            return serveFile(realPath, request: request)
        }
    }

    /// The base path as it goes in front of a root-relative location: `/help`, or empty at the root.
    private var basePrefix: String {
        baseSegments.isEmpty ? "" : RequestPath(segments: baseSegments, wantsFolder: false, query: []).encodedPath
    }

    private func redirect(_ status: HTTPStatus, to location: String) -> Response {
        var response = Response.error(status, headers: [("Location", location)])
        response.closeConnection = false
        return response
    }

    private enum Location {
        case file(String)
        case redirect(String)
        case failure(HTTPStatus)
    }

    private func locate(_ path: RequestPath) -> Location {
        let info: stat
        let resolved: String
        switch resolve(path.segments) {
        case .success(let found): (resolved, info) = found
        case .failure(let status): return .failure(status)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard path.wantsFolder else {
                var folder = path
                folder.wantsFolder = true
                let query = folder.query.isEmpty ? "" : "?" + String(decoding: folder.query, as: UTF8.self)
                return .redirect(folder.encodedPath + query)
            }
            switch resolve(path.segments + ["index.html"]) {
            case .success(let index) where index.info.st_mode & S_IFMT == S_IFREG: return .file(index.path)
            case .success: return .failure(.notFound)
            case .failure(let status): return .failure(status)
            }
        case S_IFREG:
            return path.wantsFolder ? .failure(.notFound) : .file(resolved)
        default:
            // FIFOs, sockets and devices would block or leak; they are not site content.
            return .failure(.forbidden)
        }
    }

    /// Resolves segments below the root to a path without symlinks and its status.
    /// The common case costs one lstat per segment; any symlink on the way sends the whole path through
    /// realpath, and the result must still lie under the root.
    private func resolve(_ segments: [String]) -> Result<(path: String, info: stat), HTTPStatus> {
        var path = rootPath
        var info = stat()
        if segments.isEmpty {
            guard stat(path, &info) == 0 else { return .failure(.notFound) }
            return .success((path, info))
        }
        for (index, segment) in segments.enumerated() {
            path = (index == 0 ? rootPrefix : path + "/") + segment
            guard lstat(path, &info) == 0 else { return .failure(errno == EACCES ? .forbidden : .notFound) }
            if info.st_mode & S_IFMT == S_IFLNK {
                return resolveThroughLinks(rootPrefix + segments.joined(separator: "/"))
            }
        }
        return .success((path, info))
    }

    private func resolveThroughLinks(_ candidate: String) -> Result<(path: String, info: stat), HTTPStatus> {
        let (resolved, error) = System.realPath(candidate)
        guard let resolved else { return .failure(error == EACCES ? .forbidden : .notFound) }
        guard resolved == rootPath || resolved.hasPrefix(rootPrefix) else { return .failure(.forbidden) }
        var info = stat()
        guard stat(resolved, &info) == 0 else { return .failure(.notFound) }
        return .success((resolved, info))
    }

    private func serveFile(_ realPath: String, request: HTTPRequest) -> Response {
        // O_NONBLOCK: if the file was swapped for a FIFO since stat, open must not hang the loop.
        let descriptor = open(realPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return errno == EACCES ? .error(.forbidden) : notFound() }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .error(.forbidden)
        }
        let contentType = ContentType.forFileName(realPath)
        var size = Int(info.st_size)
        let (modified, nanoseconds) = info.modificationTime
        var etag = "\"\(String(size, radix: 16))-\(String(modified, radix: 16))-\(String(nanoseconds, radix: 16))"

        var injected: [UInt8]?
        if let liveReload, contentType == ContentType.html, size <= ServerLimits.maxInjectedHTMLBytes {
            let state = liveReload.snapshot()
            guard let page = Self.readAll(descriptor, size: size) else {
                close(descriptor)
                return .error(.forbidden)
            }
            injected = LiveReload.inject(LiveReload.script(state), into: page)
            size = injected?.count ?? size
            // The injected script differs with each build state, so the validator must too.
            etag += "-r\(state.version)"
        }
        etag += "\""
        let lastModified = HTTPDate.format(modified)
        var headers: [(name: String, value: String)] = [
            ("Content-Type", contentType), ("Last-Modified", lastModified), ("ETag", etag),
            ("Cache-Control", "no-cache"), ("Accept-Ranges", "bytes"),
        ]

        if Self.isNotModified(request, etag: etag, modified: modified) {
            close(descriptor)
            headers.removeFirst()
            return Response(status: .notModified, headers: headers)
        }

        var start = 0, length = size, status = HTTPStatus.ok
        if let rangeValue = request.range, request.method == .get,
           Self.ifRangeAllows(request.ifRange, etag: etag, modified: modified) {
            switch ByteRange.parse(rangeValue, size: size) {
            case .whole:
                break
            case .unsatisfiable:
                close(descriptor)
                var response = Response(status: .rangeNotSatisfiable,
                                        headers: [("Content-Range", "bytes */\(size)"), ("Cache-Control", "no-cache")],
                                        body: .none, contentLength: 0)
                response.closeConnection = false
                return response
            case let .part(first, last):
                start = first
                length = last - first + 1
                status = .partialContent
                headers.append(("Content-Range", "bytes \(first)-\(last)/\(size)"))
            }
        }

        if request.method == .head {
            close(descriptor)
            return Response(status: status, headers: headers, body: .none, contentLength: length)
        }
        if let injected {
            close(descriptor)
            return Response(status: status, headers: headers, body: .bytes(Array(injected[start..<(start + length)])),
                            contentLength: length)
        }
        if length == 0 {
            close(descriptor)
            return Response(status: status, headers: headers, body: .none, contentLength: 0)
        }
        return Response(status: status, headers: headers, body: .file(descriptor: descriptor, offset: start, length: length),
                        contentLength: length)
    }

    /// The 404 status with the body of the site's own 404.html when it has one.
    private func notFound() -> Response {
        let fallback = Response.error(.notFound)
        guard case .success(let page404) = resolve(["404.html"]) else { return fallback }
        let descriptor = open(page404.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return fallback }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= ServerLimits.max404PageBytes,
              var page = Self.readAll(descriptor, size: Int(info.st_size)) else { return fallback }
        if let liveReload {
            page = LiveReload.inject(LiveReload.script(liveReload.snapshot()), into: page)
        }
        return Response(status: .notFound, headers: [("Content-Type", ContentType.html), ("Cache-Control", "no-cache")],
                        body: .bytes(page), contentLength: page.count)
    }

    private static func isNotModified(_ request: HTTPRequest, etag: String, modified: Int) -> Bool {
        // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
        if let list = request.ifNoneMatch { return ETagList.matches(list, etag: etag) }
        if let since = request.ifModifiedSince, let date = HTTPDate.parse(since) { return modified <= date }
        return false
    }

    private static func ifRangeAllows(_ value: [UInt8]?, etag: String, modified: Int) -> Bool {
        guard let value else { return true }
        if value.first == 34 { return value == Array(etag.utf8) } // strong comparison only
        if let date = HTTPDate.parse(value) { return date == modified }
        return false
    }

    /// Reads a whole (bounded) file; nil on a read error.
    static func readAll(_ descriptor: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        let ok = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while filled < size {
                let count = pread(descriptor, buffer.baseAddress! + filled, size - filled, off_t(filled))
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return count == 0 } // the file shrank: serve what is there
                filled += count
            }
            return true
        }
        guard ok else { return nil }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }
}

/// `If-None-Match` lists, compared weakly as RFC 9110 requires for GET.
enum ETagList {
    static func matches(_ list: [UInt8], etag: String) -> Bool {
        let ours = Array(etag.utf8)
        for item in list.split(separator: 44) {
            var start = item.startIndex, end = item.endIndex
            while start < end, item[start] == 32 || item[start] == 9 { start += 1 }
            while end > start, item[end - 1] == 32 || item[end - 1] == 9 { end -= 1 }
            var candidate = item[start..<end]
            if candidate.count == 1, candidate.first == 42 { return true }
            if candidate.count > 2, candidate[candidate.startIndex] == 87, candidate[candidate.startIndex + 1] == 47 {
                candidate = candidate.dropFirst(2)
            }
            if candidate.elementsEqual(ours) { return true }
        }
        return false
    }
}

/// A single `Range: bytes=...` request. Several ranges are answered with the whole file, which RFC 9110 allows.
enum ByteRange: Equatable {
    case whole
    case part(first: Int, last: Int)
    case unsatisfiable

    static func parse(_ value: [UInt8], size: Int) -> ByteRange {
        let prefix = Array("bytes=".utf8)
        guard value.count > prefix.count,
              value[0..<prefix.count].map({ $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }) == prefix,
              !value.contains(44) else { return .whole }
        let spec = value[prefix.count...]
        guard let dash = spec.firstIndex(of: 45) else { return .whole }
        let firstText = spec[spec.startIndex..<dash], lastText = spec[(dash + 1)...]
        if firstText.isEmpty {
            guard let suffix = number(lastText) else { return .whole }
            if suffix == 0 || size == 0 { return .unsatisfiable }
            return .part(first: max(0, size - suffix), last: size - 1)
        }
        guard let first = number(firstText) else { return .whole }
        var last = size - 1
        if !lastText.isEmpty {
            guard let value = number(lastText) else { return .whole }
            guard value >= first else { return .whole }
            last = min(value, size - 1)
        }
        if first >= size { return .unsatisfiable }
        return .part(first: first, last: last)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard HTTPRequestParser.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
