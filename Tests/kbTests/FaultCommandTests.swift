import Foundation
import XCTest
import KBTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Faults an operator meets, driven through the `kb` executable: a full disk and an article nobody may read.
final class FaultCommandTests: XCTestCase {
    var folder: URL!
    var mounted: String?

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try "---\ntitle: \"Hello\"\n---\nText\n".write(to: folder.appendingPathComponent("Articles/hello.md"), atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        if let mounted { _ = try? run("/bin/umount", [mounted]) }
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Names under `path`, hidden ones included.
    private func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    private func snapshot(_ path: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: path + "/" + name) { files[name] = data }
        }
        return files
    }

    /// A 4 MB tmpfs fills up while pages are written: exit 74, one line, the old site intact, nothing left behind,
    /// and the next build works once the space is back.
    func testADiskFullWhileWritingPagesExits74WithOneLineAndLeavesNothingBehind() throws {
        let disk = folder.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard let mount = ExternalTool.find(["mount"]), try run(mount, ["-t", "tmpfs", "-o", "size=4M", "tmpfs", disk]) == 0 else {
            throw ExternalTool.unavailable("cannot mount a 4 MB tmpfs (mount -t tmpfs needs root or CAP_SYS_ADMIN)")
        }
        mounted = disk
        let output = disk + "/Output"
        let first = try KBExecutable.run(["build", "--output", output], in: folder)
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = snapshot(output)
        XCTAssertFalse(before.isEmpty)

        // About 12 MB of pages: far more than the disk holds.
        let paragraph = String(repeating: "A page long enough to fill a small disk quickly. ", count: 40)
        for index in 0..<600 {
            try "---\ntitle: \"Page \(index)\"\n---\n\n\(paragraph)\n\n\(paragraph)\n\n\(paragraph)\n"
                .write(to: folder.appendingPathComponent("Articles/page-\(index).md"), atomically: true, encoding: .utf8)
        }
        let full = try KBExecutable.run(["build", "--output", output], in: folder)
        XCTAssertEqual(full.status, 74, full.stderr)
        let lines = full.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, full.stderr)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        XCTAssertTrue(full.stderr.contains(output) || full.stderr.contains("Output"), full.stderr)
        XCTAssertEqual(snapshot(output), before, "the old site changed")
        // Only the site and its lock remain: no staging folder or spare holds the space.
        XCTAssertEqual(names(disk).filter { $0 != ".Output.kb-lock" }, ["Output"])

        for index in 0..<600 { try FileManager.default.removeItem(at: folder.appendingPathComponent("Articles/page-\(index).md")) }
        try "---\ntitle: \"Second\"\n---\nMore text\n".write(to: folder.appendingPathComponent("Articles/second.md"), atomically: true, encoding: .utf8)
        let again = try KBExecutable.run(["build", "--output", output], in: folder)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/second/index.html"))
    }

    /// An article nobody may read (chmod 000) is reported once, and the articles linking to it add nothing.
    /// Root reads any file, so as root the build runs as the unprivileged user `nobody` (setpriv).
    func testAnUnreadableArticleIsReportedOnce() throws {
        let secret = folder.appendingPathComponent("Articles/secret.md")
        try "---\ntitle: \"Secret\"\n---\nText\n".write(to: secret, atomically: true, encoding: .utf8)
        for index in 1...4 {
            try "---\ntitle: \"Linker \(index)\"\nrelated: [secret]\n---\nSee [it](secret.md) and [its page](/secret/).\n"
                .write(to: folder.appendingPathComponent("Articles/linker-\(index).md"), atomically: true, encoding: .utf8)
        }
        chmod(secret.path, 0)
        var command = [KBExecutable.url.path, "build"]
        if geteuid() == 0 {
            guard let setpriv = ExternalTool.find(["setpriv"]) else {
                throw ExternalTool.unavailable("setpriv is not installed (Debian package util-linux); root can read a chmod 000 file")
            }
            // nobody must be able to enter the folder and write Output/ there.
            chmod(folder.path, 0o777)
            chmod(folder.appendingPathComponent("Articles").path, 0o755)
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 65, stderr)
        let errorLines = stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        XCTAssertEqual(errorLines.count, 1, stderr)
        XCTAssertTrue(errorLines.first?.contains("Articles/secret.md: error: cannot read this file: Permission denied") ?? false, stderr)
    }
}
