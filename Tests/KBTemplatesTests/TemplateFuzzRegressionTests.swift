// Inputs found by fuzzing and by the resource-bound checks (Fuzz/template.swift, ResourceBoundsTests), kept
// so the fixes stay fixed.

import Foundation
import XCTest
@testable import KBTemplates

final class TemplateFuzzRegressionTests: XCTestCase {
    private func extendsChain(_ count: Int) -> [String: String] {
        var templates: [String: String] = [:]
        for index in 0..<count {
            templates["t\(index).html"] = index + 1 < count
                ? "{% extends \"t\(index + 1).html\" %}{% block b %}\(index){% endblock %}"
                : "{% block b %}root{% endblock %}"
        }
        return templates
    }

    private func includeChain(_ count: Int) -> [String: String] {
        var templates: [String: String] = [:]
        for index in 0..<count {
            templates["t\(index).html"] = index + 1 < count ? "{% include \"t\(index + 1).html\" %}" : "end"
        }
        return templates
    }

    // Every template keeps its whole extends chain, so a 10,000-level chain took quadratic time and memory.
    func testExtendsChainOverTheLimitIsReportedOnceAtItsExtendsTag() {
        let errors = loadErrors(extendsChain(TemplateLimits.maxExtendsDepth + 2))
        XCTAssertEqual(errors.map(\.description), ["""
            Templates/t0.html:1:12: extends chain longer than 64 levels — let templates extend a common base instead of each other in a long line
                1 | {% extends "t1.html" %}{% block b %}0{% endblock %}
                  |            ^
            """])
    }

    func testExtendsChainAtTheLimitRenders() throws {
        let engine = try TemplateEngine(templates: extendsChain(TemplateLimits.maxExtendsDepth + 1))
        XCTAssertEqual(try engine.render("t0.html", context: [:]), "0")
    }

    func testTenThousandLevelExtendsChainIsRefusedWhenLoading() {
        let errors = loadErrors(extendsChain(10_000))
        XCTAssertEqual(errors.map(\.file), ["Templates/t9934.html"])
        XCTAssertEqual(errors.first?.message, "extends chain longer than 64 levels")
    }

    func testTenThousandLevelIncludeChainIsRefusedAtTheIncludeDepthLimit() throws {
        let engine = try TemplateEngine(templates: includeChain(10_000))
        XCTAssertThrowsError(try engine.render("t0.html", context: [:])) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "includes nested deeper than 64 levels")
            XCTAssertEqual((error as? TemplateError)?.file, "Templates/t64.html")
        }
    }

    // The cycle check recursed once per template in a chain, overflowing a small thread stack.
    func testLongIncludeChainLoadsOnASmallStack() {
        let templates = includeChain(20_000)
        let loaded = LoadResult()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            loaded.names = (try? TemplateEngine(templates: templates))?.templateNames.count ?? -1
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
        XCTAssertEqual(loaded.names, 20_000)
    }

    func testIncludeCycleIsStillReportedAlongTheWholePath() {
        let errors = loadErrors(["a.html": "{% include \"b.html\" %}", "b.html": "{% include \"c.html\" %}",
                                 "c.html": "{% include \"a.html\" %}"])
        XCTAssertEqual(errors.map(\.message), ["include cycle: a.html → b.html → c.html → a.html"])
        XCTAssertEqual(errors.map(\.file), ["Templates/c.html"])
    }

    // Fuzz: every problem located and quoted its line from the start of the file, so a file with thousands
    // of problems on one long line cost quadratic time (and output). Reports are now capped per file.
    func testProblemsInOneFileAreCappedAtTheLimit() {
        let errors = loadErrors(["a.html": String(repeating: "{{ x | nofilter }}\n", count: 500)])
        XCTAssertEqual(errors.count, TemplateLimits.maxErrorsPerFile)
        XCTAssertEqual(errors.last?.description, """
            Templates/a.html:100:8: unknown filter 'nofilter'
              100 | {{ x | nofilter }}
                  |        ^
            """)
    }

    func testFuzzInputRepeatedOnOneLineReportsAtMostTheCapPerKind() throws {
        let input = try XCTUnwrap(Data(base64Encoded: "WyUgZXh0ZW5kcyAiYmFzZS5odG1sIiAlfXslIHNldCB4ID0gbnVtYmVycyB8IHNvcnQgfCBqb2luKCIsICIpICV9eyUgYmxvY2sgYiAlfXt7IHN1cGVyKCkgfX17eyB4IH19eyUgZm9yIGEgaW4gYXJ0aWNsZXMgJX17eyBsb29wLmluZGV4IH19e3sgYS50aXRsZSB8IGRlZmF1bHQoIj8iKSB8IHVwcGVyIHwgdHJ1bmNhdGUoNCkgfX17JSBpZiBhIGlzIG5vbmUgJX0teyUgZWxpZiBhLmNvZGUgPj0gNTAwICV9NXvb35qTjJrf1n17eyBhLnRhZ3MgfCBqc29uIH19eyUgZW5kaWYgJX17JSBpbmNsdWRlICJwYXJ0aWFscy9pdGVtLmh0bWwiICV9eyUgZW5kZm9yICV9eyUgZW5kYmxvY2sgJX0APHslIGJsb2NrIGIgJX17eyBzaXRlLnRpdGxlIH19eyUgZW5kYmxvY2sgJX0+AHsjIGMgI317ey0gdGV4dCB8IHN0cmlwdGFncyB8IHNsdWcgLX19eyUgcmF3ICV9e3sgeCB9fXslIGVuZHJhdyAlfXt7IGFydGljbGUudXBkYXRlZCB8IGRhdGUoIiVCICVlLCBZICUlSDolTSIpIH19e3sgc2l0ZS5leHRyYVsiaGVyby1pbWFnAAAAAAAAAAVlIl0gfCB1cmxlbmNvZGUgfX17eyBtYXRyaXhbNV1bLTFdIH4gIngiIH19e3sgImRucyIgaW4gYXJ0aWNsZS50YWdzIH19"))
        let page = String(decoding: Array(input).filter { $0 != 0 }, as: UTF8.self)
        let errors = loadErrors(["page.html": String(repeating: page, count: 400)])
        XCTAssertEqual(errors.count, 2 * TemplateLimits.maxErrorsPerFile)
        XCTAssertEqual(Set(errors.map(\.line)), [1])
    }
}

private final class LoadResult: @unchecked Sendable {
    var names = 0
}
