import Foundation
import XCTest
import KBTestSupport

/// The release binary, copied outside the checkout, runs with no Swift toolchain libraries and builds a new site.
/// Needs `swift build -c release --static-swift-stdlib --product kb` first (README "Install"); skips otherwise.
final class PortableBinaryTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testCopiedReleaseBinaryRunsWithoutToolchainLibraries() throws {
        #if os(Linux)
        let release = PortableBinaryTests.repository.appendingPathComponent(".build/release/kb").path
        guard FileManager.default.isExecutableFile(atPath: release) else {
            throw ExternalTool.unavailable("no release build; run swift build -c release --static-swift-stdlib --product kb")
        }
        let (_, libraries) = try run("/usr/bin/ldd", [release], in: PortableBinaryTests.repository, environment: [:])
        guard !libraries.contains("libswift") else {
            throw ExternalTool.unavailable("the release build links the Swift runtime; rebuild with swift build -c release --static-swift-stdlib --product kb")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-portable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("kb").path
        try FileManager.default.copyItem(atPath: release, toPath: copy)
        let bare = ["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": ""]
        let (initStatus, initOutput) = try run(copy, ["init", "acme"], in: folder, environment: bare)
        XCTAssertEqual(initStatus, 0, initOutput)
        let site = folder.appendingPathComponent("acme")
        let (buildStatus, buildOutput) = try run(copy, ["build"], in: site, environment: bare)
        XCTAssertEqual(buildStatus, 0, buildOutput)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/search/index.json").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/503-service-unavailable/index.html").path))
        #else
        throw XCTSkip("the static runtime check is for Linux; on macOS the Swift runtime is part of the system")
        #endif
    }
}
