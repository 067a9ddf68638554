import XCTest
@testable import KBTemplates

final class TemplateFilterTests: XCTestCase {
    func testUpperLower() throws {
        XCTAssertEqual(try renderTemplate("{{ s | upper }} {{ s | lower }}", ["s": .string("Gateway Café")]), "GATEWAY CAFÉ gateway café")
    }

    func testTitle() throws {
        XCTAssertEqual(try renderTemplate("{{ s | title }}", ["s": .string("bad GATEWAY-error don't panic")]), "Bad Gateway-Error Don&#39;t Panic")
    }

    func testLength() throws {
        let context: [String: TemplateValue] = ["s": .string("héllo"), "a": .array([.int(1), .int(2)]), "d": .dictionary(["k": .int(1)])]
        XCTAssertEqual(try renderTemplate("{{ s | length }} {{ a | length }} {{ d | length }}", context), "5 2 1")
    }

    func testDefaultReplacesMissingAndNull() throws {
        let context: [String: TemplateValue] = ["n": .null, "page": .dictionary([:]), "e": .string("")]
        XCTAssertEqual(try renderTemplate("{{ missing | default('a') }} {{ n | default('b') }} {{ page.title | default('c') }} [{{ e | default('d') }}]", context),
                       "a b c []")
    }

    func testDefaultOfMissingVariableDeepPath() throws {
        XCTAssertEqual(try renderTemplate("{{ a.b.c | default(1) }}"), "1")
    }

    func testJoin() throws {
        let context: [String: TemplateValue] = ["tags": .array([.string("a<"), .string("b"), .int(3)])]
        XCTAssertEqual(try renderTemplate("{{ tags | join(', ') }}|{{ tags | join }}", context), "a&lt;, b, 3|a&lt;b3")
    }

    func testJoinWithSafeElementsEscapesTheOthers() throws {
        XCTAssertEqual(try renderTemplate("{{ xs | join('<br>' | safe) }}", ["xs": .array([.safeHTML("<b>x</b>"), .string("<y>")])]),
                       "<b>x</b><br>&lt;y&gt;")
    }

    func testFirstLast() throws {
        let context: [String: TemplateValue] = ["xs": .array([.int(1), .int(2), .int(3)]), "s": .string("héllo"), "e": .array([])]
        XCTAssertEqual(try renderTemplate("{{ xs | first }}{{ xs | last }}{{ s | first }}{{ s | last }}[{{ e | first }}]", context), "13ho[]")
    }

    func testReverse() throws {
        XCTAssertEqual(try renderTemplate("{{ xs | reverse | join }} {{ 'abc' | reverse }}", ["xs": .array([.int(1), .int(2), .int(3)])]), "321 cba")
    }

    func testSortValues() throws {
        XCTAssertEqual(try renderTemplate("{{ xs | sort | join(',') }}", ["xs": .array([.string("b"), .string("c"), .string("a")])]), "a,b,c")
        XCTAssertEqual(try renderTemplate("{{ xs | sort | join(',') }}", ["xs": .array([.int(10), .double(2.5), .int(-1)])]), "-1,2.5,10")
    }

    func testSortByAttributeIsStable() throws {
        func item(_ title: String, _ code: Int) -> TemplateValue { .dictionary(["title": .string(title), "code": .int(code)]) }
        let context: [String: TemplateValue] = ["xs": .array([item("b", 502), item("a", 404), item("c", 404)])]
        XCTAssertEqual(try renderTemplate("{% for x in xs | sort('code') %}{{ x.title }}{% endfor %}", context), "acb")
    }

    func testSortByMissingAttributeIsAnError() {
        let error = renderError("{{ xs | sort('code') }}", ["xs": .array([.dictionary(["title": .string("x")])])])
        XCTAssertEqual(error?.message, "filter 'sort': an element has no attribute 'code'")
        XCTAssertEqual(error?.column, 14)  // the argument
    }

    func testSortMixedTypesIsAnError() {
        let error = renderError("{{ xs | sort }}", ["xs": .array([.int(1), .string("a")])])
        XCTAssertEqual(error?.message, "filter 'sort': can only sort numbers or strings, not a mix")
    }

    func testTruncate() throws {
        let context: [String: TemplateValue] = ["s": .string("The gateway did not answer")]
        XCTAssertEqual(try renderTemplate("{{ s | truncate(12) }}|{{ s | truncate(100) }}|{{ 'abcdef' | truncate(6) }}", context),
                       "The gateway…|The gateway did not answer|abcdef")
    }

    func testTruncatePrefersWordBoundary() throws {
        XCTAssertEqual(try renderTemplate("{{ 'Bad gateway errors' | truncate(15) }}|{{ 'Supercalifragilistic x' | truncate(8) }}"),
                       "Bad gateway…|Superca…")
    }

    func testTruncateNeedsPositiveNumber() {
        XCTAssertEqual(renderError("{{ 'abc' | truncate('x') }}")?.message, "filter 'truncate': the length must be a whole number of at least 1")
    }

