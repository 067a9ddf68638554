// Width and height of an image read from the first bytes of its file, so pages reserve the image's
// space before it loads. Each reader is a bounded forward scan over at most `ImageHeader.maxBytes`
// bytes: no allocation per byte, no backtracking, and a corrupt or truncated header is a result, not a
// crash. Self-contained (no Foundation) so the fuzz harness in Fuzz/imageheader.swift builds it alone.

/// What the header of an image file says about its size.
enum ImageHeaderResult: Equatable, Sendable {
    case size(width: Int, height: Int)
    /// The file is not a valid image of the format its name says; the text says what is wrong.
    case corrupt(String)
}

enum ImageHeader {
    /// The most bytes read from any file: a JPEG's size may follow its metadata (EXIF, ICC profile).
    static let maxBytes = 256 * 1024
    /// Dimensions above this are treated as corrupt (no real page image is a million pixels wide).
    static let maxDimension = 1_000_000
    /// File extensions whose headers are read (lower case).
    static let extensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "svg"]

    /// The size in `bytes` (the start of the file) for a file with extension `ext`, or nil for a format
    /// kb does not read.
    static func read(_ bytes: ArraySlice<UInt8>, fileExtension ext: String) -> ImageHeaderResult? {
        let b = bytes.prefix(maxBytes)
        let result: ImageHeaderResult
        switch ext.lowercased() {
        case "png": result = png(b)
        case "jpg", "jpeg": result = jpeg(b)
        case "gif": result = gif(b)
        case "webp": result = webp(b)
        case "svg": result = SVGSize.read(b)
        default: return nil
        }
        if case .size(let w, let h) = result, w <= 0 || h <= 0 || w > maxDimension || h > maxDimension {
            return .corrupt("the header gives a size of \(w)×\(h)")
        }
        return result
    }

    @inline(__always) static func byte(_ b: ArraySlice<UInt8>, _ i: Int) -> Int {
        i >= 0 && i < b.count ? Int(b[b.startIndex + i]) : -1
    }
    static func be16(_ b: ArraySlice<UInt8>, _ i: Int) -> Int { byte(b, i) << 8 | byte(b, i + 1) }
    static func le16(_ b: ArraySlice<UInt8>, _ i: Int) -> Int { byte(b, i) | byte(b, i + 1) << 8 }
    static func be32(_ b: ArraySlice<UInt8>, _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }
    static func hasPrefix(_ b: ArraySlice<UInt8>, _ ascii: String, at offset: Int = 0) -> Bool {
        var i = offset
        for c in ascii.utf8 {
            guard byte(b, i) == Int(c) else { return false }
            i += 1
        }
        return true
    }

    /// PNG: the signature, then the IHDR chunk with width and height as 32-bit big-endian numbers.
    static func png(_ b: ArraySlice<UInt8>) -> ImageHeaderResult {
        let signature: [Int] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard signature.indices.allSatisfy({ byte(b, $0) == signature[$0] }) else { return .corrupt("it does not start with the PNG signature") }
        guard b.count >= 24 else { return .corrupt("the PNG header is cut short") }
        guard hasPrefix(b, "IHDR", at: 12) else { return .corrupt("the PNG's first chunk is not IHDR") }
        return .size(width: be32(b, 16), height: be32(b, 20))
    }

    /// GIF: `GIF87a` or `GIF89a`, then the logical screen's width and height, 16-bit little-endian.
    static func gif(_ b: ArraySlice<UInt8>) -> ImageHeaderResult {
        guard hasPrefix(b, "GIF87a") || hasPrefix(b, "GIF89a") else { return .corrupt("it does not start with GIF87a or GIF89a") }
        guard b.count >= 10 else { return .corrupt("the GIF header is cut short") }
        return .size(width: le16(b, 6), height: le16(b, 8))
    }

    /// WebP: a RIFF container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
    static func webp(_ b: ArraySlice<UInt8>) -> ImageHeaderResult {
        guard hasPrefix(b, "RIFF"), hasPrefix(b, "WEBP", at: 8) else { return .corrupt("it is not a RIFF WEBP file") }
        if hasPrefix(b, "VP8 ", at: 12) {
            guard b.count >= 30 else { return .corrupt("the WebP header is cut short") }
            guard byte(b, 23) == 0x9D, byte(b, 24) == 0x01, byte(b, 25) == 0x2A else { return .corrupt("the VP8 frame has no start code") }
            return .size(width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
        }
        if hasPrefix(b, "VP8L", at: 12) {
            guard b.count >= 25 else { return .corrupt("the WebP header is cut short") }
            guard byte(b, 20) == 0x2F else { return .corrupt("the VP8L signature byte is missing") }
            let bits = byte(b, 21) | byte(b, 22) << 8 | byte(b, 23) << 16 | byte(b, 24) << 24
            return .size(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        }
        if hasPrefix(b, "VP8X", at: 12) {
            guard b.count >= 30 else { return .corrupt("the WebP header is cut short") }
            let width = byte(b, 24) | byte(b, 25) << 8 | byte(b, 26) << 16
            let height = byte(b, 27) | byte(b, 28) << 8 | byte(b, 29) << 16
            return .size(width: width + 1, height: height + 1)
        }
        return .corrupt("the WebP's first chunk is not VP8, VP8L or VP8X")
    }

    /// JPEG: walks the marker segments from SOI until a start-of-frame, which holds height then width.
    /// Every step moves forward by at least two bytes, so the walk is linear in the bytes read.
    static func jpeg(_ b: ArraySlice<UInt8>) -> ImageHeaderResult {
        guard byte(b, 0) == 0xFF, byte(b, 1) == 0xD8 else { return .corrupt("it does not start with a JPEG start-of-image marker") }
        var i = 2
        while i < b.count {
            guard byte(b, i) == 0xFF else { return .corrupt("a JPEG segment does not start with a marker at byte \(i)") }
            // Fill bytes: any number of 0xFF before the marker code.
            while byte(b, i + 1) == 0xFF { i += 1 }
            let marker = byte(b, i + 1)
            if marker < 0 { break }
            i += 2
            // Markers without a length: TEM, RST0-7, SOI.
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { continue }
            if marker == 0xD9 || marker == 0xDA { return .corrupt("the JPEG has no frame header before its image data") }
            let length = be16(b, i)
            if length < 0 { break }
            guard length >= 2 else { return .corrupt("a JPEG segment has the impossible length \(length)") }
            let isFrame = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isFrame {
                guard length >= 7, b.count >= i + 7 else { break }
                return .size(width: be16(b, i + 5), height: be16(b, i + 3))
            }
            i += length
        }
        return .corrupt(b.count >= maxBytes ? "no JPEG frame header in the first \(maxBytes / 1024) KB" : "the JPEG header is cut short")
    }
}
