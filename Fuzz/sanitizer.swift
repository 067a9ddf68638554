// libFuzzer harness for the raw-HTML sanitizer: whatever the input, the output has no event handler, style or
// srcdoc attribute, no script URL, no dropped element, and sanitizing it again changes nothing; time is linear.
// Built by run.sh together with Sources/KBMarkdown/*.swift and FuzzSupport.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func sanitizerFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = String(decoding: bytes, as: UTF8.self)
    let clean = HTMLSanitizer.sanitize(source)
    if let problem = sanitizerProblem(Array(clean.utf8)) { fuzzFail("sanitizer: \(problem) in \(clean.debugDescription)") }
    if HTMLSanitizer.sanitize(clean) != clean { fuzzFail("sanitizer: not idempotent on \(clean.debugDescription)") }
    // Inline raw HTML in a paragraph is sanitized tag by tag, through the site's Markdown options.
    let page = HTMLRenderer.render(MarkdownParser.parse(source, options: .site))
    if let problem = sanitizerProblem(Array(page.utf8)) { fuzzFail("site markdown: \(problem) in \(page.debugDescription)") }
    fuzzCheckLinear(bytes, name: "sanitizer") { input in _ = HTMLSanitizer.sanitize(String(decoding: input, as: UTF8.self)) }
    return 0
}

/// Reads the tags of sanitizer output (every `<` followed by a letter or `/` is one it wrote: text `<` is `&lt;`)
/// and returns the first forbidden thing found.
func sanitizerProblem(_ html: [UInt8]) -> String? {
    let forbiddenElements: Set<String> = ["script", "style", "iframe", "object", "embed", "use", "foreignobject", "animate", "set",
                                          "math", "template", "textarea", "noscript", "xmp", "base", "meta", "link", "form"]
    var k = 0
    while k < html.count {
        guard html[k] == UInt8(ascii: "<"), k + 1 < html.count, isLetter(html[k + 1]) || html[k + 1] == UInt8(ascii: "/") else { k += 1; continue }
        k += 1
        if html[k] == UInt8(ascii: "/") { k += 1 }
        var name: [UInt8] = []
        while k < html.count, !isSpace(html[k]), html[k] != UInt8(ascii: ">"), html[k] != UInt8(ascii: "/") { name.append(lower(html[k])); k += 1 }
        let element = String(decoding: name, as: UTF8.self)
        if forbiddenElements.contains(element) { return "element <\(element)>" }
        // Attributes: name, optional ="value" (the sanitizer always double-quotes and escapes `"`).
        while k < html.count, html[k] != UInt8(ascii: ">") {
            if isSpace(html[k]) || html[k] == UInt8(ascii: "/") { k += 1; continue }
            var attribute: [UInt8] = []
            while k < html.count, !isSpace(html[k]), html[k] != UInt8(ascii: "="), html[k] != UInt8(ascii: ">"), html[k] != UInt8(ascii: "/") {
                attribute.append(lower(html[k])); k += 1
            }
            var value: [UInt8] = []
            if k < html.count, html[k] == UInt8(ascii: "=") {
                k += 1
                guard k < html.count, html[k] == UInt8(ascii: "\"") else { return "unquoted value of \(String(decoding: attribute, as: UTF8.self))" }
                k += 1
                while k < html.count, html[k] != UInt8(ascii: "\"") { value.append(html[k]); k += 1 }
                k += 1
            }
            let attributeName = String(decoding: attribute, as: UTF8.self)
            if attribute.starts(with: "on".utf8) || attributeName == "style" || attributeName == "srcdoc" || attributeName.hasSuffix("href") && attributeName != "href" {
                return "attribute \(attributeName) on <\(element)>"
            }
            if ["href", "src", "cite", "action", "formaction"].contains(attributeName) {
                let scheme = unescape(value).filter { $0 > 0x20 && $0 != 0x7F }.prefix(12).map(lower)
                for bad in ["javascript:", "vbscript:", "file:"] where scheme.starts(with: bad.utf8) {
                    return "\(bad) URL in \(attributeName) on <\(element)>"
                }
            }
        }
        k += 1
    }
    return nil
}

func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 12 || c == 13 }
func lower(_ c: UInt8) -> UInt8 { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c }

/// Undoes the sanitizer's escaping of a value (`&amp;` `&quot;` `&lt;` `&gt;`); other references were decoded before it.
func unescape(_ value: [UInt8]) -> [UInt8] {
    var text = String(decoding: value, as: UTF8.self)
    for (entity, character) in [("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
        text = text.split(separator: entity, omittingEmptySubsequences: false).joined(separator: character)
    }
    return Array(text.utf8)
}
