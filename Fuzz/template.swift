// libFuzzer harness for the template engine: lexer, parser, reference checks and renderer.
// Built by run.sh together with Sources/KBTemplates/*.swift and FuzzSupport.swift.
//
// The input holds up to three templates separated by NUL bytes: page.html, base.html and
// partials/item.html, so include, extends and blocks get exercised. Each is rendered with a fixed
// context whose strings carry HTML specials. Invariants: only TemplateErrors/TemplateError are thrown,
// errors point into their file, rendering is deterministic, a template that neither writes '<' nor
// uses `safe` never outputs '<' (context text is always escaped), and loading time is linear.

import Foundation

let fuzzTemplateNames = ["page.html", "base.html", "partials/item.html"]

let fuzzContext: [String: TemplateValue] = {
    let item: TemplateValue = .dictionary([
        "title": .string("502 <Bad> \"Gateway\" & 'proxy'"), "slug": .string("502-bad-gateway"),
        "code": .int(502), "tags": .array([.string("proxy"), .string("<script>alert(1)</script>")]),
        "updated": .string("2026-11-20T10:00:00+02:00"), "weight": .double(2.5), "draft": .bool(false),
    ])
    let other: TemplateValue = .dictionary([
        "title": .string("404 Not Found"), "slug": .string("404-not-found"), "code": .int(404),
        "tags": .array([]), "updated": .string("2026-01-02"), "weight": .double(-1), "draft": .bool(true),
    ])
    return [
        "site": .dictionary(["title": .string("Help <Center>"), "base_url": .string("https://example.com/help/"),
                             "extra": .dictionary(["hero-image": .string("a&b.png")]), "count": .int(3)]),
        "article": item,
        "articles": .array([item, other, .null]),
        "numbers": .array([.int(3), .int(1), .int(2)]),
        "matrix": .array([.array([.int(1), .int(2)]), .array([])]),
        "text": .string("Tom & Jerry <b>bold</b>\n\tTabs “quotes” é"),
        "nothing": .null,
        "flag": .bool(true),
    ]
}()

/// Smaller than the production limits so slow-but-bounded renders do not eat the fuzzing time.
let fuzzLimits = RenderLimits(maxOutputBytes: 1 << 20, maxIncludeDepth: TemplateLimits.maxIncludeDepth,
                              maxLoopDepth: TemplateLimits.maxLoopDepth, maxLoopIterations: 100_000,
                              maxNesting: TemplateLimits.maxRenderNesting)

@_cdecl("LLVMFuzzerTestOneInput")
public func templateFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var sources: [String: String] = [:]
    for (index, part) in bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).enumerated() {
        sources[fuzzTemplateNames[index]] = String(decoding: part, as: UTF8.self)
    }
    guard let engine = fuzzLoad(sources) else { return 0 }
    let mayWriteMarkup = sources.values.contains { $0.contains("<") || $0.contains("safe") }
    for name in sources.keys.sorted() {
        let first = fuzzRender(engine, name)
        let second = fuzzRender(engine, name)
        if first != second { fuzzFail("two renders of \(name) differ") }
        if !mayWriteMarkup, case .success(let html) = first, html.utf8.contains(UInt8(ascii: "<")) {
            fuzzFail("\(name) printed an unescaped '<' from the context")
        }
        if case .failure(let error) = first {
            if error.line < 1 || error.column < 1 || error.message.isEmpty || !error.file.hasPrefix("Templates/") {
                fuzzFail("render error without a proper location: \(error)")
            }
        }
    }
    // Lexing and parsing must be linear. Reporting is bounded separately: at most
    // TemplateLimits.maxErrorsPerFile problems per file, each quoting its (possibly long) line.
    fuzzCheckLinear(bytes.filter { $0 != 0 }, name: "template parsing") { input in
        var lexer = TemplateLexer(bytes: input)
        guard let tokens = try? lexer.tokenize() else { return }
        var parser = TemplateParser(bytes: input, tokens: tokens, hostFilters: [:])
        _ = try? parser.parse()
    }
    return 0
}

func fuzzLoad(_ sources: [String: String]) -> TemplateEngine? {
    do {
        return try TemplateEngine(templates: sources)
    } catch let errors as TemplateErrors {
        if errors.errors.isEmpty { fuzzFail("TemplateErrors without errors") }
        for error in errors.errors {
            let known = fuzzTemplateNames.contains { error.file == "Templates/" + $0 }
            if !known || error.line < 1 || error.column < 1 || error.message.isEmpty {
                fuzzFail("load error without a proper location: \(error)")
            }
            _ = error.description
        }
        return nil
    } catch {
        fuzzFail("loading threw a non-TemplateErrors error: \(error)")
    }
}

func fuzzRender(_ engine: TemplateEngine, _ name: String) -> Result<String, TemplateError> {
    do {
        return .success(try engine.render(name, context: fuzzContext, limits: fuzzLimits))
    } catch let error as TemplateError {
        return .failure(error)
    } catch {
        fuzzFail("rendering threw a non-TemplateError error: \(error)")
    }
}
