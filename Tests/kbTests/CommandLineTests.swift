import XCTest

final class CommandLineTests: XCTestCase {
    func testHelpListsEveryImplementedCommand() throws {
        let result = try KBExecutable.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["render", "help"] {
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
}
