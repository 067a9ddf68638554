import Foundation
import XCTest
@testable import KBSite

/// `kb build` keeps the output it replaced as `.Output.kb-spare` and writes the next build into it: what it
/// leaves must match a build from nothing, and nothing the spare holds may redirect a write elsewhere.
final class OutputSpareTests: XCTestCase {
    var site: TestSite!
    var spare: URL { site.root.appendingPathComponent(".Output.kb-spare") }

    override func setUpWithError() throws {
        site = try TestSite()
        // The second build leaves the first one's output as the spare.
        try site.build()
        try site.build()
        XCTAssertTrue(OutputWriter.isRealDirectory(spare.path), "a build over an existing output keeps the old one as the spare")
    }

    override func tearDown() { site.cleanUp() }

    /// The output of a build from nothing, for comparison.
    private func freshSnapshot() throws -> [String: Data] {
        let fresh = try TestSite()
        defer { fresh.cleanUp() }
        for folder in ["Articles", "Templates"] {
            try FileManager.default.removeItem(at: fresh.root.appendingPathComponent(folder))
            try FileManager.default.copyItem(at: site.root.appendingPathComponent(folder), to: fresh.root.appendingPathComponent(folder))
        }
        try fresh.build()
        return try fresh.snapshot()
    }

    func testBuildIntoTheSpareMatchesABuildFromNothing() throws {
        try site.remove("Articles/clearing-cache.md")
        let article = site.root.appendingPathComponent("Articles/503-service-unavailable.md")
        try site.write("Articles/503-service-unavailable.md",
                       try String(contentsOf: article, encoding: .utf8).replacingOccurrences(of: "Overload.", with: "Too much traffic."))
        try site.build()
        XCTAssertEqual(try site.snapshot(), try freshSnapshot())
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("clearing-cache").path))
    }

    func testStaleFilesAndFoldersInTheSpareAreSwept() throws {
        try "old".write(to: spare.appendingPathComponent("stale.html"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(at: spare.appendingPathComponent("gone/deeper"), withIntermediateDirectories: true)
        try "old".write(to: spare.appendingPathComponent("gone/deeper/index.html"), atomically: false, encoding: .utf8)
        try "old".write(to: spare.appendingPathComponent("tags/extra.html"), atomically: false, encoding: .utf8)
        try site.build()
        XCTAssertEqual(try site.snapshot(), try freshSnapshot())
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("gone").path))
    }

    func testLongerOldFilesAreCutToTheNewLength() throws {
        let page = spare.appendingPathComponent("404.html")
        try String(repeating: "x", count: 100_000).write(to: page, atomically: false, encoding: .utf8)
        try site.build()
        XCTAssertEqual(try site.snapshot(), try freshSnapshot())
    }

    func testSymbolicLinksInTheSpareAreReplacedNotFollowed() throws {
        let outside = site.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let victim = outside.appendingPathComponent("victim.txt")
        try "keep me".write(to: victim, atomically: false, encoding: .utf8)
        // A page that is a link to a file outside, and a folder that is a link to a folder outside.
        let page = spare.appendingPathComponent("502-bad-gateway/index.html")
        try FileManager.default.removeItem(at: page)
        try FileManager.default.createSymbolicLink(at: page, withDestinationURL: victim)
        let tags = spare.appendingPathComponent("tags")
        try FileManager.default.removeItem(at: tags)
        try FileManager.default.createSymbolicLink(at: tags, withDestinationURL: outside)
        try site.build()
        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "keep me")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), ["victim.txt"])
        XCTAssertEqual(try site.snapshot(), try freshSnapshot())
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent("tags").path)[.type] as? FileAttributeType,
                       .typeDirectory)
    }

    func testHardLinkedFilesInTheSpareAreNotWrittenThrough() throws {
        let other = site.root.appendingPathComponent("linked.html")
        try FileManager.default.linkItem(at: spare.appendingPathComponent("index.html"), to: other)
        let before = try Data(contentsOf: other)
        try site.write("Articles/_index.md", "---\ntitle: \"Another name\"\n---\n")
        try site.build()
        XCTAssertEqual(try Data(contentsOf: other), before, "the other name of the file keeps its contents")
        XCTAssertTrue(try site.read("index.html").contains("Another name"))
    }

    func testAFolderLeftByAKilledBuildBecomesTheSpare() throws {
        try FileManager.default.removeItem(at: spare)
        let leftover = site.root.appendingPathComponent(".Output.kb-staging-99999")
        try FileManager.default.createDirectory(at: leftover.appendingPathComponent("502-bad-gateway"), withIntermediateDirectories: true)
        try "half written".write(to: leftover.appendingPathComponent("502-bad-gateway/index.html"), atomically: false, encoding: .utf8)
        try site.build()
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".Output") && $0 != ".Output.kb-lock" }
        XCTAssertEqual(names, [".Output.kb-spare"])
        XCTAssertEqual(try site.snapshot(), try freshSnapshot())
    }
}
