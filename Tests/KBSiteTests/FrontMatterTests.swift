import XCTest
@testable import KBSite

final class FrontMatterTests: XCTestCase {
    // MARK: Helpers

    private func yaml(_ text: String) throws -> FrontMatterMap {
        try FrontMatterParser.parseYAML(text)
    }

    private func value(_ text: String) throws -> FrontMatterValue? {
        try FrontMatterParser.parseYAML(text)["v"]
    }

    /// "line:column: message" of the error `text` produces, or "no error".
    private func failure(_ text: String) -> String {
        do {
            _ = try FrontMatterParser.parseYAML(text)
            return "no error"
        } catch {
            return "\(error.line):\(error.column): \(error.message)"
        }
    }

    private func documentFailure(_ text: String) -> FrontMatterError? {
        do {
            _ = try FrontMatterParser.parseDocument(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Document splitting

    func testFileWithoutFrontMatterIsAllBody() throws {
        let document = try FrontMatterParser.parseDocument("# Title\n\nText\n")
        XCTAssertFalse(document.hasFrontMatter)
        XCTAssertEqual(document.frontMatter, FrontMatterMap())
        XCTAssertEqual(document.body, "# Title\n\nText\n")
        XCTAssertEqual(document.bodyStartLine, 1)
    }

    func testEmptyFileHasNoFrontMatter() throws {
        let document = try FrontMatterParser.parseDocument("")
        XCTAssertFalse(document.hasFrontMatter)
        XCTAssertEqual(document.body, "")
        XCTAssertEqual(document.bodyStartLine, 1)
    }

    func testEmptyFrontMatter() throws {
        let document = try FrontMatterParser.parseDocument("---\n---\nBody\n")
        XCTAssertTrue(document.hasFrontMatter)
        XCTAssertTrue(document.frontMatter.isEmpty)
        XCTAssertEqual(document.body, "Body\n")
        XCTAssertEqual(document.bodyStartLine, 3)
    }

    func testFrontMatterOfOnlyCommentsIsEmpty() throws {
        let document = try FrontMatterParser.parseDocument("---\n# nothing yet\n\n---\n")
        XCTAssertTrue(document.hasFrontMatter)
        XCTAssertTrue(document.frontMatter.isEmpty)
        XCTAssertEqual(document.body, "")
        XCTAssertEqual(document.bodyStartLine, 5)
    }

    func testBodyFollowsClosingDelimiter() throws {
        let document = try FrontMatterParser.parseDocument("---\ntitle: Hello\ncode: 502\n---\n# Heading\nText")
        XCTAssertTrue(document.hasFrontMatter)
        XCTAssertEqual(document.frontMatter["title"], .string("Hello"))
        XCTAssertEqual(document.frontMatter["code"], .int(502))
        XCTAssertEqual(document.body, "# Heading\nText")
        XCTAssertEqual(document.bodyStartLine, 5)
    }

    func testClosingDelimiterAtEndOfFileGivesEmptyBody() throws {
        let document = try FrontMatterParser.parseDocument("---\na: 1\n---")
        XCTAssertEqual(document.frontMatter["a"], .int(1))
        XCTAssertEqual(document.body, "")
        XCTAssertEqual(document.bodyStartLine, 4)
    }

    func testDelimitersMayHaveTrailingBlanks() throws {
        let document = try FrontMatterParser.parseDocument("--- \na: 1\n---\t\nx")
        XCTAssertEqual(document.frontMatter["a"], .int(1))
        XCTAssertEqual(document.body, "x")
    }

    func testFourDashesIsNotFrontMatter() throws {
        let document = try FrontMatterParser.parseDocument("----\na: 1\n")
        XCTAssertFalse(document.hasFrontMatter)
        XCTAssertEqual(document.body, "----\na: 1\n")
    }

    func testEntryLocationsAreFileLines() throws {
        let document = try FrontMatterParser.parseDocument("---\ntitle: A\n\n  # note\nnested:\n  inner: 1\n---\n")
        XCTAssertEqual(document.frontMatter.entry("title"), FrontMatterEntry(key: "title", value: .string("A"), line: 2, column: 1))
        let inner = document.frontMatter["nested"]?.mapValue?.entry("inner")
        XCTAssertEqual(inner, FrontMatterEntry(key: "inner", value: .int(1), line: 6, column: 3))
    }

    func testErrorLinesAreFileLines() {
        let error = documentFailure("---\ntitle: A\nbad line\n---\n")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 1)
        XCTAssertEqual(error?.message, "expected 'key: value'")
    }

    func testMissingClosingDelimiterPointsAtOpeningLine() {
        let error = documentFailure("---\ntitle: A\n\n# Body\n")
        XCTAssertEqual(error, FrontMatterError(
            line: 1, column: 1, message: "front matter opened here is never closed",
            hint: "add a line containing only '---' after the last front matter field"))
    }

    func testOpeningDelimiterAloneIsUnclosed() {
        XCTAssertEqual(documentFailure("---")?.description,
                       "1:1: front matter opened here is never closed (add a line containing only '---' after the last front matter field)")
    }

    func testDotsInsteadOfClosingDelimiterIsNamedInHint() {
        let error = documentFailure("---\ntitle: A\n...\nBody\n")
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.hint, "close the front matter with '---' instead of '...' on line 3")
    }

    func testCRLFLineEndings() throws {
        let document = try FrontMatterParser.parseDocument("---\r\ntitle: \"A\"\r\ntags:\r\n  - x\r\n---\r\nLine 1\r\nLine 2\r\n")
        XCTAssertEqual(document.frontMatter["title"], .string("A"))
        XCTAssertEqual(document.frontMatter["tags"], .list([.string("x")]))
        XCTAssertEqual(document.body, "Line 1\nLine 2\n")
        XCTAssertEqual(document.bodyStartLine, 6)
    }

    func testCRLFBlockScalarHasNoCarriageReturns() throws {
        let map = try yaml("text: |\r\n  one\r\n  two\r\n")
        XCTAssertEqual(map["text"], .string("one\ntwo\n"))
    }

    func testErrorColumnsUnaffectedByCRLF() {
        XCTAssertEqual(failure("a: 1\r\nb: x: y\r\n"), "2:5: ':' followed by a space inside a value")
    }

    func testByteOrderMarkIsIgnored() throws {
        let document = try FrontMatterParser.parseDocument("\u{FEFF}---\ntitle: A\n---\nBody")
        XCTAssertTrue(document.hasFrontMatter)
        XCTAssertEqual(document.frontMatter.entry("title")?.column, 1)
        XCTAssertEqual(document.body, "Body")
    }

    func testByteOrderMarkRemovedFromBodyWithoutFrontMatter() throws {
        let document = try FrontMatterParser.parseDocument("\u{FEFF}# Hi\r\n")
        XCTAssertEqual(document.body, "# Hi\n")
    }

    func testLoneCarriageReturnIsAnError() {
        XCTAssertEqual(failure("a: 1\rb: 2\n"), "1:5: carriage return without a line feed")
    }

    func testControlCharacterIsAnError() {
        XCTAssertEqual(failure("a: x\u{07}y\n"), "1:5: control character U+0007 in the front matter")
    }

    // MARK: Plain scalars

    func testPlainStringIsTrimmed() throws {
        XCTAssertEqual(try value("v:    Bad Gateway   \n"), .string("Bad Gateway"))
    }

    func testCommentAfterValue() throws {
        XCTAssertEqual(try value("v: Bad Gateway # the classic\n"), .string("Bad Gateway"))
    }

    func testHashWithoutSpaceIsText() throws {
        XCTAssertEqual(try value("v: C#7 and F#\n"), .string("C#7 and F#"))
    }

    func testColonWithoutSpaceIsText() throws {
        XCTAssertEqual(try value("v: https://example.com:8080/help\n"), .string("https://example.com:8080/help"))
    }

    func testKeyColumnCountsCharacters() throws {
        let map = try yaml("größe:\n  ключ: 1\nliste:\n  - 名前: a\n    説明: b\n")
        XCTAssertEqual(map["größe"]?.mapValue?.entry("ключ")?.column, 3)
        let item = map["liste"]?.listValue?.first?.mapValue
        XCTAssertEqual(item?.entry("名前")?.column, 5)
        XCTAssertEqual(item?.entry("説明")?.line, 5)
        XCTAssertEqual(item?.entry("説明")?.column, 5)
    }

    func testUnicodePlainValueAndKey() throws {
        let map = try yaml("título: Café «crème» 🚀\n")
        XCTAssertEqual(map["título"], .string("Café «crème» 🚀"))
    }

    func testPlainValueContinuesOnIndentedLines() throws {
        XCTAssertEqual(try value("v: first part\n  second part\n\n  new paragraph\nw: 1\n"),
                       .string("first part second part\nnew paragraph"))
    }

    func testPlainValueOnNextLine() throws {
        XCTAssertEqual(try value("v:\n  42\n"), .int(42))
    }

    func testColonSpaceInsideValueIsAnError() {
        XCTAssertEqual(failure("title: Error: gateway\n"), "1:13: ':' followed by a space inside a value")
    }

    func testTrailingColonInValueIsAnError() {
        XCTAssertEqual(failure("title: Gateway:\n"), "1:15: ':' followed by a space inside a value")
    }

    func testMisindentedNestedKeyIsAnError() {
        XCTAssertEqual(failure("a: value\n  b: 1\n"), "2:3: unexpected indentation")
    }

    func testErrorColumnCountsCharactersNotBytes() {
        XCTAssertEqual(failure("é: «x»: y\n"), "1:7: ':' followed by a space inside a value")
    }

    // MARK: Quoted scalars

    func testDoubleQuotedEscapes() throws {
        XCTAssertEqual(try value(#"v: "a\nb\tc \"q\" \\ \/ \u00e9 \x41 \U0001F600 \_""# + "\n"),
                       .string("a\nb\tc \"q\" \\ / é A 😀 \u{A0}"))
    }

    func testDoubleQuotedSurrogatePair() throws {
        XCTAssertEqual(try value(#"v: "\ud83d\ude00""# + "\n"), .string("😀"))
    }

    func testDoubleQuotedKeepsTypesAsText() throws {
        XCTAssertEqual(try value("v: \"502\"\n"), .string("502"))
    }

    func testSingleQuotedDoubledQuote() throws {
        XCTAssertEqual(try value("v: 'It''s \\n raw'\n"), .string("It's \\n raw"))
    }

    func testEmptyQuotedStrings() throws {
        let map = try yaml("a: \"\"\nb: ''\n")
        XCTAssertEqual(map["a"], .string(""))
        XCTAssertEqual(map["b"], .string(""))
    }

    func testQuotedValueFoldsLines() throws {
        XCTAssertEqual(try value("v: \"one   \n   two\n\n   three\"\n"), .string("one two\nthree"))
    }

    func testSingleQuotedValueFoldsLines() throws {
        XCTAssertEqual(try value("v: 'one\n  two'\n"), .string("one two"))
    }

    func testEscapedLineBreakJoinsWithoutSpace() throws {
        XCTAssertEqual(try value("v: \"abc\\\n   def\"\n"), .string("abcdef"))
    }

    func testCommentAfterQuotedValue() throws {
        XCTAssertEqual(try value("v: \"a # b\"  # comment\n"), .string("a # b"))
    }

    func testUnknownEscapeIsAnErrorAtBackslash() {
        XCTAssertEqual(failure("v: \"ab\\qc\"\n"), "1:7: unknown escape '\\q'")
    }

    func testShortHexEscapeIsAnError() {
        XCTAssertEqual(failure("v: \"\\u12\"\n"), "1:5: '\\u' needs 4 hex digits")
    }

    func testLoneSurrogateEscapeIsAnError() {
        XCTAssertEqual(failure("v: \"\\ud800\"\n"), "1:5: '\\u' escape U+D800 is not a Unicode character")
    }

    func testUnterminatedQuoteIsAnErrorAtOpeningQuote() {
        XCTAssertEqual(failure("a: 1\nv: \"never closed\nw: 2\n"), "2:4: the quoted value starting here is never closed")
    }

    func testUnterminatedQuoteInDocumentStopsAtClosingDelimiter() {
        let error = documentFailure("---\ntitle: 'oops\n---\nBody\n")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 8)
        XCTAssertEqual(error?.message, "the quoted value starting here is never closed")
    }

    func testTextAfterClosingQuoteIsAnError() {
        XCTAssertEqual(failure("v: \"a\" b\n"), "1:8: unexpected text after the closing quote")
    }

    // MARK: Numbers, booleans, null

    func testIntegers() throws {
        let map = try yaml("a: 42\nb: -7\nc: +3\nd: 0x1F\ne: 0o17\nf: 007\ng: 0\n")
        XCTAssertEqual(map.entries.map(\.value), [.int(42), .int(-7), .int(3), .int(31), .int(15), .int(7), .int(0)])
    }

    func testMalformedHexAndOctalAreText() throws {
        let map = try yaml("a: 0xZZ\nb: 0o19\nc: 0xfF\n")
        XCTAssertEqual(map.entries.map(\.value), [.string("0xZZ"), .string("0o19"), .int(255)])
    }

    func testIntegerOutOfRangeIsAnErrorAtValue() {
        XCTAssertEqual(failure("code:   99999999999999999999\n"), "1:9: number '99999999999999999999' is too large")
    }

    func testFloats() throws {
        let map = try yaml("a: 3.14\nb: -0.5\nc: 1e3\nd: .5\ne: 2.\nf: 6.02E+23\ng: .inf\nh: -.Inf\n")
        XCTAssertEqual(map.entries.map(\.value),
                       [.double(3.14), .double(-0.5), .double(1000), .double(0.5), .double(2), .double(6.02e23),
                        .double(.infinity), .double(-.infinity)])
    }

    func testNotANumber() throws {
        XCTAssertEqual(try value("v: .nan\n")?.doubleValue?.isNaN, true)
    }

    func testNumberLikeTextStaysText() throws {
        let map = try yaml("a: 1.2.3\nb: 12abc\nc: 1_000\n")
        XCTAssertEqual(map.entries.map(\.value), [.string("1.2.3"), .string("12abc"), .string("1_000")])
    }

    func testBooleans() throws {
        let map = try yaml("a: true\nb: false\nc: True\nd: False\ne: TRUE\n")
        XCTAssertEqual(map.entries.map(\.value), [.bool(true), .bool(false), .bool(true), .bool(false), .bool(true)])
    }

    func testYesAndNoAreText() throws {
        let map = try yaml("a: yes\nb: off\n")
        XCTAssertEqual(map.entries.map(\.value), [.string("yes"), .string("off")])
    }

    func testNulls() throws {
        let map = try yaml("a: ~\nb: null\nc:\nd: # nothing\ne: NULL\n")
        XCTAssertEqual(map.entries.map(\.value), [.null, .null, .null, .null, .null])
    }

    func testKeyWithoutValueAtEndIsNull() throws {
        XCTAssertEqual(try yaml("a: 1\nb:")["b"], .null)
    }

    // MARK: Dates

    func testDates() throws {
        let map = try yaml("""
            a: 2026-11-20
            b: 2026-11-20T10:30:00Z
            c: 2026-11-20 10:30
            d: 2026-11-20T10:30:00+02:00
            e: 2026-11-20 10:30:00.25 -5
            f: 2024-02-29

            """)
        XCTAssertEqual(map.entries.map(\.value),
                       [.date("2026-11-20"), .date("2026-11-20T10:30:00Z"), .date("2026-11-20 10:30"),
                        .date("2026-11-20T10:30:00+02:00"), .date("2026-11-20 10:30:00.25 -5"), .date("2024-02-29")])
    }

    func testOneDigitMonthAndDayNeedATime() throws {
        let map = try yaml("a: 2026-1-5 9:05\nb: 2026-1-5\n")
        XCTAssertEqual(map["a"], .date("2026-1-5 9:05"))
        XCTAssertEqual(map["b"], .string("2026-1-5"))
    }

    func testDateWithCommentIsTrimmed() throws {
        XCTAssertEqual(try value("v:   2026-11-20   # launch\n"), .date("2026-11-20"))
    }

    func testImpossibleDateIsAnErrorAtValue() {
        XCTAssertEqual(failure("a: 1\nupdated: 2026-02-30\n"), "2:10: '2026-02-30' is not a valid date")
    }

    func testImpossibleTimeIsAnError() {
        XCTAssertEqual(failure("v: 2026-11-20T24:00\n"), "1:4: '2026-11-20T24:00' is not a valid date")
    }

    func testDateFollowedByWordsIsText() throws {
        XCTAssertEqual(try value("v: 2026-11-20 release\n"), .string("2026-11-20 release"))
    }

    func testQuotedDateIsText() throws {
        XCTAssertEqual(try value("v: \"2026-11-20\"\n"), .string("2026-11-20"))
    }

    // MARK: Inline lists

    func testInlineListOfMixedScalars() throws {
        XCTAssertEqual(try value("v: [a, \"b, c\", 'd', 3, 1.5, true, ~, 2026-11-20]\n"),
                       .list([.string("a"), .string("b, c"), .string("d"), .int(3), .double(1.5), .bool(true), .null,
                              .date("2026-11-20")]))
    }

    func testEmptyInlineList() throws {
        XCTAssertEqual(try value("v: []\n"), .list([]))
    }

    func testNestedInlineLists() throws {
        XCTAssertEqual(try value("v: [[1, 2], [], [x]]\n"), .list([.list([.int(1), .int(2)]), .list([]), .list([.string("x")])]))
    }

    func testInlineListTrailingComma() throws {
        XCTAssertEqual(try value("v: [a, b,]\n"), .list([.string("a"), .string("b")]))
    }

    func testInlineListOverSeveralLinesWithComments() throws {
        XCTAssertEqual(try value("v: [a, # first\n  b,\n\n  c]  # done\nw: 1\n"),
                       .list([.string("a"), .string("b"), .string("c")]))
    }

    func testInlineListPlainItemsMayContainSpaces() throws {
        XCTAssertEqual(try value("v: [Bad Gateway , proxy error]\n"), .list([.string("Bad Gateway"), .string("proxy error")]))
    }

    func testInlineListClosingBracketInKeyColumnIsUnclosed() {
        XCTAssertEqual(failure("v: [a,\n]\n"), "1:4: the list '[' starting here is never closed")
    }

    func testUnclosedInlineListIsAnErrorAtBracket() {
        XCTAssertEqual(failure("a: 1\nv: [a, b\nw: 2\n"), "2:4: the list '[' starting here is never closed")
    }

    func testInlineListMissingCommaIsAnError() {
        XCTAssertEqual(failure("v: [\"a\" \"b\"]\n"), "1:9: expected ',' or ']' in the list")
    }

    func testInlineListEmptyItemIsAnError() {
        XCTAssertEqual(failure("v: [a, , b]\n"), "1:8: empty item in the list")
    }

    func testInlineListWithMapItemIsAnError() {
        XCTAssertEqual(failure("v: [a, {b: 1}]\n"), "1:8: maps inside '[...]' are not supported")
    }

    func testInlineListWithPairIsAnError() {
        XCTAssertEqual(failure("v: [a: 1]\n"), "1:6: 'key: value' pairs inside '[...]' are not supported")
    }

    func testTextAfterInlineListIsAnError() {
        XCTAssertEqual(failure("v: [a] b\n"), "1:8: unexpected text after ']'")
    }

    // MARK: Block lists

    func testBlockList() throws {
        XCTAssertEqual(try value("v:\n  - one\n  - \"two\"\n  - 3\n"), .list([.string("one"), .string("two"), .int(3)]))
    }

    func testBlockListInKeyColumn() throws {
        let map = try yaml("tags:\n- a\n- b\ntitle: T\n")
        XCTAssertEqual(map["tags"], .list([.string("a"), .string("b")]))
        XCTAssertEqual(map["title"], .string("T"))
    }

    func testBlockListOfMaps() throws {
        let map = try yaml("links:\n  - name: Status\n    url: /status/\n  - name: Help\n    url: /help/\nnext: 1\n")
        let links = try XCTUnwrap(map["links"]?.listValue)
        XCTAssertEqual(links.count, 2)
        XCTAssertEqual(links[0].mapValue?.entries,
                       [FrontMatterEntry(key: "name", value: .string("Status"), line: 2, column: 5),
                        FrontMatterEntry(key: "url", value: .string("/status/"), line: 3, column: 5)])
        XCTAssertEqual(links[1].mapValue?["url"], .string("/help/"))
        XCTAssertEqual(map["next"], .int(1))
    }

    func testNestedBlockLists() throws {
        XCTAssertEqual(try value("v:\n- - a\n  - b\n- -\n    - c\n"),
                       .list([.list([.string("a"), .string("b")]), .list([.list([.string("c")])])]))
    }

    func testBlockListItemsWithNullAndNestedMap() throws {
        XCTAssertEqual(try value("v:\n  -\n  - # empty\n  -\n    k: 1\n"),
                       .list([.null, .null, .map(FrontMatterMap(entries: [FrontMatterEntry(key: "k", value: .int(1), line: 5, column: 5)]))]))
    }

    func testBlockListItemWithBlockScalar() throws {
        XCTAssertEqual(try value("v:\n  - |\n    line one\n    line two\n  - x\n"),
                       .list([.string("line one\nline two\n"), .string("x")]))
    }

    func testListOnKeyLineIsAnError() {
        XCTAssertEqual(failure("tags: - a\n"), "1:7: a list cannot start on the same line as its key")
    }

    func testListItemWhereKeyExpectedIsAnError() {
        XCTAssertEqual(failure("title: x\n- a\n"), "2:1: a list item where a key was expected")
    }

    func testListItemContinuingValueIsAnError() {
        XCTAssertEqual(failure("tags: a\n  - b\n"), "2:3: a '- ' item indented under a value")
    }

    func testMisalignedListItemIsAnError() {
        XCTAssertEqual(failure("v:\n  - a\n   - b\n"), "3:4: a '- ' item indented under a value")
    }

    func testListItemIndentedLessThanFirstIsAnError() {
        XCTAssertEqual(failure("v:\n    - a\n  - b\n"), "3:3: unexpected indentation")
    }

    func testNonItemInsideIndentedListIsAnError() {
        XCTAssertEqual(failure("v:\n  - a\n  b: 1\n"), "3:3: expected a list item starting with '- '")
    }

    func testTopLevelListIsAnError() {
        XCTAssertEqual(failure("- a\n- b\n"), "1:1: front matter must be 'key: value' lines, not a list")
    }

    // MARK: Maps

    func testNestedMaps() throws {
        let map = try yaml("site:\n  title: Help\n  footer:\n    about: /about/\n  lang: en\nnext: x\n")
        let site = try XCTUnwrap(map["site"]?.mapValue)
        XCTAssertEqual(site.keys, ["title", "footer", "lang"])
        XCTAssertEqual(site["footer"]?.mapValue?["about"], .string("/about/"))
        XCTAssertEqual(site.entry("lang")?.line, 5)
        XCTAssertEqual(map["next"], .string("x"))
    }

    func testEntriesKeepSourceOrder() throws {
        XCTAssertEqual(try yaml("z: 1\na: 2\nm: 3\n").keys, ["z", "a", "m"])
    }

    func testQuotedKeys() throws {
        let map = try yaml("\"a b\": 1\n'c: d': 2\nkey with spaces : 3\n")
        XCTAssertEqual(map.keys, ["a b", "c: d", "key with spaces"])
    }

    func testIndentedTopLevelMap() throws {
        XCTAssertEqual(try yaml("  a: 1\n  b: 2\n").keys, ["a", "b"])
    }

    func testTabAfterColonIsAllowed() throws {
        XCTAssertEqual(try value("v:\tx\n"), .string("x"))
    }

    func testDuplicateKeyIsAnErrorAtSecondKey() {
        XCTAssertEqual(failure("title: A\ncode: 1\ntitle: B\n"), "3:1: duplicate key 'title'")
    }

    func testDuplicateKeyHintNamesFirstLine() throws {
        let error = try XCTUnwrap(documentFailure("---\ntitle: A\ntitle: B\n---\n"))
        XCTAssertEqual(error.description,
                       "3:1: duplicate key 'title' ('title' is already set on line 2; keep only one of them)")
    }

    func testDuplicateKeyInLargeMapIsFound() {
        let keys = (0..<40).map { "k\($0): \($0)\n" }.joined()
        XCTAssertEqual(failure(keys + "k3: again\n"), "41:1: duplicate key 'k3'")
        XCTAssertEqual(failure(keys + "k39: again\n"), "41:1: duplicate key 'k39'")
    }

    func testSameKeyInDifferentMapsIsFine() throws {
        let map = try yaml("a:\n  name: 1\nb:\n  name: 2\n")
        XCTAssertEqual(map["b"]?.mapValue?["name"], .int(2))
    }

    func testUnexpectedIndentationIsAnError() {
        XCTAssertEqual(failure("a:\n  b: 1\n   c: 2\n"), "3:4: unexpected indentation")
    }

    func testIndentationAfterQuotedValueIsAnError() {
        XCTAssertEqual(failure("a: \"x\"\n  b: 1\n"), "2:3: unexpected indentation")
    }

    func testLineIndentedLessThanFirstKeyIsAnError() {
        XCTAssertEqual(failure("  a: 1\nb: 2\n"), "2:1: this line is indented less than the first key")
    }

    func testMissingSpaceAfterColonIsAnError() throws {
        do {
            _ = try FrontMatterParser.parseYAML("title:Hello\n")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description, "1:1: expected 'key: value' (add a space after ':')")
        }
    }

    func testMissingKeyIsAnError() {
        XCTAssertEqual(failure(": value\n"), "1:1: missing key before ':'")
    }

    func testQuotedKeyWithoutColonIsAnError() {
        XCTAssertEqual(failure("\"a\" b\n"), "1:5: expected ':' after the key")
    }

    // MARK: Block scalars

    func testLiteralBlock() throws {
        XCTAssertEqual(try value("v: |\n  line one\n    indented\n\n  last\nw: 1\n"),
                       .string("line one\n  indented\n\nlast\n"))
    }

    func testFoldedBlock() throws {
        XCTAssertEqual(try value("v: >\n  one\n  two\n\n  three\n    more indented\n  four\n"),
                       .string("one two\nthree\n  more indented\nfour\n"))
    }

    func testFoldedBlockLeadingEmptyLine() throws {
        XCTAssertEqual(try value("v: >\n\n  a\n  b\n"), .string("\na b\n"))
    }

    func testStripChomping() throws {
        let map = try yaml("a: |-\n  text\n\nb: >-\n  more\n  text\n\n")
        XCTAssertEqual(map["a"], .string("text"))
        XCTAssertEqual(map["b"], .string("more text"))
    }

    func testKeepChomping() throws {
        XCTAssertEqual(try value("v: |+\n  text\n\n\nw: 1\n"), .string("text\n\n\n"))
    }

    func testClipChompingDropsTrailingEmptyLines() throws {
        XCTAssertEqual(try value("v: |\n  text\n\n\nw: 1\n"), .string("text\n"))
    }

    func testBlockAtEndOfTextWithoutLineBreak() throws {
        XCTAssertEqual(try value("v: |\n  text"), .string("text"))
    }

    func testKeptBlockAtEndOfTextCountsOnlyRealLineBreaks() throws {
        XCTAssertEqual(try value("v: |+\n  text\n\n "), .string("text\n\n"))
    }

    func testBlockOfOnlyBlankLinesIsEmpty() throws {
        let map = try yaml("a: >-\n\n    \nb: 1\n")
        XCTAssertEqual(map["a"], .string(""))
        XCTAssertEqual(map["b"], .int(1))
    }

    func testIndentationIndicator() throws {
        XCTAssertEqual(try value("v: |2\n    four spaces\n  two\n"), .string("  four spaces\ntwo\n"))
    }

    func testChompingAndIndentationIndicatorsInEitherOrder() throws {
        let map = try yaml("a: |-2\n   x\nb: |2-\n   y\n")
        XCTAssertEqual(map["a"], .string(" x"))
        XCTAssertEqual(map["b"], .string(" y"))
    }

    func testBlockKeepsHashAndQuotes() throws {
        XCTAssertEqual(try value("v: |  # comment\n  # not a comment: \"x\"\n"), .string("# not a comment: \"x\"\n"))
    }

    func testEmptyBlockScalar() throws {
        let map = try yaml("a: |\nb: 1\n")
        XCTAssertEqual(map["a"], .string(""))
        XCTAssertEqual(map["b"], .int(1))
    }

    func testBlockInNestedMap() throws {
        let map = try yaml("outer:\n  text: >\n    folded\n    here\n  after: 1\n")
        XCTAssertEqual(map["outer"]?.mapValue?["text"], .string("folded here\n"))
        XCTAssertEqual(map["outer"]?.mapValue?["after"], .int(1))
    }

    func testBlockUnicode() throws {
        XCTAssertEqual(try value("v: |\n  Größe → 日本語\n"), .string("Größe → 日本語\n"))
    }

    func testTextAfterBlockIndicatorIsAnError() {
        XCTAssertEqual(failure("v: | text\n"), "1:6: unexpected text after '|'")
    }

    func testZeroIndentationIndicatorIsAnError() {
        XCTAssertEqual(failure("v: >0\n  x\n"), "1:5: unexpected text after '>'")
    }

    func testBlankLineWiderThanBlockTextIsAnError() {
        XCTAssertEqual(failure("v: |\n      \n  text\n"), "3:1: a blank line before this text has more spaces than the text")
    }

    // MARK: Unsupported YAML

    func testAnchorIsAnError() {
        XCTAssertEqual(failure("a: &x 1\n"), "1:4: anchors ('&name') are not supported")
    }

    func testAliasIsAnError() {
        XCTAssertEqual(failure("a: *x\n"), "1:4: aliases ('*name') are not supported")
    }

    func testTagIsAnError() {
        XCTAssertEqual(failure("a: !!str 1\n"), "1:4: tags ('!tag', '!!type') are not supported")
    }

    func testFlowMapIsAnError() {
        XCTAssertEqual(failure("a: {b: 1}\n"), "1:4: inline maps '{...}' are not supported")
    }

    func testComplexKeyIsAnError() {
        XCTAssertEqual(failure("? a\n: b\n"), "1:1: complex keys ('? ') are not supported")
    }

    func testFlowKeyIsAnError() {
        XCTAssertEqual(failure("[a, b]: 1\n"), "1:1: a key cannot start with '['")
    }

    func testSecondDocumentIsAnError() {
        XCTAssertEqual(failure("a: 1\n---\nb: 2\n"), "2:1: a second YAML document ('---') is not supported")
    }

    func testDocumentEndMarkerIsAnError() {
        XCTAssertEqual(failure("a: 1\n...\n"), "2:1: document end marker '...' is not supported")
    }

    func testDirectiveIsAnError() {
        XCTAssertEqual(failure("%YAML 1.2\na: 1\n"), "1:1: YAML directives ('%') are not supported")
    }

    func testReservedIndicatorIsAnError() {
        XCTAssertEqual(failure("a: @home\n"), "1:4: a value cannot start with '@'")
    }

    func testTabIndentationIsAnError() throws {
        do {
            _ = try FrontMatterParser.parseDocument("---\na:\n\tb: 1\n---\n")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description,
                           "3:1: tab used for indentation (YAML indentation must use spaces; replace the tab with spaces)")
        }
    }

    func testTabAfterSpacesInIndentationIsAnError() {
        XCTAssertEqual(failure("a:\n  b: 1\n  \tc: 2\n"), "3:3: tab used for indentation")
    }

    func testTabAfterDashIsAnError() {
        XCTAssertEqual(failure("a:\n  -\tx\n"), "2:4: tab after '-'")
    }

    func testTabIndentedBlockTextIsAnError() {
        XCTAssertEqual(failure("summary: |\n\ttext\n"), "2:1: tab used for indentation")
    }

    func testTabInsideBlockTextIsKept() throws {
        XCTAssertEqual(try value("v: |\n  a\tb\n  \tc\n"), .string("a\tb\n\tc\n"))
    }

    func testTabOnlyLinesAreBlank() throws {
        XCTAssertEqual(try yaml("a: 1\n\t\n\t# comment\nb: 2\n").keys, ["a", "b"])
    }

    // MARK: Limits

    func testNestingUpTo64LevelsIsAccepted() throws {
        // The top-level map is the first level.
        let text = "v: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        XCTAssertNoThrow(try yaml(text))
    }

    func testNestingBeyond64LevelsIsAnError() {
        let text = "v: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        XCTAssertEqual(failure(text), "1:67: nesting deeper than 64 levels")
    }

    func testDeepBlockNestingIsAnError() {
        var text = ""
        for level in 0..<70 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        XCTAssertEqual(failure(text), "65:65: nesting deeper than 64 levels")
    }

    func testLargeFrontMatter() throws {
        var text = ""
        for index in 0..<100_000 { text += "key\(index): value \(index)\n" }
        let map = try yaml(text)
        XCTAssertEqual(map.entries.count, 100_000)
        XCTAssertEqual(map.entries.last, FrontMatterEntry(key: "key99999", value: .string("value 99999"), line: 100_000, column: 1))
    }

    func testLongBlockScalar() throws {
        let text = "v: |\n" + String(repeating: "  line\n", count: 50_000)
        XCTAssertEqual(try value(text)?.stringValue?.utf8.count, 50_000 * 5)
    }

    func testParseYAMLFirstLineOffsetsLocations() throws {
        let map = try FrontMatterParser.parseYAML("a: 1\nb: 2\n", firstLine: 10)
        XCTAssertEqual(map.entry("b")?.line, 11)
        do {
            _ = try FrontMatterParser.parseYAML("a: 1\nb: &x\n", firstLine: 10)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.line, 11)
            XCTAssertEqual(error.column, 4)
        }
    }

