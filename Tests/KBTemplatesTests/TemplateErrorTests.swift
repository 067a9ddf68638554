import Dispatch
import Foundation
import XCTest
@testable import KBTemplates

/// Every error message, with its exact location and the quoted line with its caret.
final class TemplateErrorTests: XCTestCase {
    // MARK: Render-time errors

    func testUnknownVariableSuggestsClosestName() {
        let source = Array(repeating: "\n", count: 11).joined() + "  <h1>{{ artcle.title }}</h1>\n"
        let error = renderError(source, ["article": .dictionary(["title": .string("x")]), "site": .dictionary([:])])
        XCTAssertEqual(error?.description, """
            Templates/main.html:12:10: unknown variable 'artcle' — did you mean 'article'?
               12 |   <h1>{{ artcle.title }}</h1>
                  |          ^
            """)
        XCTAssertEqual(error, TemplateError(file: "Templates/main.html", line: 12, column: 10, message: "unknown variable 'artcle'",
                                            hint: "did you mean 'article'?", sourceLine: "  <h1>{{ artcle.title }}</h1>"))
    }

    func testUnknownVariableSuggestsLocalNames() {
        let error = renderError("{% for entry in xs %}{{ entri }}{% endfor %}", ["xs": .array([.int(1)])])
        XCTAssertEqual(error?.description, """
            Templates/main.html:1:25: unknown variable 'entri' — did you mean 'entry'?
                1 | {% for entry in xs %}{{ entri }}{% endfor %}
                  |                         ^
            """)
    }

    func testUnknownVariableWithoutCloseName() {
        let error = renderError("{{ zzz }}", ["article": .null])
        XCTAssertEqual(error?.description, "Templates/main.html:1:4: unknown variable 'zzz'\n    1 | {{ zzz }}\n      |    ^")
    }

    func testCaretKeepsTabsAndCountsCharacters() {
        let error = renderError("\t<é>{{ nope }}")
        XCTAssertEqual(error?.column, 8)
        XCTAssertEqual(error?.description, "Templates/main.html:1:8: unknown variable 'nope'\n    1 | \t<é>{{ nope }}\n      | \t      ^")
    }

    func testUnknownAttributeSuggestsKey() {
        let error = renderError("<h1>{{ article.titel }}</h1>", ["article": .dictionary(["title": .string("x"), "code": .int(1)])])
        XCTAssertEqual(error?.description, """
            Templates/main.html:1:16: 'article' has no attribute 'titel' — did you mean 'title'?
                1 | <h1>{{ article.titel }}</h1>
                  |                ^
            """)
    }

    func testUnknownAttributeListsKeysWhenNothingIsClose() {
        let error = renderError("{{ site.xyzzy }}", ["site": .dictionary(["title": .string("x"), "base_url": .string("/")])])
        XCTAssertEqual(error?.message, "'site' has no attribute 'xyzzy'")
        XCTAssertEqual(error?.hint, "it has: base_url, title")
    }

    func testAttributeOfListIsAnError() {
        let error = renderError("{{ tags.length }}", ["tags": .array([])])
        XCTAssertEqual(error?.message, "'tags' is a list and has no attribute 'length'")
        XCTAssertEqual(error?.hint, "write '| length'")
        XCTAssertEqual(error?.column, 9)
    }

    func testAttributeOfNullIsAnError() {
        let error = renderError("{{ article.author.name }}", ["article": .dictionary(["author": .null])])
        XCTAssertEqual(error?.message, "'article.author' is null and has no attribute 'name'")
        XCTAssertEqual(error?.column, 19)
    }

    func testUnknownLoopAttribute() {
        let error = renderError("{% for x in xs %}{{ loop.idx }}{% endfor %}", ["xs": .array([.int(1)])])
        XCTAssertEqual(error?.message, "'loop' has no attribute 'idx'")
        XCTAssertEqual(error?.hint, "did you mean 'index'?")
    }

