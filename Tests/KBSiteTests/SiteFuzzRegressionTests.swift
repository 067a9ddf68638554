// Problems the sanitizers and fuzzers found in KBSite, kept so the fixes stay fixed.

import Foundation
import XCTest
@testable import KBSite

final class SiteFuzzRegressionTests: XCTestCase {
    // ASan: FileListing copied whole `dirent` records, reading past readdir's buffer for short last entries.
    // Under `swift test --sanitize=address` this listing of names of every length tripped it.
    func testFileListingReadsNamesOfEveryLength() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var expected: [String] = []
        for length in 1...250 {
            let name = String(repeating: "n", count: length - 1) + "é"
            guard name.utf8.count <= 255 else { continue }
            XCTAssertTrue(FileManager.default.createFile(atPath: root.appendingPathComponent(name).path, contents: Data("x".utf8)))
            expected.append(name)
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: root.appendingPathComponent(".hidden").path, contents: Data()))
        let listed = try FileListing.files(under: root.path).map(\.relativePath)
        XCTAssertEqual(listed, expected.sorted())
    }
}
