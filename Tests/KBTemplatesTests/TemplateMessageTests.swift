import XCTest
@testable import KBTemplates

/// The remaining error messages, each with its exact text and column.
final class TemplateMessageTests: XCTestCase {
    private let list: TemplateValue = .array([.int(1)])
    private let dictionary: TemplateValue = .dictionary(["k": .int(1)])

    private func assertRenderError(_ source: String, _ context: [String: TemplateValue] = [:], message: String, column: Int,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let error = renderError(source, context, file: file, line: line)
        XCTAssertEqual(error?.message, message, file: file, line: line)
        XCTAssertEqual(error?.column, column, file: file, line: line)
    }

    private func assertLoadError(_ source: String, message: String, column: Int, file: StaticString = #filePath, line: UInt = #line) {
        let error = loadError(source, file: file, line: line)
        XCTAssertEqual(error?.message, message, file: file, line: line)
        XCTAssertEqual(error?.column, column, file: file, line: line)
    }

    // MARK: Syntax

    func testMissingTagName() {
        assertLoadError("{% 'x' %}", message: "expected a tag name after '{%'", column: 4)
    }

    func testNumberTooLarge() {
        assertLoadError("{{ 99999999999999999999 }}", message: "number 99999999999999999999 is too large", column: 4)
    }

    func testMinusWithoutNumber() {
        assertLoadError("{{ -x }}", message: "'-' must be followed by a number", column: 4)
    }

    func testOperatorWithoutLeftValue() {
        assertLoadError("{% if and x %}{% endif %}", message: "expected a value before 'and'", column: 7)
    }

    func testMissingAssignment() {
        assertLoadError("{% set x 1 %}", message: "expected '=' after the variable name, found '1'", column: 10)
    }

    func testIncludeNeedsQuotedName() {
        assertLoadError("{% include partials %}", message: "expected a quoted template name after 'include', found 'partials'", column: 12)
    }

    func testUnclosedParenthesis() {
        assertLoadError("{{ (a }}", message: "expected ')', found '}}'", column: 7)
    }

    // MARK: Render-time types

    func testDictionaryKeyMustBeString() {
        assertRenderError("{{ d[1] }}", ["d": dictionary], message: "a dictionary key must be a string, got a number", column: 5)
    }

    func testCannotIndexNumber() {
        assertRenderError("{{ n[0] }}", ["n": .int(1)], message: "cannot index a number with '[]'", column: 5)
    }

    func testInStringNeedsString() {
        assertRenderError("{{ 1 in 'abc' }}", message: "'in' a string needs a string on the left, got a number", column: 6)
    }

    // MARK: Filter argument and input types

    func testTextFiltersRejectLists() {
        for name in ["upper", "lower", "title", "striptags", "slug", "urlencode", "escape", "safe"] {
            let error = renderError("{{ xs | \(name) }}", ["xs": list])
            XCTAssertEqual(error?.message, "filter '\(name)': needs a string, got a list", name)
            XCTAssertEqual(error?.column, 9, name)
        }
    }

    func testListFiltersRejectNumbers() {
        assertRenderError("{{ 5 | join }}", message: "filter 'join': needs a list, got a number", column: 8)
        assertRenderError("{{ 5 | sort }}", message: "filter 'sort': needs a list, got a number", column: 8)
        assertRenderError("{{ 5 | first }}", message: "filter 'first': needs a list or a string, got a number", column: 8)
        assertRenderError("{{ 5 | last }}", message: "filter 'last': needs a list or a string, got a number", column: 8)
        assertRenderError("{{ 5 | reverse }}", message: "filter 'reverse': needs a list or a string, got a number", column: 8)
    }

    func testJoinArgumentsAndElements() {
        assertRenderError("{{ xs | join(1) }}", ["xs": list], message: "filter 'join': the separator must be a string, got a number", column: 14)
        assertRenderError("{{ xs | join }}", ["xs": .array([list])], message: "filter 'join': cannot join a list of lists", column: 9)
        assertRenderError("{{ xs | join }}", ["xs": .array([dictionary])], message: "filter 'join': cannot join a list of dictionaries", column: 9)
    }

    func testSortAttributeMustBeString() {
        assertRenderError("{{ xs | sort(1) }}", ["xs": list], message: "filter 'sort': the attribute name must be a string, got a number", column: 14)
    }

    func testDateInputAndFormatTypes() {
        assertRenderError("{{ 5 | date }}", message: "filter 'date': needs a date string like \"2026-11-20\", got a number", column: 8)
        assertRenderError("{{ '2026-01-01' | date(5) }}", message: "filter 'date': the format must be a string, got a number", column: 24)
        assertRenderError("{{ '2026-01-01' | date('%') }}", message: "filter 'date': the format ends with a lone '%'", column: 24)
    }

    func testTruncateRejectsNonString() {
        assertRenderError("{{ xs | truncate(3) }}", ["xs": list], message: "filter 'truncate': needs a string, got a list", column: 9)
    }
}
