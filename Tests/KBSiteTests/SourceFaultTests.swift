import Foundation
import XCTest
@testable import KBSite

/// Files kb cannot read say what is wrong with them, once; an output folder that is a link is refused.
final class SourceFaultTests: XCTestCase {
    private func writeBytes(_ site: TestSite, _ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: site.root.appendingPathComponent(path))
    }

    private let article = "---\ntitle: \"Broken\"\nsummary: \"x\"\n---\n\nText.\n"

    func testUTF16WithByteOrderMarkSaysSo() throws {
        let site = try TestSite()
        for (name, bom, bigEndian) in [("le.md", [UInt8(0xFF), 0xFE], false), ("be.md", [0xFE, 0xFF], true)] {
            var bytes = bom
            for unit in article.utf16 { bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            try writeBytes(site, "Articles/" + name, bytes)
        }
        let diagnostics = site.errors()
        for name in ["le.md", "be.md"] {
            let mine = diagnostics.filter { $0.path.hasSuffix("/" + name) }
            XCTAssertEqual(mine.count, 1, "\(diagnostics)")
            XCTAssertTrue(mine.first?.message.hasPrefix("this file is UTF-16") ?? false, "\(mine)")
            XCTAssertTrue(mine.first?.hint?.contains("save it as UTF-8") ?? false, "\(mine)")
            XCTAssertFalse(mine.contains { $0.message.contains("no title") })
        }
    }

    func testUTF16WithoutByteOrderMarkIsRecognisedByItsNULBytes() throws {
        let site = try TestSite()
        try writeBytes(site, "Articles/nobom.md", article.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let mine = site.failures().filter { $0.path.hasSuffix("/nobom.md") }
        XCTAssertEqual(mine.map(\.message).first?.hasPrefix("this file looks like UTF-16"), true, "\(mine)")
        XCTAssertEqual(mine.count, 1)
    }

    func testCROnlyLineEndingsSaySo() throws {
        let site = try TestSite()
        try writeBytes(site, "Articles/mac.md", Array(article.replacingOccurrences(of: "\n", with: "\r").utf8))
        let mine = site.failures().filter { $0.path.hasSuffix("/mac.md") }
        XCTAssertEqual(mine.count, 1, "\(mine)")
        XCTAssertEqual(mine.first?.message, "this file uses CR-only line endings (classic Mac), so kb sees it as one line")
        XCTAssertTrue(mine.first?.hint?.contains("save it with LF") ?? false)
    }

    func testCRLFAndAStrayNULAreStillRead() throws {
        let site = try TestSite()
        try writeBytes(site, "Articles/windows.md", Array(article.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        try writeBytes(site, "Articles/nul.md", Array((article + "a\u{0}b " + String(repeating: "text ", count: 20) + "\n").utf8))
        try site.build()
        XCTAssertTrue(site.exists("windows/index.html"))
        XCTAssertTrue(site.exists("nul/index.html"))
    }

    /// Other articles link to and name the file that cannot be read: only the file itself is reported.
    func testAnArticleThatCannotBeReadIsReportedOnceWithoutFollowOnErrors() throws {
        let site = try TestSite()
        try writeBytes(site, "Articles/gone.md", [0xFF, 0xFE] + article.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        for index in 1...5 {
            try site.write("Articles/linker-\(index).md", """
                ---
                title: "Linker \(index)"
                related: [gone]
                ---

                See [gone](gone.md), [its heading](gone.md#causes) and [the page](/gone/).
                """)
        }
        let diagnostics = site.errors()
        XCTAssertEqual(diagnostics.count, 1, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(diagnostics.first?.path.hasSuffix("Articles/gone.md") ?? false)
    }

    func testALinkToAnArticleThatDoesNotExistIsStillReported() throws {
        let site = try TestSite()
        try site.write("Articles/linker.md", "---\ntitle: \"Linker\"\nrelated: [nowhere]\n---\n\nSee [x](nowhere.md) and [y](/nowhere/).\n")
        let messages = site.errors().map(\.message)
        XCTAssertEqual(messages.count, 3, "\(messages)")
    }

    func testAnOutputFolderThatIsASymbolicLinkIsRefused() throws {
        let site = try TestSite()
        let target = site.root.appendingPathComponent("real-output")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "keep".write(to: target.appendingPathComponent("mine.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: site.output, withDestinationURL: target)
        for output in [site.output.path, site.output.path + "/"] {
            var options = site.options()
            options.outputDirectory = output
            XCTAssertThrowsError(try SiteBuilder.build(options)) { error in
                let diagnostics = (error as? BuildFailure)?.diagnostics ?? []
                XCTAssertEqual(diagnostics.count, 1, "\(error)")
                let message = diagnostics.first?.message ?? ""
                XCTAssertTrue(message.contains("is a symbolic link to \(FileListing.resolved(target.path) ?? "?")"), message)
                XCTAssertTrue(diagnostics.first?.hint?.contains("--output") ?? false)
            }
        }
        // The link and what it points to are as they were.
        let attributes = try FileManager.default.attributesOfItem(atPath: site.output.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSymbolicLink)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), ["mine.txt"])
        // Checking without writing (kb check) does not care where the output would go.
        XCTAssertNoThrow(try SiteBuilder.build(site.options(), write: false))
    }
}
