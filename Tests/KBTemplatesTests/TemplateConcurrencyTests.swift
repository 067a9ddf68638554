import Dispatch
import XCTest
@testable import KBTemplates

final class TemplateConcurrencyTests: XCTestCase {
    func testConcurrentRendersMatchSerialRenders() throws {
        let engine = try TemplateEngine(templates: [
            "base.html": "<title>{% block title %}KB{% endblock %}</title>{% include 'nav.html' %}{% block body %}{% endblock %}",
            "nav.html": "{% for t in tags %}<a href=\"/tags/{{ t | slug }}/\">{{ t | upper }}</a>{% endfor %}",
            "page.html": "{% extends 'base.html' %}{% block title %}{{ n }} · {{ super() }}{% endblock %}{% block body %}{% set doubled = n ~ n %}<p>{{ doubled }} {{ text | truncate(20) }}</p>{% endblock %}",
        ])
        @Sendable func context(_ index: Int) -> [String: TemplateValue] {
            ["n": .int(index), "tags": .array((0..<(index % 7)).map { .string("Tag \($0) of \(index)") }),
             "text": .string(String(repeating: "word\(index) ", count: index % 13 + 1))]
        }
        let count = 400
        let expected = try (0..<count).map { try engine.render("page.html", context: context($0)) }
        let results = ResultBox(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, Result { try engine.render("page.html", context: context(index)) })
        }
        for index in 0..<count {
            XCTAssertEqual(try results.get(index)?.get(), expected[index], "render \(index)")
        }
        XCTAssertEqual(expected[3], "<title>3 · KB</title><a href=\"/tags/tag-0-of-3/\">TAG 0 OF 3</a><a href=\"/tags/tag-1-of-3/\">TAG 1 OF 3</a><a href=\"/tags/tag-2-of-3/\">TAG 2 OF 3</a><p>33 word3 word3 word3…</p>")
    }

    func testArbitraryInputNeverCrashes() {
        // Template-like fragments glued at random: every result must be a clean load or located errors.
        let pieces = ["{{", "}}", "{%", "%}", "{#", "#}", "-", " ", "if", "for", "x", "in", "endif", "endfor", "block", "endblock",
                      "'", "\"", "(", ")", "[", "]", "|", "upper", "default", ".", ",", "==", "not", "and", "é", "\n", "set", "=", "1", "extends", "include", "super()"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var source = ""
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(seed >> 59) + 4 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                source += pieces[Int(seed >> 33) % pieces.count]
            }
            do {
                let engine = try TemplateEngine(templates: ["main.html": source])
                _ = try? engine.render("main.html", context: ["x": .array([.int(1)])])
            } catch let errors as TemplateErrors {
                XCTAssertFalse(errors.errors.isEmpty, source)
                for error in errors.errors { XCTAssertGreaterThan(error.line, 0, source) }
            } catch {
                XCTFail("unexpected error type for \(source): \(error)")
            }
        }
    }
}

/// Collects results written from many threads.
private final class ResultBox: @unchecked Sendable {
    private var results: [Result<String, Error>?]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<String, Error>) { lock.lock(); results[index] = result; lock.unlock() }
    func get(_ index: Int) -> Result<String, Error>? { lock.lock(); defer { lock.unlock() }; return results[index] }
}
