import XCTest
import KBMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hostile inputs at 50,000 repetitions (after cmark's and md4c's pathological suites). Each test
/// checks the shape of the output; the time they take is measured by `kb-bench markdown`, not here.
final class PathologicalTests: XCTestCase {
    let n = 50_000

    func render(_ markdown: String, _ options: MarkdownOptions = .gfm) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: options))
    }

    func occurrences(of needle: String, in haystack: String) -> Int {
        let h = Array(haystack.utf8), p = Array(needle.utf8)
        guard let first = p.first, h.count >= p.count else { return 0 }
        var count = 0
        var i = 0
        while i <= h.count - p.count {
            if h[i] == first && h[i..<(i + p.count)].elementsEqual(p) {
                count += 1
                i += p.count
            } else {
                i += 1
            }
        }
        return count
    }

    func testNestedBracketsStayText() {
        let open = String(repeating: "[", count: n), close = String(repeating: "]", count: n)
        XCTAssertEqual(render(open + "a" + close + "\n"), "<p>" + open + "a" + close + "</p>\n")
    }

    func testNestedBracketsAroundALink() {
        let open = String(repeating: "[", count: n), close = String(repeating: "]", count: n)
        let html = render(open + "a" + close + "(/u)\n")
        XCTAssertEqual(occurrences(of: "<a href=\"/u\">", in: html), 1)
        XCTAssertEqual(occurrences(of: "[", in: html), n - 1)
    }

    func testNestedBlockQuotes() {
        let html = render(String(repeating: "> ", count: n) + "a\n")
        XCTAssertEqual(occurrences(of: "<blockquote>", in: html), n)
        XCTAssertEqual(occurrences(of: "</blockquote>", in: html), n)
        XCTAssertEqual(occurrences(of: "<p>a</p>", in: html), 1)
    }

    func testNestedBulletListMarkers() {
        let html = render(String(repeating: "- ", count: n) + "a\n")
        XCTAssertEqual(occurrences(of: "<ul>", in: html), n)
        XCTAssertEqual(occurrences(of: "<li>", in: html), n)
    }

    func testNestedOrderedListMarkers() {
        let html = render(String(repeating: "1. ", count: n) + "a\n")
        XCTAssertEqual(occurrences(of: "<ol>", in: html), n)
    }

    func testNestedQuotesAndListsOnManyLines() {
        let html = render(String(repeating: "> - a\n", count: n))
        XCTAssertEqual(occurrences(of: "<li>a</li>", in: html), n)
        XCTAssertEqual(occurrences(of: "<blockquote>", in: html), 1)
    }

    func assertStaysText(_ unit: String, escaped: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let input = String(repeating: unit, count: n)
        let expected = String(repeating: escaped ?? unit, count: n).trimmingCharacters(in: .whitespaces)
        let html = render(input + "\n")
        // Compared with == so a failure does not print megabytes.
        XCTAssertTrue(html == "<p>" + expected + "</p>\n", "output differs; starts with \(html.prefix(200))",
                      file: file, line: line)
    }

    func testUnclosedStars() { assertStaysText("*a ") }
    func testUnclosedUnderscores() { assertStaysText("_a ") }
    func testUnclosedTildes() { assertStaysText("~~a ") }

    func testBacktickRunsOfDistinctLengthsStayText() {
        var input = ""
        for length in 1...300 { input += String(repeating: "`", count: length) + "a" }
        let html = render(input + "\n")
        XCTAssertTrue(html == "<p>" + input + "</p>\n", "output starts with \(html.prefix(200))")
    }

    func testOneUnclosedBacktickBeforeManyPairs() {
        let html = render("``x " + String(repeating: "`a` ", count: n) + "\n")
        XCTAssertEqual(occurrences(of: "<code>a</code>", in: html), n)
        XCTAssertTrue(html.hasPrefix("<p>``x <code>"))
    }
    func testUnclosedBrackets() { assertStaysText("[a ") }
    func testUnclosedImageBrackets() { assertStaysText("![a ") }
    func testUnclosedAngleBrackets() { assertStaysText("<a ", escaped: "&lt;a ") }
    func testUnclosedInlineLinks() { assertStaysText("[a](") }
    func testUnclosedLinkTitles() { assertStaysText("[a](b \"", escaped: "[a](b &quot;") }
    func testUnclosedComments() { assertStaysText("a <!-- ", escaped: "a &lt;!-- ") }
    func testUnclosedProcessingInstructions() { assertStaysText("a <? ", escaped: "a &lt;? ") }
    func testUnclosedDeclarations() { assertStaysText("a <!A ", escaped: "a &lt;!A ") }
    func testUnclosedCDATA() { assertStaysText("a <![CDATA[ ", escaped: "a &lt;![CDATA[ ") }

    func testBacktickRunsOfManyLengths() {
        var input = ""
        for i in 0..<(n / 5) { input += String(repeating: "`", count: i % 60 + 1) + "a" }
        let html = render(input + "\n")
        XCTAssertTrue(html.hasPrefix("<p>"))
        XCTAssertEqual(occurrences(of: "<code>", in: html), occurrences(of: "</code>", in: html))
    }

    func testEmphasisClosersAfterLetters() {
        let html = render(String(repeating: "a***", count: n) + "\n")
        let text = html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        XCTAssertEqual(text.filter { $0 == "a" }.count, n)
        XCTAssertEqual(occurrences(of: "<em>", in: html), occurrences(of: "</em>", in: html))
        XCTAssertEqual(occurrences(of: "<strong>", in: html), occurrences(of: "</strong>", in: html))
    }

    func testAlternatingOpenersAndClosers() {
        let html = render(String(repeating: "*a **a ", count: n) + "b" + String(repeating: " a** a*", count: n) + "\n")
        XCTAssertEqual(occurrences(of: "<em>", in: html), n)
        XCTAssertEqual(occurrences(of: "<strong>", in: html), n)
    }

    func testDeeplyNestedEmphasis() {
        let stars = String(repeating: "*", count: n)
        let html = render(stars + "a" + stars + "\n")
        XCTAssertEqual(occurrences(of: "<strong>", in: html), n / 2)
    }

    func testThousandsOfLinkReferenceDefinitions() {
        var input = ""
        for i in 0..<n { input += "[l\(i)]: /u\(i)\n" }
        input += "\n"
        for i in 0..<n { input += "[l\(i)] " }
        let document = MarkdownParser.parse(input + "\n")
        XCTAssertEqual(document.links.count, n)
        XCTAssertEqual(occurrences(of: "<a href=\"/u", in: HTMLRenderer.render(document)), n)
    }

    func testOneDefinitionUsedManyTimes() {
        let html = render(String(repeating: "[a][] ", count: n) + "\n\n[a]: /u\n")
        XCTAssertEqual(occurrences(of: "<a href=\"/u\">a</a>", in: html), n)
    }

    func testTableWithThousandsOfColumns() {
        let header = "|" + String(repeating: "a|", count: n)
        let html = render(header + "\n|" + String(repeating: "-|", count: n) + "\n" + header + "\n")
        XCTAssertEqual(occurrences(of: "<th>a</th>", in: html), n)
        XCTAssertEqual(occurrences(of: "<td>a</td>", in: html), n)
    }

    func testTableWithThousandsOfRows() {
        let html = render("| a | b |\n|---|---|\n" + String(repeating: "| c | d |\n", count: n))
        XCTAssertEqual(occurrences(of: "<tr>", in: html), n + 1)
        XCTAssertEqual(occurrences(of: "<td>d</td>", in: html), n)
    }

    func testWideTableWithShortRowsIsCapped() {
        let columns = 5_000
        let input = "|" + String(repeating: "a|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
            + String(repeating: "x\n", count: 5_000)
        let html = render(input)
        // Padding stops at the named limit; the remaining lines become a paragraph.
        XCTAssertLessThanOrEqual(occurrences(of: "<td></td>", in: html), 500_000)
        XCTAssertEqual(occurrences(of: "<table>", in: html), 1)
        XCTAssertEqual(occurrences(of: "<p>", in: html), 1)
    }

    func testManyIdenticalHeadingsGetUniqueIDs() {
        let document = MarkdownParser.parse(String(repeating: "## x\n", count: n))
        XCTAssertEqual(Set(document.headings.map(\.id)).count, n)
        XCTAssertEqual(document.headings.last?.id, "x-\(n - 1)")
    }

    func testNestedImagesInAltText() {
        let html = render(String(repeating: "![", count: n) + "a" + String(repeating: "](b)", count: n) + "\n")
        XCTAssertEqual(html, "<p><img src=\"b\" alt=\"a\" /></p>\n")
    }

    func testLinkDestinationWithDeepParentheses() {
        let html = render("[a](" + String(repeating: "(", count: n) + String(repeating: ")", count: n) + ")\n")
        XCTAssertFalse(html.contains("<a "))
    }

    func testUnderscoresBeforeAnEmailAddress() {
        let html = render(String(repeating: "a_", count: n) + "@b.com\n")
        XCTAssertEqual(occurrences(of: "<a href=\"mailto:", in: html), 1)
    }

    func testManyFootnotes() {
        var input = ""
        for i in 0..<5_000 { input += "[^\(i)] " }
        input += "\n\n"
        for i in 0..<5_000 { input += "[^\(i)]: note \(i)\n" }
        let html = render(input)
        XCTAssertEqual(occurrences(of: "class=\"footnote-backref\"", in: html), 5_000)
    }

    func testEveryByteRendersWithoutCrashing() {
        var bytes: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<200_000 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let html = render(String(decoding: bytes, as: UTF8.self))
        XCTAssertFalse(html.isEmpty)
    }

    func testRandomMarkdownPunctuationRendersWithoutCrashing() {
        let alphabet = Array("*_`[]()<>!\\&#|-:~ \n\ta1>\"'=.@w".utf8)
        var bytes: [UInt8] = []
        var state: UInt32 = 777
        for _ in 0..<200_000 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(alphabet[Int(state >> 16) % alphabet.count])
        }
        let document = MarkdownParser.parse(String(decoding: bytes, as: UTF8.self))
        XCTAssertFalse(HTMLRenderer.render(document).isEmpty)
    }

    func testTildeClosersFarFromAMismatchedOpener() {
        let html = render("~a " + String(repeating: "*a ", count: n) + String(repeating: "a~~ ", count: n) + "\n")
        XCTAssertFalse(html.contains("<del>"))
        XCTAssertEqual(occurrences(of: "~", in: html), 1 + 2 * n)
    }
    func testImageOpenersBeforeEmptyLinks() {
        let html = render(String(repeating: "![[]()", count: n) + "\n")
        XCTAssertTrue(html == "<p>" + String(repeating: "![<a href=\"\"></a>", count: n) + "</p>\n",
                      "output starts with \(html.prefix(200))")
    }

    func testNestedEmptyLinks() {
        let html = render(String(repeating: "[[[[]()]()]()", count: n) + "\n")
        XCTAssertTrue(html == "<p>" + String(repeating: "[[[<a href=\"\"></a>]()]()", count: n) + "</p>\n",
                      "output starts with \(html.prefix(200))")
    }

    /// Growth, not time: 10x the input may take at most ~15x as long (best of 3). Bracket shapes whose
    /// resolution walks the bracket stack: each must touch an opener a bounded number of times.
    func testBracketShapesStayLinear() {
        let shapes = ["![[]()", "![![[]()", "[[[[]()]()]()", "![[]](", "[![]()", "![[a]", "*[*[]()",
                      "![[^a]()"]
        for shape in shapes {
            // About 24 KB and 240 KB, so the small input already takes milliseconds.
            let smallCount = 24_000 / shape.utf8.count
            let small = String(repeating: shape, count: smallCount) + "\n"
            let large = String(repeating: shape, count: smallCount * 10) + "\n"
            // This thread's CPU time: less disturbed than wall time when other jobs share the cores.
            func time(_ input: String) -> Double {
                var before = timespec(), after = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before)
                _ = render(input)
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after)
                return Double(after.tv_sec - before.tv_sec) + Double(after.tv_nsec - before.tv_nsec) / 1e9
            }
            // Small and large runs alternate, so a busy moment on the machine hits both; best of 3, then of 7
            // more before calling it superlinear.
            var best = (small: Double.infinity, large: Double.infinity)
            for round in 0..<10 {
                best = (min(best.small, time(small)), min(best.large, time(large)))
                if round >= 2 && best.large < best.small * 15 { break }
            }
            XCTAssertLessThan(best.large, best.small * 15,
                              "'\(shape)' x\(smallCount * 10) took \(best.large)s, x\(smallCount) took \(best.small)s")
        }
    }
}