    func testIndexOutOfRange() {
        let error = renderError("{{ xs[3] }}", ["xs": .array([.int(1)])])
        XCTAssertEqual(error?.description, """
            Templates/main.html:1:6: index 3 is out of range for 'xs' (1 items) — check '| length' first
                1 | {{ xs[3] }}
                  |      ^
            """)
    }

    func testMissingDictionaryKeyByIndex() {
        let error = renderError("{{ d['nme'] }}", ["d": .dictionary(["name": .int(1)])])
        XCTAssertEqual(error?.message, "'d' has no key 'nme'")
        XCTAssertEqual(error?.hint, "did you mean 'name'?")
    }

    func testPrintingAListIsAnError() {
        let error = renderError("<p>{{ article.tags }}</p>", ["article": .dictionary(["tags": .array([])])])
        XCTAssertEqual(error?.description, """
            Templates/main.html:1:7: cannot print a list — loop over it with '{% for %}' or write '| join(", ")'
                1 | <p>{{ article.tags }}</p>
                  |       ^
            """)
    }

    func testPrintingADictionaryIsAnError() {
        XCTAssertEqual(renderError("{{ site }}", ["site": .dictionary([:])])?.message, "cannot print a dictionary")
    }

    func testComparingDifferentTypesIsAnError() {
        let error = renderError("{% if code > 'x' %}{% endif %}", ["code": .int(5)])
        XCTAssertEqual(error?.message, "cannot compare a number with a string")
        XCTAssertEqual(error?.column, 12)
    }

    func testLoopOverStringIsAnError() {
        let error = renderError("a\n{% for c in title %}{% endfor %}", ["title": .string("x")])
        XCTAssertEqual(error?.description, """
            Templates/main.html:2:1: cannot loop over a string — '{% for %}' needs a list or a dictionary
                2 | {% for c in title %}{% endfor %}
                  | ^
            """)
    }

    func testKeyValueLoopOverListIsAnError() {
        XCTAssertEqual(renderError("{% for k, v in xs %}{% endfor %}", ["xs": .array([.int(1)])])?.message,
                       "'{% for key, value in ... %}' needs a dictionary, got a list")
    }

    func testLoopOverMissingVariableIsAnError() {
        let error = renderError("{% for t in article.tgs %}{% endfor %}", ["article": .dictionary(["tags": .array([])])])
        XCTAssertEqual(error?.message, "'article' has no attribute 'tgs'")
        XCTAssertEqual(error?.hint, "did you mean 'tags'?")
    }

    func testFilterTypeError() {
        let error = renderError("{{ n | length }}", ["n": .int(3)])
        XCTAssertEqual(error?.description, """
            Templates/main.html:1:8: filter 'length': needs a string, list or dictionary, got a number
                1 | {{ n | length }}
                  |        ^
            """)
    }

    func testInWithWrongTypesIsAnError() {
        XCTAssertEqual(renderError("{{ 1 in 2 }}")?.message, "'in' needs a list, dictionary or string on the right, got a number")
    }

    func testIndexingWithWrongTypeIsAnError() {
        XCTAssertEqual(renderError("{{ xs['a'] }}", ["xs": .array([])])?.message, "a list index must be a whole number, got a string")
    }

    // MARK: Syntax errors (load time)

    func testUnclosedOutputTag() {
        XCTAssertEqual(loadError("<h1>\n  {{ article.title </h1>\n<p>{{ x }}</p>")?.description, """
            Templates/main.html:2:3: unclosed '{{' — add '}}' to end the expression
                2 |   {{ article.title </h1>
                  |   ^
            """)
    }

    func testUnclosedOutputTagAtEndOfFile() {
        XCTAssertEqual(loadError("ab {{ x")?.description, "Templates/main.html:1:4: unclosed '{{' — add '}}' to end the expression\n    1 | ab {{ x\n      |    ^")
    }

    func testUnclosedStatementTag() {
        XCTAssertEqual(loadError("{% if x\n<p>")?.message, "unclosed '{%'")
    }

