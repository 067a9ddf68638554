import XCTest

final class CommandLineTests: XCTestCase {
    func testHelpListsEveryImplementedCommand() throws {
        let result = try KBExecutable.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["build", "serve", "check", "new", "render", "help"] {
            XCTAssertTrue(result.stdout.contains("\n  \(command) "), "help should list \(command):\n\(result.stdout)")
        }
    }

    func testHelpForms() throws {
        let a = try KBExecutable.run(["help", "render"])
        let b = try KBExecutable.run(["render", "--help"])
        XCTAssertEqual(a.status, 0)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertTrue(a.stdout.contains("Usage: kb render"))
        XCTAssertTrue(a.stdout.contains("--commonmark"))
        XCTAssertTrue(a.stdout.contains("Example:"))
    }

    func testVersion() throws {
        let result = try KBExecutable.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("kb "), result.stdout)
    }

    func testUnknownCommandExits64WithSuggestion() throws {
        let result = try KBExecutable.run(["rendr"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown command 'rendr'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'render'?"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testUnknownFlagExits64WithSuggestion() throws {
        let result = try KBExecutable.run(["render", "--commonmrak"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown flag '--commonmrak'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean '--commonmark'?"), result.stderr)
    }

    func testNoColorWhenNotATerminal() throws {
        let result = try KBExecutable.run(["nonsense"])
        XCTAssertFalse(result.stderr.contains("\u{1B}["), "no escape codes when stderr is a pipe")
    }

    func testRenderMissingFileIsIOError() throws {
        let result = try KBExecutable.run(["render", "/nonexistent/file.md"])
        XCTAssertEqual(result.status, 74)
        XCTAssertTrue(result.stderr.contains("/nonexistent/file.md"))
    }

    func testBiuldSuggestsBuild() throws {
        let result = try KBExecutable.run(["biuld"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("did you mean 'build'?"), result.stderr)
    }

    func testEveryCommandHelpShowsFlagsWithDefaultsAndAnExample() throws {
        for command in ["build", "serve", "check", "new"] {
            let result = try KBExecutable.run([command, "--help"])
            XCTAssertEqual(result.status, 0)
            XCTAssertTrue(result.stdout.contains("Usage: kb \(command)"), result.stdout)
            XCTAssertTrue(result.stdout.contains("(default: "), result.stdout)
            XCTAssertTrue(result.stdout.contains("Example:\n  kb \(command)"), result.stdout)
        }
    }

    func testBuildOfInvalidArticleExits65WithLocation() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try "---\ntitle: \"Bad\"\ncode: 99\n---\nText\n".write(to: folder.appendingPathComponent("Articles/bad.md"), atomically: true, encoding: .utf8)
        let result = try KBExecutable.run(["build", "--templates", templatesFolder], in: folder)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("Articles/bad.md:3:1: error: 'code' must be an HTTP status number from 100 to 599"), result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Output").path))
    }

    func testBuildOfMissingArticlesFolderExits74() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KBExecutable.run(["build"], in: folder)
        XCTAssertEqual(result.status, 74, result.stderr)
        XCTAssertTrue(result.stderr.contains("Articles"), result.stderr)
    }

    func testBuildEndsWithOneSummaryLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try "---\ntitle: \"Hello\"\nsummary: \"A greeting.\"\n---\nText\n".write(to: folder.appendingPathComponent("Articles/hello.md"), atomically: true, encoding: .utf8)
        let result = try KBExecutable.run(["build", "--templates", templatesFolder], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertTrue(lines.last?.hasPrefix("Built 1 articles") ?? false, result.stderr)
        XCTAssertTrue(lines.last?.hasSuffix("→ Output") ?? false, result.stderr)
    }

    func testNewWritesAnArticleAndRefusesToOverwrite() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try KBExecutable.run(["new", "418 I'm a teapot", "--code", "418"], in: folder)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "Articles/418-i-m-a-teapot.md\n")
        let second = try KBExecutable.run(["new", "418 I'm a teapot", "--code", "418"], in: folder)
        XCTAssertEqual(second.status, 73, "EX_CANTCREAT")
        XCTAssertTrue(second.stderr.contains("already exists"), second.stderr)
        let bad = try KBExecutable.run(["new", "Teapot", "--code", "abc"], in: folder)
        XCTAssertEqual(bad.status, 64)
    }

    private var templatesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
