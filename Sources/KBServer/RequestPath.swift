/// A request target reduced to a path inside the site root, or the reason it is refused.
///
/// The target is percent-decoded exactly once, so `%252e` stays the literal name `%2e`; dot segments are
/// removed here, and a `..` that would climb above the root is refused rather than clamped.
struct RequestPath: Equatable {
    /// Decoded segments, none of them empty, `.` or `..`.
    var segments: [String]
    /// The target ended in `/` (or in a dot segment): a folder is asked for.
    var wantsFolder: Bool
    /// The raw query, without `?`, kept for redirects.
    var query: [UInt8]

    /// The relative filesystem path, `""` for the root.
    var relativePath: String { segments.joined(separator: "/") }

    /// The path as a URL, percent-encoded, starting with `/`.
    var encodedPath: String {
        var bytes: [UInt8] = [47]
        for (index, segment) in segments.enumerated() {
            if index > 0 { bytes.append(47) }
            for byte in segment.utf8 {
                if Self.isSafeInURL(byte) {
                    bytes.append(byte)
                } else {
                    bytes.append(37)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 15)])
                }
            }
        }
        if wantsFolder && !segments.isEmpty { bytes.append(47) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isSafeInURL(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 45, 46, 95, 126, 33, 36, 38, 39, 40, 41, 42, 43, 44, 59, 61, 58, 64: true
        default: false
        }
    }

    /// Parses an origin-form (`/a/b?q`) or absolute-form (`http://host/a/b`) target.
    static func parse(_ target: [UInt8]) -> Result<RequestPath, HTTPStatus> {
        guard let pathStart = pathStart(target) else { return .failure(.badRequest) }
        var pathEnd = pathStart
        while pathEnd < target.count, target[pathEnd] != 63, target[pathEnd] != 35 { pathEnd += 1 }
        var query: [UInt8] = []
        if pathEnd < target.count, target[pathEnd] == 63 {
            var queryEnd = pathEnd + 1
            while queryEnd < target.count, target[queryEnd] != 35 { queryEnd += 1 }
            query = Array(target[(pathEnd + 1)..<queryEnd])
        }

        var decoded: [UInt8] = []
        decoded.reserveCapacity(pathEnd - pathStart)
        var index = pathStart
        while index < pathEnd {
            var byte = target[index]
            if byte == 37 {
                guard index + 2 < pathEnd,
                      let high = hexValue(target[index + 1]), let low = hexValue(target[index + 2]) else {
                    return .failure(.badRequest)
                }
                byte = high << 4 | low
                index += 3
            } else {
                index += 1
            }
            // NUL truncates C paths, backslash is a separator elsewhere, controls have no business in a path.
            if byte < 32 || byte == 127 || byte == 92 { return .failure(.badRequest) }
            decoded.append(byte)
        }
        // Invalid or overlong UTF-8 (such as %c0%ae for '.') is refused outright.
        guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(.badRequest) }

        var segments: [String] = []
        var wantsFolder = decoded.last == 47
        for piece in text.utf8.split(separator: 47, omittingEmptySubsequences: true) {
            wantsFolder = false
            if piece.count == 1, piece.first == 46 { wantsFolder = true; continue }
            if piece.count == 2, piece.first == 46, piece.last == 46 {
                guard !segments.isEmpty else { return .failure(.badRequest) }
                segments.removeLast()
                wantsFolder = true
                continue
            }
            segments.append(String(decoding: piece, as: UTF8.self))
        }
        if decoded.last == 47 { wantsFolder = true }
        return .success(RequestPath(segments: segments, wantsFolder: wantsFolder, query: query))
    }

    /// Index where the path starts: 0 for origin-form, past the authority for absolute-form.
    private static func pathStart(_ target: [UInt8]) -> Int? {
        guard let first = target.first else { return nil }
        if first == 47 { return 0 }
        let schemeLength: Int
        if hasPrefixIgnoringCase(target, "http://") {
            schemeLength = 7
        } else if hasPrefixIgnoringCase(target, "https://") {
            schemeLength = 8
        } else {
            return nil
        }
        var index = schemeLength
        while index < target.count, target[index] != 47 {
            if target[index] == 63 || target[index] == 35 { return nil }
            index += 1
        }
        guard index > schemeLength, index < target.count else { return nil }
        return index
    }

    private static func hasPrefixIgnoringCase(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            HTTPRequestParser.equalsIgnoringCase(UnsafeBufferPointer(rebasing: buffer[0..<prefix.utf8CodeUnitCount]), prefix)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
