import Foundation
import KBTestSupport
import XCTest
@testable import KBMarkdown

/// Hostile code blocks in every highlighted language: the output keeps its shape, and the time grows
/// linearly (10x the input takes at most ~15x the time, best of 3; DECISIONS.md "Timing").
extension PathologicalTests {
    /// Units that open a construct and never close it, or nest, or repeat a lexer's look-ahead.
    static let highlightUnits: [String] = [
        "\"a ", "'a ", "`a ", "/* a ", "<!-- a ", "<a b=\"c ", "<script>", "${a ", "$( ", "{ ", "} ", "[ ", "\"\"\"a ",
        "'''a ", "a: ", "- ", "@media { ", "a { b: c ", "# a\n", "\\", "&amp", "%{a ", "/[/ ", "+a\n", "$ a\n", "@@ ",
        "HTTP/1.1 200\n", "Content-Type: json\n\n{\"a\": ", "{a{a ", "=", "@a ", "r\"a ", "\"a\"   ", "<<", "-- a\n",
    ]

    func highlightInput(_ repetitions: Int, _ language: String) -> String {
        "```\(language)\n" + String(repeating: Self.highlightUnits.joined(), count: repetitions) + "\n```\n"
    }

    /// The least CPU time of this thread over three runs: the machine is shared, and wall time counts the others' work.
    func bestOf3(rounds: Int = 3, _ body: () -> Void) -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
        }
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best
    }

    /// Lexes `code` as `language` without the size limit (the 10x inputs are over it) and returns the token count.
    func lex(_ code: [UInt8], _ language: HighlightLanguage) -> Int {
        code.withUnsafeBufferPointer { buffer in
            var scanner = ByteScanner(buffer, 0, buffer.count)
            Highlighter.lex(&scanner, language)
            XCTAssertEqual(scanner.i, buffer.count, "\(language) stopped early")
            return scanner.tokens.count
        }
    }

    /// The time of the 10x input over the 1x input, lexed (the Markdown around it has its own tests).
    func growth(_ small: [UInt8], _ large: [UInt8], _ language: HighlightLanguage) -> Double {
        let t1 = bestOf3 { _ = lex(small, language) }
        let t10 = bestOf3 { _ = lex(large, language) }
        guard t10 / t1 > 15 else { return t10 / t1 }
        // One more, longer look before calling it superlinear: on a shared machine one run can be unlucky.
        return min(t10 / t1, bestOf3(rounds: 7) { _ = lex(large, language) } / bestOf3(rounds: 7) { _ = lex(small, language) })
    }

    func testHostileCodeBlocksInEveryLanguageRenderWhole() {
        let options = MarkdownOptions(highlight: true)
        for language in HighlightLanguage.allCases {
            let name = language == .shell ? "sh" : language.rawValue
            let html = HTMLRenderer.render(MarkdownParser.parse(highlightInput(200, name), options: options))
            XCTAssertTrue(html.hasPrefix("<pre><code class=\"language-\(name)\">") && html.hasSuffix("</code></pre>\n"), name)
            XCTAssertEqual(occurrences(of: "<span", in: html), occurrences(of: "</span>", in: html), name)
        }
    }

    func testHostileCodeInEveryLanguageLexesInLinearTime() throws {
        try ExternalTool.requireUninstrumentedTiming()
        let unit = Array(Self.highlightUnits.joined().utf8)
        // About 50 KB and 500 KB: the 1x run takes tens of milliseconds in a debug build.
        let small = Array([[UInt8]](repeating: unit, count: 300).joined())
        let large = Array([[UInt8]](repeating: unit, count: 3_000).joined())
        for language in HighlightLanguage.allCases where language != .text {
            let ratio = growth(small, large, language)
            XCTAssertLessThanOrEqual(ratio, 15, "\(language): 10x the input took \(ratio)x the time")
        }
    }

    func testLongLinesWithoutAnEndLexInLinearTime() throws {
        try ExternalTool.requireUninstrumentedTiming()
        // One construct opened at the start of a single huge line: no lexer may rescan it per byte.
        let cases: [(HighlightLanguage, String)] = [
            (.yaml, "a:a"), (.css, "a"), (.caddyfile, "{a"), (.http, "a"), (.html, "<a "), (.toml, "[a"), (.json, "\" "),
            (.console, "$ a\\"), (.ini, "a"), (.apache, "[a"), (.javascript, "/a"), (.shell, "${a"), (.nginx, "\"a"),
            (.python, "'''"), (.sql, "'a"), (.diff, "+"),
        ]
        for (language, unit) in cases {
            let small = Array(String(repeating: unit, count: 20_000).utf8), large = Array(String(repeating: unit, count: 200_000).utf8)
            let ratio = growth(small, large, language)
            XCTAssertLessThanOrEqual(ratio, 15, "\(language) \(unit): 10x the input took \(ratio)x the time")
        }
    }
}
