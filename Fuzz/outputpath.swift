// libFuzzer harness for output paths: every alias, file name and tag name an article can carry goes through
// OutputPath, and whatever it accepts must stay inside the output folder. Also checks the link encoding of
// the same paths. Built by run.sh with OutputPath.swift, Slug.swift, URLPathEncoding.swift and FuzzSupport.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func outputPathFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The site paths kb makes from input: an alias, an article's file name, a section folder, a tag.
    let candidates = [
        ("alias", OutputPath.sitePath(alias: text)),
        ("article", "/\(text)/"),
        ("static file", "/" + text),
        ("tag", "/tags/\(Slug.make(text))/"),
    ]
    for (what, sitePath) in candidates {
        let accepted: OutputPath
        do {
            accepted = try OutputPath.serving(sitePath)
        } catch {
            // A tag name only ever becomes letters, digits and dashes, so only its length can be refused.
            if what == "tag", case .tooLong = error {} else if what == "tag" { fuzzFail("tag \(text.debugDescription) gives \(sitePath.debugDescription), refused: \(error.message)") }
            continue
        }
        checkInside(accepted.value, what: what, input: text)
        checkEncoded(sitePath, what: what)
    }
    return 0
}

/// An accepted path is relative, has no empty, `.` or `..` segment, and no NUL, backslash or control character,
/// so joined to any folder it names a file inside that folder; no part is longer than a file system allows.
func checkInside(_ path: String, what: String, input: String) {
    if path.hasPrefix("/") { fuzzFail("\(what) \(input.debugDescription): accepted path \(path.debugDescription) is absolute") }
    var depth = 0
    for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
        switch segment {
        case "", ".", "..": fuzzFail("\(what) \(input.debugDescription): accepted path \(path.debugDescription) has segment '\(segment)'")
        default: depth += 1
        }
    }
    for segment in path.split(separator: "/") where segment.utf8.count > OutputPath.maximumSegmentBytes {
        fuzzFail("\(what) \(input.debugDescription): accepted a part of \(segment.utf8.count) bytes")
    }
    if depth == 0 { fuzzFail("\(what) \(input.debugDescription): accepted an empty path") }
    for byte in path.utf8 where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
        fuzzFail("\(what) \(input.debugDescription): accepted path \(path.debugDescription) has byte \(byte)")
    }
}

/// The link form of a site path is printable ASCII with no space, quote or angle bracket, and decodes back to
/// the path (when the path holds no `%XX` of its own, which is kept as the author's escape).
func checkEncoded(_ sitePath: String, what: String) {
    let encoded = URLPathEncoding.encode(sitePath)
    for byte in encoded.utf8 where byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<")
        || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "`") {
        fuzzFail("\(what): encoded link \(encoded.debugDescription) holds byte \(byte)")
    }
    let bytes = Array(sitePath.utf8)
    let hasEscape = bytes.indices.contains { bytes[$0] == UInt8(ascii: "%") && $0 + 2 < bytes.count && isHex(bytes[$0 + 1]) && isHex(bytes[$0 + 2]) }
    if !hasEscape, decode(Array(encoded.utf8)) != bytes {
        fuzzFail("\(what): \(sitePath.debugDescription) encoded as \(encoded.debugDescription) does not decode back")
    }
}

func isHex(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
}

func decode(_ bytes: [UInt8]) -> [UInt8] {
    func value(_ c: UInt8) -> UInt8 { c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10 }
    var out: [UInt8] = []
    var k = 0
    while k < bytes.count {
        if bytes[k] == UInt8(ascii: "%"), k + 2 < bytes.count, isHex(bytes[k + 1]), isHex(bytes[k + 2]) {
            out.append(value(bytes[k + 1]) << 4 | value(bytes[k + 2]))
            k += 3
        } else {
            out.append(bytes[k])
            k += 1
        }
    }
    return out
}