    func testUnclosedComment() {
        XCTAssertEqual(loadError("a {# note")?.description, "Templates/main.html:1:3: unclosed comment '{#' — add '#}' where the comment ends\n    1 | a {# note\n      |   ^")
    }

    func testUnterminatedString() {
        let error = loadError("{{ 'abc }}")
        XCTAssertEqual(error?.message, "unterminated string")
        XCTAssertEqual(error?.column, 4)
    }

    func testUnexpectedCharacter() {
        let error = loadError("{{ a ; b }}")
        XCTAssertEqual(error?.message, "unexpected character ';' in expression")
        XCTAssertEqual(error?.column, 6)
    }

    func testEmptyExpression() {
        XCTAssertEqual(loadError("{{ }}")?.description, "Templates/main.html:1:4: expected an expression, found '}}'\n    1 | {{ }}\n      |    ^")
    }

    func testUnknownTagSuggestsKeyword() {
        XCTAssertEqual(loadError("{% fro x in xs %}{% endfor %}")?.description, """
            Templates/main.html:1:4: unknown tag 'fro' — did you mean 'for'?
                1 | {% fro x in xs %}{% endfor %}
                  |    ^
            """)
    }

    func testUnclosedIf() {
        XCTAssertEqual(loadError("a\n  {% if x %}\nb")?.description, """
            Templates/main.html:2:3: unclosed '{% if %}' — add '{% endif %}'
                2 |   {% if x %}
                  |   ^
            """)
    }

    func testUnclosedFor() {
        let error = loadError("{% for x in xs %}{% if x %}{% endif %}")
        XCTAssertEqual(error?.message, "unclosed '{% for %}'")
        XCTAssertEqual(error?.hint, "add '{% endfor %}'")
    }

    func testUnclosedBlock() {
        XCTAssertEqual(loadError("{% block main %}")?.message, "unclosed '{% block main %}'")
    }

    func testStrayEndTag() {
        XCTAssertEqual(loadError("x {% endfor %}")?.description, """
            Templates/main.html:1:6: unexpected '{% endfor %}' — there is no open '{% for %}' here
                1 | x {% endfor %}
                  |      ^
            """)
    }

    func testMismatchedEndTag() {
        let error = loadError("{% if x %}{% endfor %}")
        XCTAssertEqual(error?.message, "unexpected '{% endfor %}'")
        XCTAssertEqual(error?.column, 14)
    }

    func testEndblockWithWrongName() {
        let error = loadError("{% block a %}{% endblock b %}")
        XCTAssertEqual(error?.message, "'{% endblock b %}' closes block 'a'")
        XCTAssertEqual(error?.hint, "write '{% endblock a %}'")
        XCTAssertEqual(error?.column, 26)
    }

