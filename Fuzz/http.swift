// libFuzzer harness for the HTTP request parser and the header values the server interprets.
// Built by run.sh together with Sources/KBServer/*.swift and FuzzSupport.swift.
//
// The input is a byte stream from one client. It is fed the way the event loop feeds it: in chunks
// (sizes taken from the input's first byte), resuming the head search where it stopped, skipping blank
// lines between pipelined requests. Invariants: the resumed search finds the same heads as one pass,
// a parsed request consumes exactly its head, parsing is deterministic, request paths never keep a dot
// segment or climb out of the root, ranges stay inside the file, and time is linear.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = fuzzHeads(stream, chunk: stream.count + 1)
    let chunked = fuzzHeads(stream, chunk: chunk)
    if whole != chunked { fuzzFail("heads found in one pass \(whole) differ from heads found in \(chunk)-byte reads \(chunked)") }
    fuzzCheckLinear(stream, name: "http") { input in _ = fuzzHeads(input, chunk: 4096) }
    return 0
}

/// Runs the event loop's read/parse cycle over `stream`, returning a summary of every parse result.
func fuzzHeads(_ stream: [UInt8], chunk: Int) -> [String] {
    stream.withUnsafeBufferPointer { buffer -> [String] in
        guard let base = buffer.baseAddress else { return [] }
        var results: [String] = []
        var start = 0, end = 0, scanFrom = 0
        var requestStarted = false
        while end < stream.count || start < end {
            if end < stream.count { end = min(stream.count, end + chunk) }
            var progressed = true
            while progressed {
                progressed = false
                if !requestStarted {
                    while start < end, base[start] == 13 || base[start] == 10 { start += 1 }
                    if start == end { break }
                    requestStarted = true
                    scanFrom = start
                }
                guard let headEnd = HTTPRequestParser.headEnd(base, from: max(scanFrom, start), end: end) else {
                    if end - start >= ServerLimits.maxHeadBytes { results.append("too large"); return results }
                    scanFrom = HTTPRequestParser.resumePoint(start: start, end: end)
                    break
                }
                // The server refuses a head this large before it can see its end, whatever the read sizes.
                if headEnd - start > ServerLimits.maxHeadBytes { results.append("too large"); return results }
                let result = HTTPRequestParser.parse(base, start: start, end: headEnd)
                let again = HTTPRequestParser.parse(base, start: start, end: headEnd)
                let summary = fuzzSummary(result, headLength: headEnd - start)
                if summary != fuzzSummary(again, headLength: headEnd - start) { fuzzFail("parsing the same head twice differs") }
                results.append(summary)
                start = headEnd
                requestStarted = false
                progressed = true
                if case .failure = result { return results } // the server closes after an error
            }
            if end == stream.count && (start == end || !progressed) { break }
        }
        return results
    }
}

/// Describes a parse result and checks what the server relies on.
func fuzzSummary(_ result: HTTPParseResult, headLength: Int) -> String {
    switch result {
    case .incomplete:
        return "incomplete"
    case .failure(let status):
        return "failure \(status)"
    case .request(let request, let length):
        if length != headLength { fuzzFail("request consumed \(length) bytes of a \(headLength)-byte head") }
        if request.target.isEmpty { fuzzFail("empty request target accepted") }
        if request.target.contains(where: { $0 <= 32 || $0 == 127 }) { fuzzFail("target with space or control byte accepted") }
        if request.hasBody && request.keepAlive { fuzzFail("a request with a body keeps the connection") }
        switch RequestPath.parse(request.target) {
        case .success(let path):
            for segment in path.segments where segment.isEmpty || segment == "." || segment == ".." || segment.contains("/") {
                fuzzFail("request path kept segment '\(segment)'")
            }
            if path.segments.contains(where: { $0.utf8.contains(0) || $0.utf8.contains(92) }) {
                fuzzFail("request path kept a NUL or backslash")
            }
            _ = path.encodedPath
        case .failure:
            break
        }
        if let range = request.range {
            for size in [0, 1, 100, Int.max / 2] {
                if case .part(let first, let last) = ByteRange.parse(range, size: size),
                   first < 0 || first > last || last >= size {
                    fuzzFail("range \(first)-\(last) outside a \(size)-byte file")
                }
            }
        }
        if let list = request.ifNoneMatch { _ = ETagList.matches(list, etag: "\"abc\"") }
        if let date = request.ifModifiedSince, let seconds = HTTPDate.parse(date) {
            _ = HTTPDate.format(seconds)
        }
        return "request \(request.method) \(request.target) 1.\(request.minorVersion) keepAlive=\(request.keepAlive) body=\(request.hasBody) length=\(length)"
    }
}
