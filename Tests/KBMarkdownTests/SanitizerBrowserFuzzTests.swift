import Foundation
import XCTest
import KBTestSupport
@testable import KBMarkdown

/// Hostile raw HTML, sanitized, then parsed by Chromium's own HTML parser: whatever the sanitizer wrote, the DOM
/// the browser builds from it must hold no script, no event handler and no script URL.
final class SanitizerBrowserFuzzTests: XCTestCase {
    /// Cases per run: enough to mix every piece with every other many times; the seed makes them the same each run.
    /// `KB_SANITIZER_FUZZ_CASES` and `KB_SANITIZER_FUZZ_SEED` run a longer or different hunt by hand.
    static let caseCount = Int(ProcessInfo.processInfo.environment["KB_SANITIZER_FUZZ_CASES"] ?? "") ?? 600
    static let seed = UInt64(ProcessInfo.processInfo.environment["KB_SANITIZER_FUZZ_SEED"] ?? "") ?? 0x6B62_5F73_616E_6974

    /// SplitMix64: small, deterministic, good enough to pick pieces.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    /// Sets a flag the checker reads, so a handler that runs is caught even if it leaves no attribute behind.
    static let payload = "window.kbPwned=(window.kbPwned||0)+1"

    static let schemes = [
        "javascript:", "JaVaScRiPt:", "jav&#x09;ascript:", "jav&#9;ascript:", "jav&Tab;ascript:", "java&NewLine;script:",
        "&#106;avascript:", "&#x6A;avascript:", "&#0000106;avascript:", "&#x6a&#x61;vascript:", "javascript&colon;",
        " javascript:", "\u{1}javascript:", "java\nscript:", "vbscript:", "VBScript:", "data:text/html,",
        "data:text/html;base64,PHNjcmlwdD4=", "DATA:image/svg+xml,", "jav\u{0}ascript:", "javascript\u{FEFF}:", "%6Aavascript:",
    ]

    static let tags = [
        "img", "IMG", "iMg", "svg", "SVG", "math", "a", "A", "iframe", "script", "ScRiPt", "style", "details", "summary",
        "table", "td", "noscript", "template", "textarea", "title", "xmp", "object", "embed", "form", "input", "button",
        "video", "audio", "source", "body", "base", "meta", "link", "select", "option", "marquee", "image", "animate",
        "set", "use", "foreignObject", "iframe srcdoc", "frameset", "isindex", "keygen", "p", "div", "span", "abbr",
        "kbd", "mark", "circle", "rect", "path", "text", "desc", "style/", "mglyph", "mtext", "annotation-xml",
    ]

    static let attributes = [
        "onerror", "ONLOAD", "onMouseOver", "onfocus", "onanimationstart", "onbegin", "ontoggle", "onpointerenter",
        "href", "src", "xlink:href", "action", "formaction", "srcdoc", "style", "background", "poster", "srcset",
        "data", "title", "alt", "class", "id", "autofocus", "open", "values", "attributeName", "to", "from", "by",
    ]

