import XCTest
@testable import KBTemplates

/// Each template diagnostic points at the mistake itself (its own line and column), not at a tag nearby.
final class TemplateLocationTests: XCTestCase {
    private let base = "<html>{% block head %}{% endblock %}{% block main %}{% endblock %}</html>"
    private let strayHint = "this template extends 'base.html' (line 1), which prints only its blocks: "
        + "move it into a '{% block %}' or delete it"

    private func located(_ errors: [TemplateError]) -> [String] {
        errors.map { "\($0.file):\($0.line):\($0.column): \($0.message)" }
    }

    // MARK: Stray content in a child template

    func testStrayExpressionIsReportedWhereItIs() {
        let errors = loadErrors(["base.html": base,
                                 "article.html": "{% extends \"base.html\" %}\n  {{ artcle.title }}\n{% block main %}x{% endblock %}"])
        XCTAssertEqual(errors.map(\.description), ["""
            Templates/article.html:2:3: this expression is outside any block, so it is never printed — \(strayHint)
                2 |   {{ artcle.title }}
                  |   ^
            """])
    }

    func testStrayTextIsReportedAtItsFirstCharacter() {
        let errors = loadErrors(["base.html": base,
                                 "article.html": "{% extends \"base.html\" %}\n\n   Hello\n{% block main %}x{% endblock %}"])
        XCTAssertEqual(located(errors), ["Templates/article.html:3:4: this text is outside any block, so it is never printed"])
        XCTAssertEqual(errors.first?.hint, strayHint)
    }

    func testEveryStrayPieceIsReportedOnce() {
        let child = "{% extends \"base.html\" %}\n{% if x %}a{% endif %}\n{% for i in xs %}{% endfor %}\n"
            + "{% block main %}ok{% endblock %}\n  {% include \"base.html\" %}\n{% set y = 1 %}"
        XCTAssertEqual(located(loadErrors(["base.html": base, "article.html": child])), [
            "Templates/article.html:2:1: this '{% if %}' is outside any block, so it is never printed",
            "Templates/article.html:3:1: this '{% for %}' is outside any block, so it is never printed",
            "Templates/article.html:5:3: this '{% include %}' is outside any block, so it is never printed",
        ])
    }

    func testBlockTheParentDoesNotHave() {
        let errors = loadErrors(["base.html": base,
                                 "article.html": "{% extends \"base.html\" %}\n{% block main %}x{% endblock %}\n\n{% block mian %}y{% endblock %}"])
        XCTAssertEqual(located(errors), [
            "Templates/article.html:4:1: block 'mian' is not in 'base.html' or the templates it extends, so it is never printed",
        ])
        XCTAssertEqual(errors.first?.hint, "did you mean 'main'?")
    }

    func testBlocksOfGrandparentsAndNestedBlocksCount() throws {
        let templates = ["base.html": "{% block outer %}<{% block inner %}{% endblock %}>{% endblock %}",
                         "middle.html": "{% extends \"base.html\" %}{% block outer %}[{% block extra %}{% endblock %}]{% endblock %}",
                         "leaf.html": "{% extends \"middle.html\" %}{% block inner %}i{% endblock %}{% block extra %}e{% endblock %}"]
        XCTAssertEqual(try TemplateEngine(templates: templates).render("leaf.html", context: [:]), "[e]")
    }

    // MARK: Wrong and missing closing tags

    func testWrongClosingTagNamesTheOpenTag() {
        let error = loadError("x\n{% if a %}\n  {% endfor %}\n")
        XCTAssertEqual(error?.description, """
            Templates/main.html:3:6: unexpected '{% endfor %}' — the '{% if %}' at line 2, column 1 is still open: close it with '{% endif %}' first
                3 |   {% endfor %}
                  |      ^
            """)
    }

    func testEndblockInsideALoopNamesTheLoop() {
        let error = loadError("{% block main %}\n  {% for a in b %}\n{% endblock %}")
        XCTAssertEqual(error.map { "\($0.line):\($0.column)" }, "3:4")
        XCTAssertEqual(error?.hint, "the '{% for %}' at line 2, column 3 is still open: close it with '{% endfor %}' first")
    }

    func testUnclosedTagIsReportedAtItsOpening() {
        let error = loadError("a\n{% if x %}\nb\n  {% for y in z %}\nc\n\n")
        XCTAssertEqual(error.map { "\($0.line):\($0.column): \($0.message)" }, "4:3: unclosed '{% for %}'")
    }

    // MARK: Template names

    func testEmptyIncludeName() {
        let errors = loadErrors(["main.html": "x\n{% include \"\" %}\n"])
        XCTAssertEqual(located(errors), ["Templates/main.html:2:12: '' is not a template name: it is empty"])
        XCTAssertEqual(errors.first?.hint, "write a path inside Templates/, e.g. 'partials/footer.html'")
    }

    func testIncludeOutsideTheTemplateFolder() {
        XCTAssertEqual(located(loadErrors(["main.html": "x\n  {% include \"../secret.html\" %}\n"])),
                       ["Templates/main.html:2:14: '../secret.html' is not a template name: it has an empty, '.' or '..' part"])
        XCTAssertEqual(located(loadErrors(["main.html": "{% extends \"/etc/base.html\" %}"])),
                       ["Templates/main.html:1:12: '/etc/base.html' is not a template name: names are relative paths with '/'"])
    }

    // MARK: Filter arguments

    func testBadFilterArgumentIsReportedAtTheArgument() {
        let error = renderError("a\n  {{ x | truncate(\"long\") }}\n", ["x": .string("text")])
        XCTAssertEqual(error.map { "\($0.line):\($0.column): \($0.message)" },
                       "2:19: filter 'truncate': the length must be a whole number of at least 1")
    }

    func testBadJoinSeparatorAndDateFormatPointAtTheArgument() {
        XCTAssertEqual(renderError("{{ xs | join( 1) }}", ["xs": .array([.string("a")])])?.column, 15)
        XCTAssertEqual(renderError("{{ d | date(7) }}", ["d": .string("2026-11-20")])?.column, 13)
        XCTAssertEqual(renderError("{{ xs | sort(\"k\") }}", ["xs": .array([.dictionary(["j": .int(1)])])])?.column, 14)
    }

    func testUnknownVariableInAFilterArgument() {
        let error = renderError("a\n  {{ x | default(artcle) }}\n", ["x": .null, "article": .null])
        XCTAssertEqual(error.map { "\($0.line):\($0.column): \($0.message)" }, "2:18: unknown variable 'artcle'")
        XCTAssertEqual(error?.hint, "did you mean 'article'?")
    }

    func testFilterRefusingItsInputStaysAtTheFilterName() {
        XCTAssertEqual(renderError("{{ x | join(\", \") }}", ["x": .string("s")])?.column, 8)
    }
}