    func testStriptags() throws {
        XCTAssertEqual(try renderTemplate("{{ html | striptags }}", ["html": .safeHTML("<p>Bad&nbsp;<em>gateway</em> &amp; co</p>\n<p>Next  &#233;&#x41;</p>")]),
                       "Bad gateway &amp; co Next éA")
    }

    func testSlug() throws {
        XCTAssertEqual(try renderTemplate("{{ s | slug }}", ["s": .string("  502 Bad Gateway: Café & Co!  ")]), "502-bad-gateway-cafe-co")
    }

    func testDateFormats() throws {
        XCTAssertEqual(try renderTemplate("{{ d | date('%Y-%m-%d %e %B %b %A %a %y %H:%M:%S %%') }}", ["d": .string("2026-11-05")]),
                       "2026-11-05 5 November Nov Thursday Thu 26 00:00:00 %")
    }

    func testDateWithTime() throws {
        XCTAssertEqual(try renderTemplate("{{ d | date('%B %e, %Y at %H:%M') }}", ["d": .string("2026-11-20T10:07:09Z")]), "November 20, 2026 at 10:07")
        XCTAssertEqual(try renderTemplate("{{ d | date }}", ["d": .string("2024-02-29T23:59:59.5+02:00")]), "2024-02-29")
    }

    func testDateRejectsInvalidDates() {
        let error = renderError("{{ d | date('%Y') }}", ["d": .string("2026-02-30")])
        XCTAssertEqual(error?.message, "filter 'date': '2026-02-30' is not a date")
        XCTAssertEqual(error?.hint, "write dates as 2026-11-20 or 2026-11-20T10:00:00Z")
    }

    func testDateRejectsUnknownFormat() {
        XCTAssertEqual(renderError("{{ '2026-01-01' | date('%Q') }}")?.message, "filter 'date': unknown date format '%Q'")
    }

    func testUrlencode() throws {
        XCTAssertEqual(try renderTemplate("{{ q | urlencode }}", ["q": .string("a b&c=d/é~_.-")]), "a%20b%26c%3Dd%2F%C3%A9~_.-")
    }

    func testJSONOfNestedValues() throws {
        let value: TemplateValue = .dictionary(["b": .array([.int(1), .double(2.5), .bool(true), .null]), "a": .string("x\"y\\\n")])
        XCTAssertEqual(try renderTemplate("{{ v | json }}", ["v": value]), #"{"a":"x\"y\\\n","b":[1,2.5,true,null]}"#)
    }

    func testJSONIsSafeInsideScript() throws {
        let evil = "</script><!-- & 'x' \u{2028}\u{2029}\u{01}"
        XCTAssertEqual(try renderTemplate("<script>var s = {{ s | json }};</script>", ["s": .string(evil)]),
                       #"<script>var s = "\u003c/script\u003e\u003c!-- \u0026 \u0027x\u0027 \u2028\u2029\u0001";</script>"#)
    }

    func testEscapeFilter() throws {
        XCTAssertEqual(try renderTemplate("{{ s | escape }} {{ h | escape }}", ["s": .string("<a>"), "h": .safeHTML("<b>")]), "&lt;a&gt; <b>")
    }

    func testEscapedThenSafeIsNotDoubleEscaped() throws {
        XCTAssertEqual(try renderTemplate("{{ s | escape | safe }}", ["s": .string("&")]), "&amp;")
    }

    func testFilterChainAndArgumentsFromVariables() throws {
        XCTAssertEqual(try renderTemplate("{{ s | lower | truncate(n) | upper }}", ["s": .string("ABCDEFGH"), "n": .int(4)]), "ABC…")
    }

    func testFilterBindsTighterThanComparison() throws {
        XCTAssertEqual(try renderTemplate("{% if tags | length > 1 %}many{% endif %}", ["tags": .array([.int(1), .int(2)])]), "many")
    }

    // MARK: Host filters

    func testHostFilter() throws {
        let asset: TemplateFilter = { value, _ in .string("/assets/" + (value.plainText) + "?v=1") }
        XCTAssertEqual(try renderTemplate("<link href=\"{{ 'style.css' | asset }}\">", filters: ["asset": asset]),
                       "<link href=\"/assets/style.css?v=1\">")
    }

    func testHostFilterReceivesArguments() throws {
        let wrap: TemplateFilter = { value, arguments in .string(arguments.map(\.plainText).joined() + value.plainText) }
        XCTAssertEqual(try renderTemplate("{{ 'x' | wrap('a', 1) }}", filters: ["wrap": wrap]), "a1x")
    }

    func testHostFilterErrorBecomesTemplateError() {
        let asset: TemplateFilter = { value, _ in throw TemplateFilterError("no asset named '\(value.plainText)'") }
        let error = renderError("<p>\n  {{ 'logo.png' | asset }}</p>", filters: ["asset": asset])
        XCTAssertEqual(error?.message, "no asset named 'logo.png'")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 19)
    }

    func testHostFilterOverridesBuiltin() throws {
        let upper: TemplateFilter = { _, _ in .string("host") }
        XCTAssertEqual(try renderTemplate("{{ 'a' | upper }}", filters: ["upper": upper]), "host")
    }
}
