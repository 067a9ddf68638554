import Foundation
import XCTest
@testable import KBSite

/// Symbolic links under Articles/ and Templates/ are followed only while they stay inside their folder.
final class SymlinkTests: XCTestCase {
    var site: TestSite!
    var outside: URL!

    override func setUpWithError() throws {
        site = try TestSite()
        outside = FileManager.default.temporaryDirectory.appendingPathComponent("kb-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "secret".write(to: outside.appendingPathComponent("shadow"), atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        site.cleanUp()
        try? FileManager.default.removeItem(at: outside)
    }

    private func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent(relative).path, withDestinationPath: target)
    }

    func testAFolderLinkOutOfArticlesIsAnErrorNamingLinkAndTarget() throws {
        try link("Articles/etcdir", to: outside.path)
        let errors = site.failures()
        let error = try XCTUnwrap(errors.first { $0.path.hasSuffix("Articles/etcdir") }, "\(errors)")
        XCTAssertTrue(error.message.contains(FileListing.resolved(outside.path) ?? "?"), error.message)
        XCTAssertTrue(error.message.contains("outside"), error.message)
        XCTAssertFalse(site.exists("etcdir/shadow"))
    }

    func testAFileLinkOutOfArticlesIsAnError() throws {
        try link("Articles/shadow.txt", to: outside.appendingPathComponent("shadow").path)
        XCTAssertTrue(site.failures().contains { $0.path.hasSuffix("Articles/shadow.txt") && $0.message.contains("outside") })
    }

    func testARelativeLinkThatClimbsOutIsAnError() throws {
        try "x".write(to: site.root.appendingPathComponent("beside.txt"), atomically: true, encoding: .utf8)
        try link("Articles/beside.txt", to: "../beside.txt")
        XCTAssertTrue(site.failures().contains { $0.path.hasSuffix("Articles/beside.txt") })
    }

    func testALinkInsideArticlesIsFollowedOnce() throws {
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Articles/images"), withIntermediateDirectories: true)
        try "png".write(to: site.root.appendingPathComponent("Articles/images/a.png"), atomically: true, encoding: .utf8)
        try link("Articles/logo.png", to: "images/a.png")
        try site.build()
        XCTAssertEqual(try site.read("logo.png"), "png")
    }

    func testALoopIsRefused() throws {
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Articles/deep"), withIntermediateDirectories: true)
        try link("Articles/deep/back", to: "..")
        try link("Articles/self", to: "self")
        let errors = site.failures()
        XCTAssertTrue(errors.contains { $0.path.hasSuffix("Articles/deep/back") && $0.message.contains("loop") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0.path.hasSuffix("Articles/self") && $0.message.contains("loop") }, "\(errors)")
    }

    func testALinkOutOfTemplatesIsAnError() throws {
        try "<p>{{ secret }}</p>".write(to: outside.appendingPathComponent("evil.html"), atomically: true, encoding: .utf8)
        try link("Templates/partials/evil.html", to: outside.appendingPathComponent("evil.html").path)
        try link("Templates/assets/shadow.css", to: outside.appendingPathComponent("shadow").path)
        let errors = site.failures()
        XCTAssertTrue(errors.contains { $0.path.hasSuffix("Templates/partials/evil.html") && $0.message.contains("outside") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0.path.hasSuffix("Templates/assets/shadow.css") }, "\(errors)")
        XCTAssertEqual(SymlinkCheck.diagnostics(folder: site.root.appendingPathComponent("Templates").path, displayName: "Templates").count, 2)
    }
}
