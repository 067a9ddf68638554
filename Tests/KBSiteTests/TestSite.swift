import Foundation
import XCTest
@testable import KBSite

/// A copy of a fixture site in a temporary folder, built and inspected by a test.
struct TestSite {
    let root: URL

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Copies `Fixtures/<name>` into a fresh temporary folder.
    init(fixture name: String = "site") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["Articles", "Templates"] {
            try FileManager.default.copyItem(at: TestSite.fixtures.appendingPathComponent(name).appendingPathComponent(folder),
                                             to: root.appendingPathComponent(folder))
        }
    }

    var output: URL { root.appendingPathComponent("Output") }

    func options(baseURL: String? = nil, drafts: Bool = false) -> BuildOptions {
        BuildOptions(articlesDirectory: root.appendingPathComponent("Articles").path,
                     templatesDirectory: root.appendingPathComponent("Templates").path,
                     outputDirectory: output.path, baseURL: baseURL, includeDrafts: drafts)
    }

    @discardableResult
    func build(baseURL: String? = nil, drafts: Bool = false) throws -> BuildReport {
        try SiteBuilder.build(options(baseURL: baseURL, drafts: drafts))
    }

    /// Builds and returns the diagnostics of the failure (fails the test if the build succeeds).
    func failures(file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        do {
            try SiteBuilder.build(options())
            XCTFail("the build should have failed", file: file, line: line)
            return []
        } catch let failure as BuildFailure {
            return failure.diagnostics
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return []
        }
    }

    /// The errors of a failing build (fails the test if it succeeds), leaving out warnings such as the content checks'.
    func errors(file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        failures(file: file, line: line).filter { $0.severity == .error }
    }

    /// Adds `settings` (YAML lines, each ending in a newline) at the top of `Articles/_index.md`'s front matter.
    func addSettings(_ settings: String) throws {
        let index = root.appendingPathComponent("Articles/_index.md")
        let text = try String(contentsOf: index, encoding: .utf8)
        try text.replacingOccurrences(of: "---\n", with: "---\n" + settings, options: [], range: text.range(of: "---\n"))
            .write(to: index, atomically: true, encoding: .utf8)
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }

    func read(_ outputPath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(outputPath), encoding: .utf8)
    }

    func exists(_ outputPath: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(outputPath).path)
    }

    /// Every file under Output/ with its bytes, for byte-for-byte comparisons.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = output.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return files }
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: base + "/" + path)
            }
        }
        return files
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }
}