    /// One hostile fragment built from random pieces.
    static func fragment(_ random: inout Generator) -> String {
        func quoted(_ value: String) -> String {
            switch random.next() % 6 {
            case 0: return "\"\(value)\""
            case 1: return "'\(value)'"
            case 2: return value.replacingOccurrences(of: " ", with: "")
            case 3: return "\"\(value)"  // never closed
            case 4: return "`\(value)`"
            default: return "\"\(value)'"
            }
        }
        func separator() -> String { random.pick([" ", "/", "\t", "\n", "  ", "\u{C}", "/ ", ""]) }
        func attribute() -> String {
            let name = random.pick(attributes)
            let value: String
            if name.lowercased().hasPrefix("on") || name == "style" || name == "srcdoc" {
                value = name == "srcdoc" ? "<script>\(payload)</script>" : name == "style" ? "background:url(javascript:\(payload))" : payload
            } else if ["href", "src", "xlink:href", "action", "formaction", "background", "poster", "srcset", "data", "to", "values", "from", "by"].contains(name) {
                value = random.pick(schemes) + payload
            } else {
                value = random.pick(["x", "\"><img src=x onerror=\(payload)>", "</noscript><img src=x onerror=\(payload)>",
                                     "</style><img src=x onerror=\(payload)>", "</title><img src=x onerror=\(payload)>", "href"])
            }
            return name + random.pick(["=", " = ", "=\n"]) + quoted(value)
        }
        func tag() -> String {
            var text = "<" + random.pick(tags)
            for _ in 0..<Int(random.next() % 4) { text += separator() + attribute() }
            if random.chance(20) { text += random.pick(["/", " /", "//"]) }
            return text + (random.chance(90) ? ">" : "")
        }
        let wrappers: [(String) -> String] = [
            { $0 },
            { "<!-- \($0) -->" },
            { "<!--><img src=x onerror=\(payload)>-->\($0)" },
            { "<!-- --!>\($0)" },
            { "<![CDATA[\($0)]]>" },
            { "<table><tr><td>\($0)</td></tr></table>" },
            { "<table><td><table><caption>\($0)</table></td></table>" },
            { "<noscript><p title=\"</noscript>\($0)\"></noscript>" },
            { "<template>\($0)</template>\($0)" },
            { "<textarea>\($0)</textarea>" },
            { "<svg>\($0)</svg>" },
            { "<svg><style>\($0)</style></svg>" },
            { "<math><mtext><table><mglyph><style>\($0)" },
            { "<svg></p><style><a id=\"</style>\($0)\">" },
            { "<title><a title=\"</title>\($0)\">" },
            { "<details open ontoggle=\(payload)>\($0)</details>" },
            { "<a href=\"jav&#x09;ascript:\(payload)\">\($0)</a>" },
            { "<svg><a xlink:href=\"javascript:\(payload)\"><text>\($0)</text></a></svg>" },
            { "<form><math><mtext></form><form><mglyph><style></math>\($0)" },
            { "<select><template><style>\($0)</style></template></select>" },
            { "<? \($0) ?>" },
            { "</\($0)>" },
        ]
        var text = ""
        for _ in 0..<(1 + Int(random.next() % 3)) {
            var piece = tag()
            if random.chance(60) { piece += random.pick(["x", "<b>b</b>", "text", ""]) + "</" + random.pick(tags) + ">" }
            text += random.pick(wrappers)(piece)
        }
        return text
    }

    /// Runs after the page's own parsing and handlers. Checks the whole page's DOM, then each case again on its own
    /// (parsed by the browser's DOMParser), so a problem is pinned to its case even when an earlier case left a
    /// table open and the parser moved later elements about. Writes `{checked, pwned, page, cases}` into `#report`.
    static let checker = """
        <script id="kb-checker">
        (function () {
          var urlAttributes = ["href", "src", "xlink:href", "action", "formaction", "background", "poster", "srcset", "data", "to", "values", "from", "by"];
          var forbidden = ["script", "iframe", "object", "embed", "style", "base", "meta", "link", "form", "frame", "frameset",
                           "use", "foreignobject", "animate", "set", "animatetransform", "animatemotion", "input", "button", "textarea", "select"];
          function check(root, label, bad) {
            var all = root.querySelectorAll("*");
            for (var i = 0; i < all.length; i++) {
              var el = all[i], name = el.localName.toLowerCase();
              if (el.id === "kb-checker" || el.id === "kb-cases" || el.closest("head")) continue;
              if (forbidden.indexOf(name) >= 0) bad.push(label + " <" + name + "> element");
              for (var k = 0; k < el.attributes.length; k++) {
                var attr = el.attributes[k], attrName = attr.name.toLowerCase();
                if (attrName.indexOf("on") === 0 || attrName === "style" || attrName === "srcdoc") bad.push(label + " <" + name + "> has " + attrName);
                if (urlAttributes.indexOf(attrName) >= 0 || attrName.slice(-5) === ":href") {
                  // The browser's own URL parser says which scheme the value really has.
                  var scheme = "";
                  try { scheme = new URL(attr.value, "https://kb.invalid/").protocol; } catch (e) { scheme = "invalid:"; }
                  var loose = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
                  if (["javascript:", "vbscript:", "data:", "file:"].indexOf(scheme) >= 0 || /(^|,)(javascript|vbscript|data|file):/.test(loose)) {
                    bad.push(label + " <" + name + "> " + attrName + "=" + attr.value);
                  }
                }
              }
            }
            return all.length;
          }
          var page = [], cases = [];
          var checked = check(document, "page", page);
          var list = JSON.parse(document.getElementById("kb-cases").textContent);
          for (var n = 0; n < list.length; n++) {
            var doc = new DOMParser().parseFromString("<!DOCTYPE html><html><head></head><body><div>" + list[n][1] + "</div></body></html>", "text/html");
            check(doc, list[n][0], cases);
          }
          var report = document.createElement("pre");
          report.id = "report";
          report.textContent = JSON.stringify({checked: checked, pwned: window.kbPwned || 0, page: page, cases: cases});
          document.body.appendChild(report);
        })();
        </script>
        """

