import Foundation
import XCTest
import KBTestSupport
@testable import KBSite

/// The image header readers: real headers give sizes; truncated, corrupt and hostile ones give a reason, never a crash.
final class ImageHeaderTests: XCTestCase {
    static func png(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8) + be32(width) + be32(height)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }
    static let gif: [UInt8] = Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00] + [0, 0, 0]
    /// SOI, an APP0 segment, then a baseline frame header for 640×480.
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        + [0xFF, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03] + Array(repeating: 0, count: 9)
    static func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [UInt8(payload.count), 0, 0, 0] + payload
    }
    static let webpLossy = riff("VP8 ", [0, 0, 0, 0x9D, 0x01, 0x2A, 0x20, 0x03, 0x58, 0x02] + [0, 0])  // 800×600
    static let webpLossless: [UInt8] = {
        let bits = (120 - 1) | (90 - 1) << 14
        return riff("VP8L", [0x2F, UInt8(bits & 255), UInt8(bits >> 8 & 255), UInt8(bits >> 16 & 255), UInt8(bits >> 24 & 255)])
    }()
    static let webpExtended = riff("VP8X", [0, 0, 0, 0] + [0xFF, 0x03, 0x00] + [0xFF, 0x01, 0x00])  // 1024×512

    func size(_ bytes: [UInt8], _ ext: String) -> ImageHeaderResult? { ImageHeader.read(bytes[...], fileExtension: ext) }

    func testEachFormatGivesItsSize() {
        XCTAssertEqual(size(Self.png(width: 1200, height: 630), "png"), .size(width: 1200, height: 630))
        XCTAssertEqual(size(Self.gif, "GIF"), .size(width: 320, height: 240))
        XCTAssertEqual(size(Self.jpeg, "jpg"), .size(width: 640, height: 480))
        XCTAssertEqual(size(Self.jpeg, "jpeg"), .size(width: 640, height: 480))
        XCTAssertEqual(size(Self.webpLossy, "webp"), .size(width: 800, height: 600))
        XCTAssertEqual(size(Self.webpLossless, "webp"), .size(width: 120, height: 90))
        XCTAssertEqual(size(Self.webpExtended, "webp"), .size(width: 1024, height: 512))
        XCTAssertNil(size([1, 2, 3], "bmp"))
    }

    func testSVGSizes() {
        func svg(_ text: String) -> ImageHeaderResult? { size(Array(text.utf8), "svg") }
        XCTAssertEqual(svg("<?xml version=\"1.0\"?>\n<!-- a --><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40.5px\">"),
                       .size(width: 120, height: 41))
        XCTAssertEqual(svg("<svg viewBox='0 0 300 150'><rect/></svg>"), .size(width: 300, height: 150))
        XCTAssertEqual(svg("<svg width=\"600\" viewBox=\"0,0,300,150\">"), .size(width: 600, height: 300))
        XCTAssertEqual(svg("<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 64 32\">"), .size(width: 64, height: 32))
        XCTAssertEqual(svg("<svgfoo><svg\nheight=10 width=20>"), .size(width: 20, height: 10))
        guard case .corrupt? = svg("<svg width=\"1e999\" height=\"x\">") else { return XCTFail("no usable size") }
        guard case .corrupt? = svg("<svg width=\"10") else { return XCTFail("cut inside a value") }
        guard case .corrupt? = svg("<html></html>") else { return XCTFail("no svg element") }
        guard case .corrupt? = svg("<svg viewBox=\"0 0 -4 3\">") else { return XCTFail("negative viewBox") }
    }

    /// Every prefix of every valid header, and every single-byte corruption, gives a result without crashing.
    func testTruncatedAndCorruptHeaders() {
        let samples: [([UInt8], String)] = [(Self.png(width: 10, height: 20), "png"), (Self.gif, "gif"), (Self.jpeg, "jpg"),
                                            (Self.webpLossy, "webp"), (Self.webpLossless, "webp"), (Self.webpExtended, "webp"),
                                            (Array("<svg width='5' height='6'>".utf8), "svg")]
        for (bytes, ext) in samples {
            for cut in 0..<bytes.count {
                let result = size(Array(bytes[..<cut]), ext)
                if case .size(let w, let h)? = result { XCTAssertTrue(w > 0 && h > 0, "\(ext) cut at \(cut)") }
                XCTAssertNotNil(result)
            }
            for index in bytes.indices {
                for value: UInt8 in [0x00, 0xFF, 0x7F] {
                    var corrupt = bytes
                    corrupt[index] = value
                    XCTAssertNotNil(size(corrupt, ext))
                }
            }
        }
        XCTAssertEqual(size(Self.png(width: 0, height: 5), "png"), .corrupt("the header gives a size of 0×5"))
        XCTAssertEqual(size(Self.png(width: 5_000_000, height: 5), "png"), .corrupt("the header gives a size of 5000000×5"))
        XCTAssertEqual(size(Array("not an image".utf8), "png"), .corrupt("it does not start with the PNG signature"))
        XCTAssertEqual(size([0xFF, 0xD8, 0xFF, 0xDA, 0, 2], "jpg"), .corrupt("the JPEG has no frame header before its image data"))
        XCTAssertEqual(size([0xFF, 0xD8, 0xFF, 0xE1, 0, 1], "jpg"), .corrupt("a JPEG segment has the impossible length 1"))
    }

    /// Growth, not time: long runs of JPEG fill bytes, empty segments and SVG attributes stay linear.
    func testHostileHeadersStayLinear() {
        let shapes: [(String, (Int) -> [UInt8])] = [
            ("jpg", { [0xFF, 0xD8] + Array(repeating: 0xFF, count: $0) }),
            ("jpg", { [0xFF, 0xD8] + Array(repeating: [0xFF, 0xE0, 0x00, 0x02], count: $0 / 4).flatMap { $0 } }),
            ("svg", { Array("<svg ".utf8) + Array(repeating: Array("a=b ".utf8), count: $0 / 4).flatMap { $0 } }),
            ("svg", { Array(repeating: Array("<sv".utf8), count: $0 / 3).flatMap { $0 } }),
        ]
        for (ext, make) in shapes {
            let small = make(ImageHeader.maxBytes / 20), large = make(ImageHeader.maxBytes / 2)
            let (a, b) = Growth.ratio(small: 1) { scale in
                for _ in 0..<100 { _ = ImageHeader.read((scale == 1 ? small : large)[...], fileExtension: ext) }
            }
            XCTAssertLessThan(b, a * 15, "\(ext): x10 input took \(b)s against \(a)s")
        }
    }
}
