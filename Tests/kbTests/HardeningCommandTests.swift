import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The command line side of the hardening: the build lock's exit code and message, and write errors.
final class HardeningCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try "---\ntitle: \"Hello\"\nsummary: \"A greeting.\"\n---\nText\n".write(to: folder.appendingPathComponent("Articles/hello.md"), atomically: true, encoding: .utf8)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    var templatesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
    }

    /// Holds the output folder's lock as another build would.
    private func holdLock() throws -> Int32 {
        let fd = open(folder.appendingPathComponent(".Output.kb-lock").path, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        return fd
    }

    func testNoWaitExits75WhileAnotherBuildHoldsTheLock() throws {
        let fd = try holdLock()
        defer { close(fd) }
        let result = try KBExecutable.run(["build", "--templates", templatesFolder, "--no-wait"], in: folder)
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("another kb build"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Output").path))
    }

    func testABuildWaitsPrintingOneLine() throws {
        let fd = try holdLock()
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { close(fd) }
        let result = try KBExecutable.run(["build", "--templates", templatesFolder], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.stderr)
        XCTAssertTrue(lines.first?.hasPrefix("Waiting for another kb build of Output") ?? false, result.stderr)
    }

    func testTwoConcurrentBuildProcessesLeaveACleanSite() throws {
        let clean = try KBExecutable.run(["build", "--templates", templatesFolder, "--output", "Clean"], in: folder)
        XCTAssertEqual(clean.status, 0, clean.stderr)
        let group = DispatchGroup()
        let statuses = LockedStatuses()
        for _ in 0..<3 {
            group.enter()
            DispatchQueue.global().async { [folder, templatesFolder] in
                let status = (try? KBExecutable.run(["build", "--templates", templatesFolder], in: folder))?.status ?? -1
                statuses.append(status)
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(statuses.values, [0, 0, 0])
        XCTAssertEqual(try listing(folder.appendingPathComponent("Output")), try listing(folder.appendingPathComponent("Clean")))
    }

    private func listing(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return files }
        while let path = enumerator.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: root.path + "/" + path) { files[path] = data }
        }
        return files
    }
}

final class LockedStatuses: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int32] = []
    func append(_ status: Int32) { lock.lock(); list.append(status); lock.unlock() }
    var values: [Int32] { lock.lock(); defer { lock.unlock() }; return list }
}

/// `kb serve` writes its preview build (with localhost links) into its own folder, never Output/.
final class ServePreviewFolderTests: XCTestCase {
    func testServeBuildsIntoKBServeAndLeavesOutputAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try "---\ntitle: \"Hello\"\nsummary: \"A greeting.\"\n---\nText\n".write(to: folder.appendingPathComponent("Articles/hello.md"), atomically: true, encoding: .utf8)
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
        let process = Process()
        process.executableURL = KBExecutable.url
        process.arguments = ["serve", "--port", "0", "--templates", templates]
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var banner = ""
        while !banner.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        XCTAssertTrue(banner.hasPrefix("Serving ./.kb-serve at http://127.0.0.1:"), banner)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".kb-serve/hello/index.html").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Output").path))
    }
}