    // MARK: Accessors

    func testStringValue() {
        XCTAssertEqual(FrontMatterValue.string("x").stringValue, "x")
        XCTAssertEqual(FrontMatterValue.int(502).stringValue, "502")
        XCTAssertEqual(FrontMatterValue.double(1.5).stringValue, "1.5")
        XCTAssertEqual(FrontMatterValue.date("2026-11-20").stringValue, "2026-11-20")
        XCTAssertNil(FrontMatterValue.bool(true).stringValue)
        XCTAssertNil(FrontMatterValue.null.stringValue)
        XCTAssertNil(FrontMatterValue.list([]).stringValue)
    }

    func testIntValue() {
        XCTAssertEqual(FrontMatterValue.int(7).intValue, 7)
        XCTAssertNil(FrontMatterValue.string("7").intValue)
        XCTAssertNil(FrontMatterValue.double(7).intValue)
    }

    func testBoolValue() {
        XCTAssertEqual(FrontMatterValue.bool(false).boolValue, false)
        XCTAssertNil(FrontMatterValue.string("true").boolValue)
    }

    func testStringList() throws {
        XCTAssertEqual(try value("v: [a, 2, 2026-11-20]\n")?.stringList, ["a", "2", "2026-11-20"])
        XCTAssertEqual(FrontMatterValue.string("solo").stringList, ["solo"])
        XCTAssertEqual(FrontMatterValue.list([]).stringList, [])
        XCTAssertNil(FrontMatterValue.list([.string("a"), .list([])]).stringList)
        XCTAssertNil(FrontMatterValue.null.stringList)
        XCTAssertNil(FrontMatterValue.bool(true).stringList)
    }

