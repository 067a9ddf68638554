/// Percent-encoding of site paths made from file and folder names, so `/my page/` and `/café/` become
/// `/my%20page/` and `/caf%C3%A9/` in every href, `<loc>`, feed link, canonical and `_redirects` line.
enum URLPathEncoding {
    /// `path` with every byte a URL path may not hold written as `%XX`. `/`, `?` and `#` stay as delimiters, and
    /// a `%` followed by two hex digits is an escape the author already wrote, so nothing is encoded twice.
    static func encode(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard bytes.contains(where: { !isKept($0) || $0 == UInt8(ascii: "%") }) else { return path }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        let hex = Array("0123456789ABCDEF".utf8)
        for (index, byte) in bytes.enumerated() {
            if isKept(byte) && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unreserved characters, sub-delimiters, `:`, `@`, `/`, `?`, `#` and `%` (RFC 3986 `pchar` and delimiters).
    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"),
             UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"):
            return true
        default: return false
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): return true
        default: return false
        }
    }
}
