// libFuzzer harness for KBMarkdown: both dialects, deterministic output, balanced tags, linear time, and the
// same output as cmark-gfm where it is installed (cmark-gfm.swift).
// Built by run.sh together with Sources/KBMarkdown/*.swift, FuzzSupport.swift, cmark-gfm.swift and
// Tests/KBMarkdownTests/CmarkGFMDifferences.swift.

/// Shapes that were once superlinear, checked for linear growth once per run whatever the fuzzer picks
/// (`every: 1`): image openers before empty links (`![[]()`, issue 19) and their bracket siblings.
let markdownKnownShapesChecked: Bool = {
    let shapes = ["![[]()", "![![[]()", "[[[[]()]()]()", "![[]](", "[![]()", "![[a]", "*[*[]()", "![[^a]()"]
    for shape in shapes {
        fuzzCheckLinear(Array((shape + shape).utf8), name: "markdown known shape '\(shape)'", every: 1) { input in
            _ = HTMLRenderer.render(MarkdownParser.parse(String(decoding: input, as: UTF8.self), options: .site))
        }
    }
    return true
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func markdownFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = markdownKnownShapesChecked
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = String(decoding: bytes, as: UTF8.self)
    let dialects: [(String, MarkdownOptions)] = [
        ("commonmark", .commonMark),
        ("site", .site),
        ("commonmark-escaped", MarkdownOptions(extensions: false, headingIDs: false, escapeRawHTML: true)),
        ("gfm-escaped", MarkdownOptions(escapeRawHTML: true, safeLinks: true)),
    ]
    for (name, options) in dialects {
        let first = HTMLRenderer.render(MarkdownParser.parse(source, options: options))
        let document = MarkdownParser.parse(source, options: options)
        let second = HTMLRenderer.render(document)
        if first != second { fuzzFail("\(name): two renders of the same input differ") }
        // The parse must also survive the metadata accessors the site uses.
        _ = document.plainText
        for heading in document.headings where heading.line < 1 || heading.column < 1 {
            fuzzFail("\(name): heading at line \(heading.line) column \(heading.column)")
        }
        for link in document.links where link.line < 1 || link.column < 1 {
            fuzzFail("\(name): link at line \(link.line) column \(link.column)")
        }
        // With raw HTML escaped, every '<' in the output is markup the renderer wrote itself.
        if options.escapeRawHTML, let problem = fuzzUnbalancedTag(Array(second.utf8)) {
            fuzzFail("\(name): unbalanced output: \(problem)")
        }
    }
    // Snippets: the input is also the text of snippets "a" (all of it) and "b" (its second half), so directives
    // in it include each other, cycle and nest; "c" is missing. Problems and positions must stay in range.
    let half = String(decoding: bytes[(bytes.count / 2)...], as: UTF8.self)
    var escapedSite = MarkdownOptions.site
    escapedSite.rawHTML = .escape
    func lookup(_ name: String) -> SnippetLookup {
        switch name {
        case "a": return .found(source: source, file: "a.md")
        case "b": return .found(source: half, file: "b.md")
        default: return .missing(hint: nil)
        }
    }
    let included = MarkdownParser.parse(source, options: escapedSite, snippets: lookup)
    let includedHTML = HTMLRenderer.render(included)
    if includedHTML != HTMLRenderer.render(MarkdownParser.parse(source, options: escapedSite, snippets: lookup)) {
        fuzzFail("snippets: two renders of the same input differ")
    }
    for problem in included.problems where problem.line < 1 || problem.column < 1 {
        fuzzFail("snippets: problem at line \(problem.line) column \(problem.column): \(problem.message)")
    }
    for link in included.links where link.line < 1 || link.column < 1 { fuzzFail("snippets: link at \(link.line):\(link.column)") }
    if let problem = fuzzUnbalancedTag(Array(includedHTML.utf8)) { fuzzFail("snippets: unbalanced output: \(problem)") }
    cmarkGFMDifferential(bytes, source: source)
    fuzzCheckLinear(bytes, name: "markdown commonmark") { input in
        _ = HTMLRenderer.render(MarkdownParser.parse(String(decoding: input, as: UTF8.self), options: .commonMark))
    }
    fuzzCheckLinear(bytes, name: "markdown site") { input in
        _ = HTMLRenderer.render(MarkdownParser.parse(String(decoding: input, as: UTF8.self), options: .site))
    }
    return 0
}
