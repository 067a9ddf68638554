import XCTest
@testable import KBTemplates

final class TemplateInheritanceTests: XCTestCase {
    let base = "<title>{% block title %}Site{% endblock %}</title><main>{% block content %}{% endblock %}</main>"

    func testIncludeSeesContextAndLocals() throws {
        let output = try renderTemplate("{% set who = 'x' %}{% for t in tags %}{% include 'partials/tag.html' %}{% endfor %}",
                                        ["tags": .array([.string("a"), .string("b")]), "site": .string("S")],
                                        others: ["partials/tag.html": "<{{ t }}{{ who }}{{ site }}{{ loop.index }}>"])
        XCTAssertEqual(output, "<axS1><bxS2>")
    }

    func testSetInsideIncludeDoesNotLeak() throws {
        XCTAssertEqual(try renderTemplate("{% set x = 1 %}{% include 'p.html' %}{{ x }}", others: ["p.html": "{% set x = 2 %}{{ x }}"]), "21")
    }

    func testExtendsReplacesBlocks() throws {
        let output = try renderTemplate("{% extends 'base.html' %}{% block content %}Hi {{ name }}{% endblock %}",
                                        ["name": .string("Ada")], others: ["base.html": base])
        XCTAssertEqual(output, "<title>Site</title><main>Hi Ada</main>")
    }

    func testSuperRendersParentBlock() throws {
        let output = try renderTemplate("{% extends 'base.html' %}{% block title %}Page · {{ super() }}{% endblock %}", others: ["base.html": base])
        XCTAssertEqual(output, "<title>Page · Site</title><main></main>")
    }

    func testMultiLevelExtendsWithSuperChain() throws {
        let others = ["base.html": base,
                      "layout.html": "{% extends 'base.html' %}{% block title %}L-{{ super() }}{% endblock %}{% block content %}<nav/>{% block body %}{% endblock %}{% endblock %}"]
        let output = try renderTemplate("{% extends 'layout.html' %}{% block title %}C-{{ super() }}{% endblock %}{% block body %}text{% endblock %}", others: others)
        XCTAssertEqual(output, "<title>C-L-Site</title><main><nav/>text</main>")
    }

    func testNestedBlockOverriddenInsideInheritedBlock() throws {
        let parent = "{% block outer %}[{% block inner %}parent{% endblock %}]{% endblock %}"
        let output = try renderTemplate("{% extends 'p.html' %}{% block inner %}child{% endblock %}", others: ["p.html": parent])
        XCTAssertEqual(output, "[child]")
    }

    func testOverridingOuterBlockDropsParentInnerBlock() throws {
        let parent = "{% block outer %}[{% block inner %}parent{% endblock %}]{% endblock %}"
        let output = try renderTemplate("{% extends 'p.html' %}{% block outer %}<{{ super() }}>{% endblock %}", others: ["p.html": parent])
        XCTAssertEqual(output, "<[parent]>")
    }

    func testBlocksRenderInPlaceWithoutExtends() throws {
        XCTAssertEqual(try renderTemplate("a{% block b %}B{% endblock %}c"), "aBc")
    }

    func testEndblockMayRepeatTheName() throws {
        XCTAssertEqual(try renderTemplate("{% block main %}x{% endblock main %}"), "x")
    }

    func testChildTopLevelSetIsVisibleInParentAndBlocks() throws {
        let parent = "<body class=\"{{ body_class }}\">{% block content %}{% endblock %}</body>"
        let output = try renderTemplate("{% extends 'p.html' %}{% set body_class = 'article' %}{% block content %}{{ body_class }}{% endblock %}",
                                        others: ["p.html": parent])
        XCTAssertEqual(output, "<body class=\"article\">article</body>")
    }

    func testIncludedTemplateMayExtend() throws {
        let output = try renderTemplate("({% include 'card.html' %})", others: ["card-base.html": "<div>{% block c %}{% endblock %}</div>",
                                                                              "card.html": "{% extends 'card-base.html' %}{% block c %}card{% endblock %}"])
        XCTAssertEqual(output, "(<div>card</div>)")
    }

    func testBlockInsideLoopSeesLoopVariable() throws {
        let output = try renderTemplate("{% extends 'p.html' %}{% block item %}<{{ x }}>{% endblock %}",
                                        ["xs": .array([.int(1), .int(2)])],
                                        others: ["p.html": "{% for x in xs %}{% block item %}{{ x }}{% endblock %}{% endfor %}"])
        XCTAssertEqual(output, "<1><2>")
    }

    func testArticlePageWithIncludes() throws {
        let templates = [
            "base.html": "<html>{% include 'partials/header.html' %}{% block content %}{% endblock %}{% include 'partials/footer.html' %}</html>",
            "partials/header.html": "<h1>{{ site.title }}</h1>",
            "partials/footer.html": "<footer>{{ site.title | upper }}</footer>",
            "article.html": "{% extends \"base.html\" %}\n{% block content %}<article>{{ article.content | safe }}</article>{% endblock %}",
        ]
        let engine = try TemplateEngine(templates: templates)
        let context: [String: TemplateValue] = ["site": .dictionary(["title": .string("KB")]),
                                                "article": .dictionary(["content": .string("<p>x</p>")])]
        XCTAssertEqual(try engine.render("article.html", context: context), "<html><h1>KB</h1><article><p>x</p></article><footer>KB</footer></html>")
        XCTAssertTrue(engine.hasTemplate("partials/header.html"))
        XCTAssertEqual(engine.templateNames, ["article.html", "base.html", "partials/footer.html", "partials/header.html"])
    }

