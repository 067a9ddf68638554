// kill -9 during `kb build`: the previous Output/ must survive intact, and the next build leaves no temporary folders.

import Foundation
import XCTest

/// A generated site of many articles using the bundled theme, in a temporary folder.
struct GeneratedSite {
    let root: URL
    var articles: URL { root.appendingPathComponent("Articles") }
    var output: URL { root.appendingPathComponent("Output") }

    init(articleCount: Int, folder: String = "") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-generated-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: articles.appendingPathComponent(folder), withIntermediateDirectories: true)
        try manager.copyItem(at: TestSite.repository.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        try "---\ntitle: Generated Help\nbase_url: https://help.example.com/\n---\nA generated site.\n"
            .write(to: articles.appendingPathComponent("_index.md"), atomically: true, encoding: .utf8)
        let prefix = folder.isEmpty ? "" : folder + "/"
        for index in 0..<articleCount {
            let next = (index + 1) % articleCount
            let text = """
                ---
                title: "Generated article \(index)"
                code: \(400 + index % 200)
                summary: "Summary of generated article \(index), with a few words to index."
                tags: [generated, group-\(index % 10)]
                updated: 2026-11-20
                ---
                ## What it means

                Article \(index) explains **something** about status \(400 + index % 200), with `code` and a
                [link to the next one](article-\(next).md).

                ## What you can do

                1. **Reload** the page.
                2. Wait a minute and try again.

                ## Is my data safe?

                ### Did I lose anything?

                No.

                """
            try text.write(to: articles.appendingPathComponent("\(prefix)article-\(index).md"), atomically: false, encoding: .utf8)
        }
    }

    /// Every file under Output/ with a 64-bit FNV-1a hash of its content.
    func outputDigest() -> [String: UInt64] {
        var digest: [String: UInt64] = [:]
        let base = output.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return digest }
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            var hash: UInt64 = 0xcbf29ce484222325
            for byte in FileManager.default.contents(atPath: base + "/" + path) ?? Data() {
                hash = (hash ^ UInt64(byte)) &* 0x100000001b3
            }
            digest[path] = hash
        }
        return digest
    }

    /// Names beside Output/ that belong to a build's temporary folders (the spare, kept on purpose, aside).
    func temporaryFolders() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { $0.hasPrefix(".Output.kb-") && $0 != ".Output.kb-spare" && $0 != ".Output.kb-lock" }.sorted()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

/// The built `kb` executable, beside the test bundle (as in Tests/kbTests/KBExecutable.swift).
enum KBProgram {
    static var url: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let candidate = directory.appendingPathComponent("kb")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kb")
    }

    static func start(_ arguments: [String], in directory: URL, stdout: Any = FileHandle.nullDevice) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw XCTSkip("the kb executable is not built beside the tests (run `swift build` first)")
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// SplitMix64: a tiny seeded generator, so the kill moments are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

final class CrashSafetyTests: XCTestCase {
    private func build(_ site: GeneratedSite) throws -> Int32 {
        let process = try KBProgram.start(["build"], in: site.root)
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testKillingABuildNeverDamagesThePreviousOutput() throws {
        let site = try GeneratedSite(articleCount: 300)
        defer { site.cleanUp() }
        let started = Date()
        XCTAssertEqual(try build(site), 0)
        let buildSeconds = Date().timeIntervalSince(started)
        let snapshot = site.outputDigest()
        XCTAssertGreaterThan(snapshot.count, 300)

        var random = SeededGenerator(state: 20261121)
        var interrupted = 0
        for round in 1...20 {
            let process = try KBProgram.start(["build"], in: site.root)
            // Anywhere from just after start to the end of a normal build.
            let delay = Double.random(in: 0.02...max(0.05, buildSeconds), using: &random)
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // A staging folder left behind shows the kill landed in the middle of writing.
            if !site.temporaryFolders().isEmpty { interrupted += 1 }
            let digest = site.outputDigest()
            XCTAssertEqual(digest.count, snapshot.count, "round \(round): Output/ lost or gained files after kill -9 at \(delay) s")
            let changed = snapshot.keys.filter { digest[$0] != snapshot[$0] }.sorted()
            XCTAssertEqual(changed, [], "round \(round): files differ after kill -9 at \(delay) s")
            if round % 5 == 0 {
                XCTAssertEqual(try build(site), 0)
                XCTAssertEqual(site.temporaryFolders(), [], "round \(round): temporary folders left after a good build")
                XCTAssertEqual(site.outputDigest(), snapshot)
            }
        }
        XCTAssertEqual(try build(site), 0)
        XCTAssertEqual(site.temporaryFolders(), [])
        XCTAssertEqual(site.outputDigest(), snapshot)
        print("CrashSafetyTests: \(interrupted) of 20 kills interrupted a build while it wrote its staging folder")
        XCTAssertGreaterThan(interrupted, 0, "no kill landed while a build was writing; the test proved nothing")
    }
}
