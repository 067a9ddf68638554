import XCTest
@testable import KBTemplates

/// Renders `main.html` built from `source` (plus any other templates) with `context`.
func renderTemplate(_ source: String, _ context: [String: TemplateValue] = [:], others: [String: String] = [:],
                    filters: [String: TemplateFilter] = [:]) throws -> String {
    var templates = others
    templates["main.html"] = source
    let engine = try TemplateEngine(templates: templates, filters: filters)
    return try engine.render("main.html", context: context)
}

/// The single render-time error of rendering `source`, or a test failure.
func renderError(_ source: String, _ context: [String: TemplateValue] = [:], others: [String: String] = [:],
                 filters: [String: TemplateFilter] = [:], file: StaticString = #filePath, line: UInt = #line) -> TemplateError? {
    do {
        let output = try renderTemplate(source, context, others: others, filters: filters)
        XCTFail("expected an error, got output \(output)", file: file, line: line)
    } catch let error as TemplateError {
        return error
    } catch {
        XCTFail("expected a TemplateError, got \(error)", file: file, line: line)
    }
    return nil
}

/// The load-time errors of a set of templates, or a test failure.
func loadErrors(_ templates: [String: String], filters: [String: TemplateFilter] = [:],
                file: StaticString = #filePath, line: UInt = #line) -> [TemplateError] {
    do {
        _ = try TemplateEngine(templates: templates, filters: filters)
        XCTFail("expected load errors", file: file, line: line)
    } catch let errors as TemplateErrors {
        return errors.errors
    } catch {
        XCTFail("expected TemplateErrors, got \(error)", file: file, line: line)
    }
    return []
}

func loadError(_ source: String, filters: [String: TemplateFilter] = [:], file: StaticString = #filePath, line: UInt = #line) -> TemplateError? {
    let errors = loadErrors(["main.html": source], filters: filters, file: file, line: line)
    XCTAssertEqual(errors.count, 1, "errors: \(errors)", file: file, line: line)
    return errors.first
}