    func testChromiumFindsNoScriptInAnySanitizedFragment() throws {
        let chromium = try ExternalTool.chromium()
        var random = Generator(state: Self.seed)
        var body = ""
        var inputs: [String] = []
        var cases: [[String]] = []
        for index in 0..<Self.caseCount {
            let raw = Self.fragment(&random)
            inputs.append(raw)
            // Half as an HTML fragment (an HTML block), half inline in a Markdown paragraph, where each tag is sanitized alone.
            let clean = index % 2 == 0 ? HTMLSanitizer.sanitize(raw)
                : HTMLRenderer.render(MarkdownParser.parse("Text " + raw.replacingOccurrences(of: "\n", with: " ") + " end.\n", options: .site))
            body += "<div data-case=\"\(index)\">\(clean)</div>\n"
            cases.append([String(index), clean])
        }
        // Unsanitized controls, checked like the cases (but kept off the page), prove the checker sees what it looks for.
        let controls = ["<img src=x onerror=window.kbControl=1>", "<a href=\"jav&#x09;ascript:void(0)\">x</a>",
                        "<svg><a xlink:href=\"javascript:void(0)\"><text>t</text></a></svg>", "<iframe srcdoc=x></iframe>"]
        for (index, control) in controls.enumerated() { cases.append(["control-\(index)", control]) }
        // JSONSerialization writes `/` as `\/`, so no `</script>` can end the block early.
        let json = String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-sanitizer-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Kept when the test fails, so the page and the browser's DOM can be looked at.
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let page = folder.appendingPathComponent("cases.html")
        try ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cases</title>"
             + "<script type=\"application/json\" id=\"kb-cases\">\(json)</script></head><body>\n\(body)\(Self.checker)</body></html>\n")
            .write(to: page, atomically: true, encoding: .utf8)

        let dom = try dumpDOM(chromium, page, profile: folder.appendingPathComponent("profile"))
        guard let start = dom.range(of: "<pre id=\"report\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            keep = true
            // The checker did not run: some output swallowed the rest of the page (an unclosed raw-text element).
            return XCTFail("the checker script did not run; the sanitized page is in \(page.path)\n" + String(dom.suffix(2000)))
        }
        let text = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
        let found = report["cases"] as? [String] ?? []
        let bad = found.filter { !$0.hasPrefix("control-") }
        for index in controls.indices {
            XCTAssertTrue(found.contains { $0.hasPrefix("control-\(index) ") }, "the checker missed control \(index): \(controls[index])")
        }
        XCTAssertGreaterThan(report["checked"] as? Int ?? 0, Self.caseCount, "the checker saw too few elements")
        XCTAssertEqual(report["pwned"] as? Int, 0, "an event handler ran")
        let onPage = report["page"] as? [String] ?? []
        if !bad.isEmpty || !onPage.isEmpty {
            keep = true
            let examples = bad.prefix(10).map { line -> String in
                let index = Int(line.prefix { $0.isNumber }) ?? 0
                return line + "\n    input: " + inputs[index]
            }
            XCTFail("\(bad.count) problems in cases, \(onPage.count) on the page (page and DOM kept in \(folder.path)):\n"
                    + (examples + onPage.prefix(10)).joined(separator: "\n"))
        }
        // The serialized DOM agrees: the only scripts are the test's own two.
        XCTAssertEqual(dom.components(separatedBy: "<script").count - 1, 2)
        let pageBody = dom.range(of: "</head>").map { String(dom[$0.upperBound...]) } ?? dom
        XCTAssertFalse(pageBody.contains("<iframe"))
    }

    private func dumpDOM(_ chromium: String, _ page: URL, profile: URL) throws -> String {
        let output = page.deletingLastPathComponent().appendingPathComponent("dom.html")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                             "--virtual-time-budget=3000", "--dump-dom", page.absoluteString]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); XCTFail("chromium timed out") }
        try handle.close()
        return try String(contentsOf: output, encoding: .utf8)
    }
}