    func testErrorDescriptionWithoutHint() {
        XCTAssertEqual(FrontMatterError(line: 3, column: 7, message: "bad").description, "3:7: bad")
    }

    func testTypicalArticle() throws {
        let document = try FrontMatterParser.parseDocument("""
            ---
            title: "502 Bad Gateway"
            code: 502
            summary: >-
              A server between you and the site
              got a bad answer.
            tags: [server, proxy]
            keywords:
              - bad gateway
              - nginx 502
            aliases: []
            updated: 2026-11-20
            draft: false
            weight: 10
            ---
            ## What it means

            """)
        let front = document.frontMatter
        XCTAssertEqual(front.keys, ["title", "code", "summary", "tags", "keywords", "aliases", "updated", "draft", "weight"])
        XCTAssertEqual(front["title"]?.stringValue, "502 Bad Gateway")
        XCTAssertEqual(front["code"]?.intValue, 502)
        XCTAssertEqual(front["summary"]?.stringValue, "A server between you and the site got a bad answer.")
        XCTAssertEqual(front["tags"]?.stringList, ["server", "proxy"])
        XCTAssertEqual(front["keywords"]?.stringList, ["bad gateway", "nginx 502"])
        XCTAssertEqual(front["aliases"]?.stringList, [])
        XCTAssertEqual(front["updated"], .date("2026-11-20"))
        XCTAssertEqual(front["draft"]?.boolValue, false)
        XCTAssertEqual(front["weight"]?.intValue, 10)
        XCTAssertEqual(document.body, "## What it means\n")
        XCTAssertEqual(document.bodyStartLine, 16)
    }
}
