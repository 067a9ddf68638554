// libFuzzer harness for the front matter reader (document split and YAML subset).
// Built by run.sh together with Sources/KBSite/FrontMatter/*.swift and FuzzSupport.swift.
// Invariants: deterministic results, errors point inside the input (line and column from 1),
// the body is the tail of the input, and time is linear.

@_cdecl("LLVMFuzzerTestOneInput")
public func frontMatterFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    let lineCount = text.utf8.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }

    let first = Result { () throws(FrontMatterError) in try FrontMatterParser.parseDocument(text) }
    let second = Result { () throws(FrontMatterError) in try FrontMatterParser.parseDocument(text) }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        if a.frontMatter != b.frontMatter || a.body != b.body || a.bodyStartLine != b.bodyStartLine {
            fuzzFail("two parses of the same document differ")
        }
        let normalized = Array(String(decoding: FrontMatterParser.normalizedBytes(text), as: UTF8.self).utf8)
        let body = Array(a.body.utf8)
        if body.count > normalized.count || !normalized[(normalized.count - body.count)...].elementsEqual(body) {
            fuzzFail("the body is not the end of the input")
        }
        if a.bodyStartLine < 1 || a.bodyStartLine > lineCount + 1 {
            fuzzFail("body starts at line \(a.bodyStartLine) of \(lineCount)")
        }
        fuzzVisit(a.frontMatter, lineCount: lineCount)
    case (.failure(let a), .failure(let b)):
        if a != b { fuzzFail("two parses of the same document fail differently: \(a) / \(b)") }
        fuzzCheckLocation(a, lineCount: lineCount)
    default:
        fuzzFail("one parse succeeded and the other failed")
    }

    switch Result(catching: { () throws(FrontMatterError) in try FrontMatterParser.parseYAML(text) }) {
    case .success(let map): fuzzVisit(map, lineCount: lineCount)
    case .failure(let error): fuzzCheckLocation(error, lineCount: lineCount)
    }

    fuzzCheckLinear(bytes, name: "front matter yaml") { input in
        _ = try? FrontMatterParser.parseYAML(String(decoding: input, as: UTF8.self))
    }
    fuzzCheckLinear(bytes, name: "front matter document") { input in
        _ = try? FrontMatterParser.parseDocument(String(decoding: input, as: UTF8.self))
    }
    return 0
}

func fuzzCheckLocation(_ error: FrontMatterError, lineCount: Int) {
    if error.line < 1 || error.line > lineCount + 1 || error.column < 1 {
        fuzzFail("error at \(error.line):\(error.column) outside a \(lineCount)-line input: \(error)")
    }
    if error.message.isEmpty { fuzzFail("error without a message") }
    _ = error.description
}

/// Walks every value, reading each accessor the site uses.
func fuzzVisit(_ map: FrontMatterMap, lineCount: Int) {
    var seen = Set<String>()
    for entry in map.entries {
        if !seen.insert(entry.key).inserted { fuzzFail("duplicate key '\(entry.key)' accepted") }
        if entry.line < 1 || entry.line > lineCount + 1 || entry.column < 1 {
            fuzzFail("key '\(entry.key)' at \(entry.line):\(entry.column) outside the input")
        }
        fuzzVisit(entry.value, lineCount: lineCount)
    }
}

func fuzzVisit(_ value: FrontMatterValue, lineCount: Int) {
    _ = value.stringValue; _ = value.intValue; _ = value.doubleValue; _ = value.boolValue; _ = value.stringList
    if let list = value.listValue { for item in list { fuzzVisit(item, lineCount: lineCount) } }
    if let map = value.mapValue { fuzzVisit(map, lineCount: lineCount) }
}
