import XCTest
@testable import KBTemplates

final class TemplateConstructTests: XCTestCase {
    // MARK: Output and escaping

    func testPlainTextIsCopied() throws {
        XCTAssertEqual(try renderTemplate("<p>Hello { world }</p>"), "<p>Hello { world }</p>")
    }

    func testVariableIsPrinted() throws {
        XCTAssertEqual(try renderTemplate("Hi {{ name }}!", ["name": .string("Ada")]), "Hi Ada!")
    }

    func testDottedPath() throws {
        let context: [String: TemplateValue] = ["site": .dictionary(["author": .dictionary(["name": .string("Kim")])])]
        XCTAssertEqual(try renderTemplate("{{ site.author.name }}", context), "Kim")
    }

    func testTextIsEscaped() throws {
        XCTAssertEqual(try renderTemplate("{{ x }}", ["x": .string("<b>\"Tom\" & 'Jerry'</b>")]),
                       "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
    }

    func testEscapingInAttributeCannotBreakOut() throws {
        let output = try renderTemplate("<a title=\"{{ t }}\" data-x='{{ t }}'>", ["t": .string("\" onclick='alert(1)' x=\"")])
        XCTAssertEqual(output, "<a title=\"&quot; onclick=&#39;alert(1)&#39; x=&quot;\" data-x='&quot; onclick=&#39;alert(1)&#39; x=&quot;'>")
    }

    func testEscapingKeepsCombiningMarksAfterEscapedCharacters() throws {
        XCTAssertEqual(try renderTemplate("{{ x }}", ["x": .string("a<\u{301}b>\u{301}&é")]), "a&lt;\u{301}b&gt;\u{301}&amp;é")
    }

    func testSafeHTMLIsNotEscaped() throws {
        XCTAssertEqual(try renderTemplate("{{ body }}", ["body": .safeHTML("<p>a &amp; b</p>")]), "<p>a &amp; b</p>")
    }

    func testSafeFilterMarksStringAsHTML() throws {
        XCTAssertEqual(try renderTemplate("{{ body | safe }}", ["body": .string("<em>x</em>")]), "<em>x</em>")
    }

    func testNonASCIITextIsCopiedIntact() throws {
        XCTAssertEqual(try renderTemplate("é {{ x }} ✓", ["x": .string("日本 <ok>")]), "é 日本 &lt;ok&gt; ✓")
    }

    func testNumbersBooleansAndNullPrint() throws {
        let context: [String: TemplateValue] = ["i": .int(-42), "d": .double(2.5), "t": .bool(true), "f": .bool(false), "n": .null]
        XCTAssertEqual(try renderTemplate("{{ i }} {{ d }} {{ t }} {{ f }} [{{ n }}]", context), "-42 2.5 true false []")
    }

    func testLiterals() throws {
        XCTAssertEqual(try renderTemplate(#"{{ "a\"b" }} {{ 'c' }} {{ 7 }} {{ -1.5 }} {{ true }} {{ none }}"#), "a&quot;b c 7 -1.5 true ")
    }

    func testStringEscapesInLiterals() throws {
        XCTAssertEqual(try renderTemplate(#"{{ "a\nb\t\\" | safe }}"#), "a\nb\t\\")
    }

    func testIndexing() throws {
        let context: [String: TemplateValue] = ["list": .array([.string("a"), .string("b")]), "map": .dictionary(["k-1": .int(5)])]
        XCTAssertEqual(try renderTemplate(#"{{ list[0] }}{{ list[-1] }}{{ map["k-1"] }}"#, context), "ab5")
    }

    func testConcatenation() throws {
        XCTAssertEqual(try renderTemplate(#"{{ "Page " ~ n ~ "<" }}"#, ["n": .int(2)]), "Page 2&lt;")
    }

    func testConcatenationWithSafeHTMLEscapesOnlyTheString() throws {
        XCTAssertEqual(try renderTemplate(#"{{ "<" ~ html }}"#, ["html": .safeHTML("<b>")]), "&lt;<b>")
    }

    func testTagsInsideStringLiteralsAreText() throws {
        XCTAssertEqual(try renderTemplate(#"{{ "}}" }}{{ '%}' }}"#), "}}%}")
    }

    // MARK: Operators

    func testComparisons() throws {
        let output = try renderTemplate("{{ 1 == 1.0 }} {{ 2 != 3 }} {{ 2 < 3 }} {{ 3 <= 3 }} {{ 4 > 5 }} {{ 5 >= 6 }} {{ 'a' < 'b' }}")
        XCTAssertEqual(output, "true true true true false false true")
    }

    func testStringEqualsSafeHTMLWithSameText() throws {
        XCTAssertEqual(try renderTemplate("{{ a == b }}", ["a": .string("x"), "b": .safeHTML("x")]), "true")
    }

    func testBooleanOperatorsAndParentheses() throws {
        XCTAssertEqual(try renderTemplate("{{ true and not false }} {{ (false or true) and false }} {{ not (1 == 2) }}"), "true false true")
    }

    func testOrReturnsFirstTruthyValue() throws {
        XCTAssertEqual(try renderTemplate("{{ page.title or site.title }}", ["page": .dictionary([:]), "site": .dictionary(["title": .string("KB")])]), "KB")
    }

    func testInOperator() throws {
        let context: [String: TemplateValue] = ["tags": .array([.string("dns"), .string("tls")]), "map": .dictionary(["a": .int(1)])]
        let output = try renderTemplate("{{ 'dns' in tags }} {{ 'x' not in tags }} {{ 'a' in map }} {{ 'ell' in 'hello' }} {{ 3 in [1, 2] }}", context)
        XCTAssertEqual(output, "true true true true false")
    }

    // MARK: if

    func testIfElifElse() throws {
        let template = "{% if n > 10 %}big{% elif n > 5 %}medium{% else %}small{% endif %}"
        XCTAssertEqual(try renderTemplate(template, ["n": .int(20)]), "big")
        XCTAssertEqual(try renderTemplate(template, ["n": .int(7)]), "medium")
        XCTAssertEqual(try renderTemplate(template, ["n": .int(1)]), "small")
    }

    func testTruthiness() throws {
        let values: [TemplateValue] = [.null, .bool(false), .int(0), .double(0), .string(""), .safeHTML(""), .array([]), .dictionary([:]),
                                       .bool(true), .int(2), .double(0.5), .string("a"), .safeHTML("b"), .array([.null]), .dictionary(["k": .null])]
        let output = try values.map { try renderTemplate("{% if v %}T{% else %}F{% endif %}", ["v": $0]) }.joined()
        XCTAssertEqual(output, "FFFFFFFFTTTTTTT")
    }

    func testIfOnMissingVariableIsFalse() throws {
        XCTAssertEqual(try renderTemplate("{% if missing %}yes{% else %}no{% endif %}"), "no")
    }

    func testIfOnMissingKeyOfExistingDictionaryIsFalse() throws {
        XCTAssertEqual(try renderTemplate("{% if article.extra.hero %}yes{% else %}no{% endif %}", ["article": .dictionary([:])]), "no")
    }

    func testIfNotAndOrOnMissingValues() throws {
        XCTAssertEqual(try renderTemplate("{% if not a and (b or c) %}yes{% endif %}", ["c": .int(1)]), "yes")
    }

    func testIsDefinedTests() throws {
        let context: [String: TemplateValue] = ["a": .null, "d": .dictionary(["k": .string("")])]
        let output = try renderTemplate("{{ a is defined }} {{ b is defined }} {{ b is not defined }} {{ d.k is defined }} {{ d.z is undefined }} {{ a is none }} {{ d.k is empty }} {{ d is not empty }}", context)
        XCTAssertEqual(output, "true false true true true true true true")
    }

    // MARK: for

    func testForOverList() throws {
        XCTAssertEqual(try renderTemplate("{% for t in tags %}[{{ t }}]{% endfor %}", ["tags": .array([.string("a"), .string("b")])]), "[a][b]")
    }

    func testLoopVariables() throws {
        let template = "{% for x in xs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }}/{{ loop.revindex }} {% endfor %}"
        XCTAssertEqual(try renderTemplate(template, ["xs": .array([.int(7), .int(8)])]), "1/0/2/true/false/2 2/1/2/false/true/1 ")
    }

    func testForElseWhenEmpty() throws {
        XCTAssertEqual(try renderTemplate("{% for x in xs %}{{ x }}{% else %}none{% endfor %}", ["xs": .array([])]), "none")
    }

    func testForOverNullRendersElse() throws {
        XCTAssertEqual(try renderTemplate("{% for x in xs %}{{ x }}{% else %}none{% endfor %}", ["xs": .null]), "none")
    }

    func testForOverDictionaryIsSortedByKey() throws {
        let context: [String: TemplateValue] = ["d": .dictionary(["b": .int(2), "a": .int(1), "c": .int(3)])]
        XCTAssertEqual(try renderTemplate("{% for k, v in d %}{{ k }}={{ v }};{% endfor %}", context), "a=1;b=2;c=3;")
        XCTAssertEqual(try renderTemplate("{% for k in d %}{{ k }}{% endfor %}", context), "abc")
    }

    func testNestedLoopsSeeOuterLoopVariable() throws {
        let context: [String: TemplateValue] = ["rows": .array([.array([.int(1), .int(2)]), .array([.int(3)])])]
        let template = "{% for row in rows %}{% set r = loop.index %}{% for c in row %}{{ r }}.{{ loop.index }}={{ c }} {% endfor %}{% endfor %}"
        XCTAssertEqual(try renderTemplate(template, context), "1.1=1 1.2=2 2.1=3 ")
    }

    func testLoopOverListOfDictionaries() throws {
        let toc: TemplateValue = .array([.dictionary(["id": .string("a"), "title": .string("A & B")]), .dictionary(["id": .string("c"), "title": .string("C")])])
        XCTAssertEqual(try renderTemplate("{% for h in toc %}<a href=\"#{{ h.id }}\">{{ h.title }}</a>{% endfor %}", ["toc": toc]),
                       "<a href=\"#a\">A &amp; B</a><a href=\"#c\">C</a>")
    }

    // MARK: set and scope

    func testSetAtTopLevel() throws {
        XCTAssertEqual(try renderTemplate("{% set x = 'a' ~ 'b' %}{{ x }}{% set x = 1 %}{{ x }}"), "ab1")
    }

    func testSetInsideLoopStaysInLoop() throws {
        let template = "{% set total = 0 %}{% for x in xs %}{% set total = x %}{{ total }}{% endfor %}|{{ total }}"
        XCTAssertEqual(try renderTemplate(template, ["xs": .array([.int(1), .int(2)])]), "12|0")
    }

    func testSetInsideIfIsVisibleAfterIf() throws {
        XCTAssertEqual(try renderTemplate("{% if true %}{% set x = 5 %}{% endif %}{{ x }}"), "5")
    }

    func testLoopVariableShadowsContext() throws {
        XCTAssertEqual(try renderTemplate("{% for x in xs %}{{ x }}{% endfor %}{{ x }}", ["x": .string("outer"), "xs": .array([.string("in")])]), "inouter")
    }

    func testLoopVariableIsGoneAfterLoop() {
        let error = renderError("{% for item in xs %}{% endfor %}{{ item }}", ["xs": .array([.int(1)])])
        XCTAssertEqual(error?.message, "unknown variable 'item'")
    }

    // MARK: Comments, raw and whitespace control

    func testCommentsVanish() throws {
        XCTAssertEqual(try renderTemplate("a{# note {{ x }} #}b"), "ab")
    }

    func testWhitespaceControlOnOutput() throws {
        XCTAssertEqual(try renderTemplate("<p>\n  {{- x -}}\n</p>", ["x": .string("y")]), "<p>y</p>")
    }

    func testWhitespaceControlOnStatements() throws {
        let template = "<ul>\n  {%- for x in xs %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>"
        XCTAssertEqual(try renderTemplate(template, ["xs": .array([.int(1), .int(2)])]), "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>")
    }

    func testWhitespaceControlOnComments() throws {
        XCTAssertEqual(try renderTemplate("a  {#- c -#}  b"), "ab")
    }

    func testWhitespaceWithoutDashIsKept() throws {
        XCTAssertEqual(try renderTemplate("a {% if true %} b {% endif %} c"), "a  b  c")
    }

    func testRawBlockIsLiteral() throws {
        XCTAssertEqual(try renderTemplate("{% raw %}{{ x }} {% if %}{% endraw %}!"), "{{ x }} {% if %}!")
    }
}