    func testDuplicateBlock() {
        let error = loadError("{% block a %}{% endblock %}\n{% block a %}{% endblock %}")
        XCTAssertEqual(error?.message, "block 'a' is defined twice in this template")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 10)
    }

    func testExtendsMustComeFirst() {
        let errors = loadErrors(["main.html": "<p>{% extends 'b.html' %}", "b.html": ""])
        XCTAssertEqual(errors.map(\.message), ["'{% extends %}' must be the first tag of the template"])
        XCTAssertEqual(errors.first?.column, 7)
    }

    func testChildContentOutsideBlocks() {
        let errors = loadErrors(["main.html": "{% extends 'b.html' %}\n<p>lost</p>", "b.html": ""])
        XCTAssertEqual(errors.map(\.message), ["this text is outside any block, so it is never printed"])
        XCTAssertEqual(errors.first?.hint, "this template extends 'b.html' (line 1), which prints only its blocks: "
                           + "move it into a '{% block %}' or delete it")
        XCTAssertEqual(errors.first.map { "\($0.line):\($0.column)" }, "2:1")
    }

    func testUnknownTest() {
        let error = loadError("{% if x is defind %}{% endif %}")
        XCTAssertEqual(error?.message, "unknown test 'defind'")
        XCTAssertEqual(error?.hint, "did you mean 'defined'?")
        XCTAssertEqual(error?.column, 12)
    }

    func testUnknownFunction() {
        let error = loadError("{{ upper(x) }}")
        XCTAssertEqual(error?.message, "unknown function 'upper'")
        XCTAssertEqual(error?.hint, "the only function is super(); use filters like '| upper' instead")
    }

    func testSuperOutsideBlock() {
        XCTAssertEqual(loadError("{{ super() }}")?.message, "super() used outside a block")
    }

    func testUnknownFilterSuggestsBuiltinOrHostFilter() {
        let asset: TemplateFilter = { value, _ in value }
        let errors = loadErrors(["main.html": "{{ 'a' | asets }}\n{{ 'b' | uper }}"], filters: ["asset": asset])
        XCTAssertEqual(errors.map(\.description), ["""
            Templates/main.html:1:10: unknown filter 'asets' — did you mean 'asset'?
                1 | {{ 'a' | asets }}
                  |          ^
            """, """
            Templates/main.html:2:10: unknown filter 'uper' — did you mean 'upper'?
                2 | {{ 'b' | uper }}
                  |          ^
            """])
    }

    func testFilterArgumentCount() {
        XCTAssertEqual(loadError("{{ x | default }}")?.description, """
            Templates/main.html:1:8: filter 'default' takes 1 argument, got 0 — write '| default("fallback")'
                1 | {{ x | default }}
                  |        ^
            """)
        XCTAssertEqual(loadError("{{ x | sort('a', 'b') }}")?.message, "filter 'sort' takes 0 to 1 arguments, got 2")
    }

    func testUnknownStringEscape() {
        let error = loadError(#"{{ "a\qb" }}"#)
        XCTAssertEqual(error?.message, "unknown escape '\\q' in string")
        XCTAssertEqual(error?.column, 6)
    }

    func testForWithoutIn() {
        XCTAssertEqual(loadError("{% for x of xs %}{% endfor %}")?.message, "expected 'in' in '{% for %}'")
    }

    func testExtraTokensInTag() {
        let error = loadError("{% set x = 1 2 %}")
        XCTAssertEqual(error?.message, "unexpected '2' in '{% set %}'")
        XCTAssertEqual(error?.hint, "expected '%}'")
        XCTAssertEqual(error?.column, 14)
    }

    func testExtraTokensInOutput() {
        XCTAssertEqual(loadError("{{ a b }}")?.message, "expected '}}' to end the expression, found 'b'")
    }

    func testUnclosedRaw() {
        XCTAssertEqual(loadError("{% raw %}{{ x }}")?.message, "unclosed '{% raw %}'")
    }

    // MARK: Bounds

    func testExpressionNestingIsBounded() {
        let source = "{{ " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300) + " }}"
        XCTAssertEqual(loadError(source)?.message, "nesting deeper than \(TemplateLimits.maxSyntaxDepth) levels")
    }

    func testFilterChainLengthIsBounded() {
        let source = "{{ x" + String(repeating: " | upper", count: 300) + " }}"
        XCTAssertEqual(loadError(source)?.message, "nesting deeper than \(TemplateLimits.maxSyntaxDepth) levels")
    }

    func testTagNestingIsBounded() {
        let source = String(repeating: "{% if x %}", count: 300) + String(repeating: "{% endif %}", count: 300)
        XCTAssertEqual(loadError(source)?.message, "nesting deeper than \(TemplateLimits.maxSyntaxDepth) levels")
    }

    func testLoopDepthIsBounded() throws {
        let depth = TemplateLimits.maxLoopDepth + 1
        let source = String(repeating: "{% for x in xs %}", count: depth) + "." + String(repeating: "{% endfor %}", count: depth)
        let engine = try TemplateEngine(templates: ["main.html": source])
        XCTAssertThrowsError(try engine.render("main.html", context: ["xs": .array([.int(1)])])) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "loops nested deeper than 32 levels")
            XCTAssertEqual((error as? TemplateError)?.column, 1 + 17 * (depth - 1))
        }
    }

    func testLoopDepthAtTheLimitRenders() throws {
        let depth = TemplateLimits.maxLoopDepth
        let source = String(repeating: "{% for x in xs %}", count: depth) + "." + String(repeating: "{% endfor %}", count: depth)
        XCTAssertEqual(try renderTemplate(source, ["xs": .array([.int(1)])]), ".")
    }

    func testIncludeDepthIsBounded() throws {
        let count = TemplateLimits.maxIncludeDepth + 2
        var templates: [String: String] = [:]
        for index in 0..<count {
            templates["t\(index).html"] = index + 1 < count ? "{% include 't\(index + 1).html' %}" : "end"
        }
        let engine = try TemplateEngine(templates: templates)
        XCTAssertThrowsError(try engine.render("t0.html", context: [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.description, """
                Templates/t64.html:1:12: includes nested deeper than 64 levels — an included template includes others too deeply
                    1 | {% include 't65.html' %}
                      |            ^
                """)
        }
        XCTAssertEqual(try engine.render("t1.html", context: [:]), "end")
    }

    private func nestedIfs(_ count: Int, around inner: String) -> String {
        String(repeating: "{% if true %}", count: count) + inner + String(repeating: "{% endif %}", count: count)
    }

    func testCombinedRenderNestingIsBounded() throws {
        let engine = try TemplateEngine(templates: ["a.html": nestedIfs(100, around: "{% include 'b.html' %}"),
                                                    "b.html": nestedIfs(100, around: "{% include 'c.html' %}"),
                                                    "c.html": nestedIfs(100, around: "deep")])
        XCTAssertThrowsError(try engine.render("a.html", context: [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.file, "Templates/c.html")
            XCTAssertEqual((error as? TemplateError)?.message, "templates nested deeper than 256 levels (tags, blocks and includes together)")
            XCTAssertEqual((error as? TemplateError)?.column, 1 + 13 * 54)
        }
    }

    func testDeepNestingRendersOnBackgroundThreads() throws {
        let engine = try TemplateEngine(templates: ["a.html": nestedIfs(120, around: "{% include 'b.html' %}"),
                                                    "b.html": nestedIfs(120, around: "{% for x in xs %}{{ x | upper }}{% endfor %}")])
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            results.append((try? engine.render("a.html", context: ["xs": .array([.string("ok")])])) ?? "failed")
        }
        XCTAssertEqual(results.values, ["OK", "OK", "OK", "OK"])
    }

    func testOutputSizeIsBounded() throws {
        let engine = try TemplateEngine(templates: ["main.html": "{% for x in xs %}{{ big }}{% endfor %}"])
        let big = String(repeating: "x", count: 1024 * 1024)
        let context: [String: TemplateValue] = ["big": .string(big), "xs": .array(Array(repeating: .null, count: 65))]
        XCTAssertThrowsError(try engine.render("main.html", context: context)) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "output is larger than 64 MB")
            XCTAssertEqual((error as? TemplateError)?.column, 21)
        }
    }

    func testLoopIterationsAreBounded() throws {
        let engine = try TemplateEngine(templates: ["main.html": "{% for x in xs %}{% for y in xs %}{% endfor %}{% endfor %}"])
        var limits = RenderLimits()
        limits.maxLoopIterations = 50
        let xs: TemplateValue = .array(Array(repeating: .null, count: 10))
        XCTAssertThrowsError(try engine.render("main.html", context: ["xs": xs], limits: limits)) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "more than 50 loop iterations in one page")
            XCTAssertEqual((error as? TemplateError)?.column, 18)
        }
        limits.maxLoopIterations = 110
        XCTAssertEqual(try engine.render("main.html", context: ["xs": xs], limits: limits), "")
    }
}

private final class ConcurrentResults: @unchecked Sendable {
    private var stored: [String] = []
    private let lock = NSLock()
    func append(_ value: String) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