    func testReadmeInheritanceExample() throws {
        let engine = try TemplateEngine(templates: [
            "base.html": "<title>{% block title %}{{ site.title }}{% endblock %}</title>\n{% include \"partials/header.html\" %}\n<main>{% block content %}{% endblock %}</main>",
            "partials/header.html": "<header class=\"{{ body_class | default('page') }}\"></header>",
            "article.html": """
                {% extends "base.html" %}
                {% set body_class = "article" %}
                {% block title %}{{ article.title }} · {{ super() }}{% endblock %}
                {% block content %}<article>{{ article.content | safe }}</article>{% endblock content %}
                """,
        ])
        let context: [String: TemplateValue] = ["site": .dictionary(["title": .string("Help")]),
                                                "article": .dictionary(["title": .string("502 & co"), "content": .safeHTML("<p>x</p>")])]
        XCTAssertEqual(try engine.render("article.html", context: context),
                       "<title>502 &amp; co · Help</title>\n<header class=\"article\"></header>\n<main><article><p>x</p></article></main>")
    }

    func testDefaultWithListLiteralGuardsFilters() throws {
        XCTAssertEqual(try renderTemplate("{% if missing | default([]) | length %}yes{% else %}no{% endif %}"), "no")
    }

    // MARK: Load-time reference errors

    func testIncludeOfMissingTemplate() {
        let errors = loadErrors(["main.html": "a\n  {% include 'partials/heder.html' %}", "partials/header.html": ""])
        XCTAssertEqual(errors.map(\.description), ["""
            Templates/main.html:2:14: unknown template 'partials/heder.html' — did you mean 'partials/header.html'?
                2 |   {% include 'partials/heder.html' %}
                  |              ^
            """])
    }

    func testExtendsOfMissingTemplate() {
        let errors = loadErrors(["main.html": "{% extends 'nothere.html' %}"])
        XCTAssertEqual(errors.first?.message, "unknown template 'nothere.html'")
        XCTAssertEqual(errors.first?.hint, "create Templates/nothere.html")
        XCTAssertEqual(errors.first?.column, 12)
    }

    func testIncludeCycleIsReported() {
        let errors = loadErrors(["a.html": "{% include 'b.html' %}", "b.html": "x\n{% include 'c.html' %}", "c.html": "{% include 'a.html' %}"])
        XCTAssertEqual(errors.map(\.description), ["""
            Templates/c.html:1:12: include cycle: a.html → b.html → c.html → a.html — a template cannot include or extend itself, directly or through others
                1 | {% include 'a.html' %}
                  |            ^
            """])
    }

    func testSelfIncludeIsACycle() {
        let errors = loadErrors(["a.html": "{% include 'a.html' %}"])
        XCTAssertEqual(errors.first?.message, "include cycle: a.html → a.html")
    }

    func testExtendsCycleIsReported() {
        let errors = loadErrors(["a.html": "{% extends 'b.html' %}", "b.html": "{% extends 'a.html' %}"])
        XCTAssertEqual(errors.map(\.message), ["extends cycle: a.html → b.html → a.html"])
        XCTAssertEqual(errors.first?.file, "Templates/b.html")
    }

    func testAllProblemsAreReportedTogether() {
        let errors = loadErrors(["a.html": "{{ x | nope }}", "b.html": "{% if x %}", "c.html": "{% include 'zzz.html' %}{{ y | upper(1) }}"])
        XCTAssertEqual(errors.map(\.description).map { $0.components(separatedBy: "\n")[0] }, [
            "Templates/a.html:1:8: unknown filter 'nope'",
            "Templates/b.html:1:1: unclosed '{% if %}' — add '{% endif %}'",
            "Templates/c.html:1:12: unknown template 'zzz.html' — create Templates/zzz.html",
            "Templates/c.html:1:32: filter 'upper' takes no arguments, got 1 — write '| upper' without parentheses",
        ])
    }

    func testSuperWithoutParentBlockIsARenderError() {
        let error = renderError("{% block a %}{{ super() }}{% endblock %}")
        XCTAssertEqual(error?.message, "super() in block 'a', which no parent template defines")
        XCTAssertEqual(error?.column, 17)
    }

    func testErrorInsideBlockNamesTheChildTemplate() {
        let error = renderError("{% extends 'base.html' %}\n{% block content %}\n{{ artcle.title }}{% endblock %}",
                                ["article": .dictionary([:])], others: ["base.html": base])
        XCTAssertEqual(error?.file, "Templates/main.html")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 4)
    }

    func testErrorInsideIncludeNamesTheIncludedTemplate() {
        let error = renderError("{% include 'p.html' %}", others: ["p.html": "ok\n {{ missing }}"])
        XCTAssertEqual(error?.description, """
            Templates/p.html:2:5: unknown variable 'missing'
                2 |  {{ missing }}
                  |     ^
            """)
    }
}
