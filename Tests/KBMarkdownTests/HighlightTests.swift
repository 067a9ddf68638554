import Foundation
import XCTest
@testable import KBMarkdown

/// Build-time highlighting: the tokens of each language, the option's switch, and escaping.
final class HighlightTests: XCTestCase {
    static let options = MarkdownOptions(highlight: true)

    func render(_ markdown: String, _ options: MarkdownOptions = options) -> String {
        HTMLRenderer.render(MarkdownParser.parse(markdown, options: options))
    }

    /// The inside of `<code>` for a fenced block in `language`.
    func code(_ language: String, _ source: String) -> String {
        let html = render("```\(language)\n\(source)\n```\n")
        guard let open = html.range(of: "\">"), let close = html.range(of: "</code></pre>", options: .backwards) else { return html }
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// The highlighted code with each `<span class="tok-K">T</span>` written `[K:T]`, entities decoded.
    func marked(_ language: String, _ source: String) -> String {
        var text = code(language, source)
        while let open = text.range(of: "<span class=\"tok-"), let quote = text.range(of: "\">", range: open.upperBound..<text.endIndex),
              let close = text.range(of: "</span>", range: quote.upperBound..<text.endIndex) {
            let kind = text[open.upperBound..<quote.lowerBound], inner = text[quote.upperBound..<close.lowerBound]
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: "[\(kind):\(inner)]")
        }
        // The block's last newline may sit inside the last token.
        if text.hasSuffix("\n]") { text.remove(at: text.index(text.endIndex, offsetBy: -2)) } else if text.hasSuffix("\n") { text.removeLast() }
        return Self.unescape(text)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: the switch

    func testUnknownLanguageRendersPlainWithItsClass() {
        XCTAssertEqual(render("```brainfuck\n+[<->]\n```\n"), "<pre><code class=\"language-brainfuck\">+[&lt;-&gt;]\n</code></pre>\n")
    }

    func testTextLanguageHasNoTokens() {
        XCTAssertEqual(render("```text\nif \"a\" # b\n```\n"), "<pre><code class=\"language-text\">if &quot;a&quot; # b\n</code></pre>\n")
    }

    func testOffForCommonMarkAndGFMOnForTheSite() {
        let block = "```sh\necho hi\n```\n"
        XCTAssertEqual(render(block, .commonMark), "<pre><code class=\"language-sh\">echo hi\n</code></pre>\n")
        XCTAssertEqual(render(block, .gfm), "<pre><code class=\"language-sh\">echo hi\n</code></pre>\n")
        XCTAssertEqual(render(block, .site),
                       "<pre><code class=\"language-sh\"><span class=\"tok-keyword\">echo</span> hi\n</code></pre>\n")
    }

    func testRenderCanTurnHighlightingOffForAParsedDocument() {
        let document = MarkdownParser.parse("```sh\necho hi\n```\n", options: .site)
        XCTAssertEqual(HTMLRenderer.render(document, rawHTML: .sanitize, highlight: false),
                       "<pre><code class=\"language-sh\">echo hi\n</code></pre>\n")
    }

    func testLanguageNameIgnoresCaseAndTheRestOfTheInfoString() {
        XCTAssertEqual(marked("JSON title=\"x\"", "1"), "[number:1]")
    }

    func testIndentedCodeIsNotHighlighted() {
        XCTAssertEqual(render("    echo \"a\"\n"), "<pre><code>echo &quot;a&quot;\n</code></pre>\n")
    }

    func testBlockOverTheLimitRendersPlain() {
        let big = String(repeating: "a", count: Highlighter.maxHighlightedBytes) + " \"s\""
        XCTAssertFalse(code("sh", big).contains("<span"))
        XCTAssertTrue(code("sh", "a \"s\"").contains("<span"))
    }

    // MARK: languages

    func testShell() {
        XCTAssertEqual(marked("bash", "# fetch\nNAME=x curl -sI \"$URL/a\" | grep -i 'cache' > out.txt && echo ${HOME} 2"),
                       "[comment:# fetch]\n[name:NAME][operator:=]x [name:curl] [attribute:-sI] [string:\"$URL/a\"] [operator:|] "
                       + "[name:grep] [attribute:-i] [string:'cache'] [operator:>] out.txt [operator:&&] [keyword:echo] [name:${HOME}] [number:2]")
        XCTAssertEqual(marked("sh", "if [ -f a#b ]; then exit 1; fi"),
                       "[keyword:if] [name:[] [attribute:-f] a#b ][operator:;] [keyword:then] [keyword:exit] [number:1][operator:;] [keyword:fi]")
    }

    func testConsolePromptsAndOutput() {
        XCTAssertEqual(marked("console", "$ curl -I https://example.com \\\n  -H 'X: y'\nHTTP/2 502\n# nginx -t\n> dir"),
                       "[prompt:$ ][name:curl] [attribute:-I] https://example.com \\\n  [attribute:-H] [string:'X: y']\n"
                       + "[output:HTTP/2 502]\n[prompt:# ][name:nginx] [attribute:-t]\n[prompt:> ][name:dir]")
    }

    func testHTTPRequestResponseAndJSONBody() {
        XCTAssertEqual(marked("http", "GET /api?q=1 HTTP/1.1\nHost: example.com\n\nHTTP/1.1 503 Service Unavailable\n"
                                      + "Retry-After: 120\nContent-Type: application/problem+json\n\n{\"status\": 503}"),
                       "[keyword:GET] [string:/api?q=1] [keyword:HTTP/1.1]\n[attribute:Host][punctuation::] example.com\n\n"
                       + "[keyword:HTTP/1.1] [number:503] [name:Service Unavailable]\n[attribute:Retry-After][punctuation::] [number:120]\n"
                       + "[attribute:Content-Type][punctuation::] application/problem+json\n\n"
                       + "[punctuation:{][attribute:\"status\"][punctuation::] [number:503][punctuation:}]")
    }

    func testHTTPBodyWithoutAKnownTypeStaysPlain() {
        XCTAssertEqual(marked("http", "HTTP/1.1 502 Bad Gateway\nContent-Type: text/plain\n\n{\"a\": 1}"),
                       "[keyword:HTTP/1.1] [number:502] [name:Bad Gateway]\n[attribute:Content-Type][punctuation::] text/plain\n\n{\"a\": 1}")
    }

    func testNginx() {
        XCTAssertEqual(marked("nginx", "location ~* \\.php$ {\n  proxy_read_timeout 60s; # slow\n  add_header X-Cache $upstream_cache_status \"a b\";\n}"),
                       "[keyword:location] [operator:~*] \\.php$ [punctuation:{]\n  [keyword:proxy_read_timeout] [number:60s][punctuation:;] [comment:# slow]\n"
                       + "  [keyword:add_header] X-Cache [name:$upstream_cache_status] [string:\"a b\"][punctuation:;]\n[punctuation:}]")
    }

    func testApache() {
        XCTAssertEqual(marked("apache", "# c\n<Directory \"/var/www\">\n  RewriteRule ^(.*)$ /$1 [R=301,L]\n  Timeout 60\n</Directory>"),
                       "[comment:# c]\n[punctuation:<][keyword:Directory] [string:\"/var/www\"][punctuation:>]\n"
                       + "  [keyword:RewriteRule] ^(.*)$ /[name:$1] [attribute:[R=301,L]]\n  [keyword:Timeout] [number:60]\n"
                       + "[punctuation:</][keyword:Directory][punctuation:>]")
    }

    func testCaddyfile() {
        XCTAssertEqual(marked("caddyfile", "example.com {\n  @api path /api/*\n  reverse_proxy @api localhost:8080 # to app\n  header X-Host {host}\n}"),
                       "[name:example.com] [punctuation:{]\n  [attribute:@api] path /api/*\n  [keyword:reverse_proxy] [attribute:@api] localhost:8080 [comment:# to app]\n"
                       + "  [keyword:header] X-Host [name:{host}]\n[punctuation:}]")
    }

    func testJSON() {
        XCTAssertEqual(marked("json", "{\"a\" : [1, -2.5e3, true, null], \"b\": \"x\\\"y\"}"),
                       "[punctuation:{][attribute:\"a\"] [punctuation::] [punctuation:[][number:1][punctuation:,] [number:-2.5e3][punctuation:,] "
                       + "[keyword:true][punctuation:,] [keyword:null][punctuation:],] [attribute:\"b\"][punctuation::] [string:\"x\\\"y\"][punctuation:}]")
    }

    func testYAML() {
        XCTAssertEqual(marked("yaml", "---\ntitle: \"Help: FAQ\" # c\ncount: 12\nlist:\n  - &x on\n  - url: http://x/y\n"),
                       "[punctuation:---]\n[attribute:title][punctuation::] [string:\"Help: FAQ\"] [comment:# c]\n[attribute:count][punctuation::] [number:12]\n"
                       + "[attribute:list][punctuation::]\n  [punctuation:-] [name:&x] [keyword:on]\n  [punctuation:-] [attribute:url][punctuation::] http://x/y\n")
    }

    func testTOML() {
        XCTAssertEqual(marked("toml", "[server]\nsite.port = 8080 # c\n\"key\" = '''\nraw\n'''\nwhen = 1979-05-27T07:32:00Z\nlist = [\n  \"a\",\n]"),
                       "[name:[server]]\n[attribute:site][punctuation:.][attribute:port] [operator:=] [number:8080] [comment:# c]\n"
                       + "[attribute:\"key\"] [operator:=] [string:'''\nraw\n''']\n[attribute:when] [operator:=] [number:1979-05-27T07:32:00Z]\n"
                       + "[attribute:list] [operator:=] [punctuation:[]\n  [string:\"a\"][punctuation:,]\n[punctuation:]]")
    }

    func testINI() {
        XCTAssertEqual(marked("ini", "; c\n[php]\nmemory_limit = 128M\nmax = 30\ndisplay_errors=Off\nplain line"),
                       "[comment:; c]\n[name:[php]]\n[attribute:memory_limit] [operator:=] 128M\n[attribute:max] [operator:=] [number:30]\n"
                       + "[attribute:display_errors][operator:=][keyword:Off]\nplain line")
    }

    func testJavaScriptAndTypeScript() {
        XCTAssertEqual(marked("js", "const r = await fetch('/a'); // c\nif (r.status >= 500) retry(1.5e3 / 2, /a\\/[/]b/g);"),
                       "[keyword:const] r [operator:=] [keyword:await] [name:fetch][punctuation:(][string:'/a'][punctuation:);] [comment:// c]\n"
                       + "[keyword:if] [punctuation:(]r[punctuation:.]status [operator:>=] [number:500][punctuation:)] [name:retry]"
                       + "[punctuation:(][number:1.5e3] [operator:/] [number:2][punctuation:,] [string:/a\\/[/]b/g][punctuation:);]")
        XCTAssertEqual(marked("ts", "interface A { n: number } /* x */ let t = `a ${b}`"),
                       "[keyword:interface] A [punctuation:{] n[operator::] [keyword:number] [punctuation:}] [comment:/* x */] "
                       + "[keyword:let] t [operator:=] [string:`a ${b}`]")
    }

    func testPython() {
        XCTAssertEqual(marked("python", "@app.get('/')\ndef handler(x):\n    \"\"\"Doc\n    more\"\"\"\n    return rb'\\x00' if x is None else 0x1F  # c"),
                       "[attribute:@app.get][punctuation:(][string:'/'][punctuation:)]\n[keyword:def] [name:handler][punctuation:(]x[punctuation:):]\n"
                       + "    [string:\"\"\"Doc\n    more\"\"\"]\n    [keyword:return] [string:rb'\\x00'] [keyword:if] x [keyword:is] [keyword:None] "
                       + "[keyword:else] [number:0x1F]  [comment:# c]")
    }

    func testHTMLWithScriptAndStyle() {
        XCTAssertEqual(marked("html", "<!DOCTYPE html><!-- c --><a href=\"/x\" hidden>A &amp; B</a><script>let a = \"</p>\";</script><style>p { color: red }</style>"),
                       "[keyword:<!DOCTYPE html>][comment:<!-- c -->][punctuation:<][name:a] [attribute:href][punctuation:=][string:\"/x\"] "
                       + "[attribute:hidden][punctuation:>]A [keyword:&amp;] B[punctuation:</][name:a][punctuation:><][name:script][punctuation:>]"
                       + "[keyword:let] a [operator:=] [string:\"</p>\"][punctuation:;</][name:script][punctuation:><][name:style][punctuation:>]"
                       + "[name:p] [punctuation:{] [attribute:color][punctuation::] red [punctuation:}</][name:style][punctuation:>]")
    }

    func testXML() {
        XCTAssertEqual(marked("xml", "<?xml version=\"1.0\"?><r a='1'/><![CDATA[<x>]]>"),
                       "[keyword:<?xml version=\"1.0\"?>][punctuation:<][name:r] [attribute:a][punctuation:=][string:'1'][punctuation:/>][string:<![CDATA[<x>]]>]")
    }

    func testCSS() {
        XCTAssertEqual(marked("css", "@media (max-width: 600px) {\n  .card > a:hover, #id { margin: -1.5em 0 !important; color: #fff; background: url(\"x.png\") }\n}"),
                       "[keyword:@media] [punctuation:(][name:max-width][punctuation::] [number:600px][punctuation:)] [punctuation:{]\n"
                       + "  [attribute:.card] [punctuation:>] [name:a][keyword::hover][punctuation:,] [attribute:#id] [punctuation:{] "
                       + "[attribute:margin][punctuation::] [number:-1.5em] [number:0] [keyword:!important][punctuation:;] "
                       + "[attribute:color][punctuation::] [number:#fff][punctuation:;] [attribute:background][punctuation::] "
                       + "[name:url][punctuation:(][string:\"x.png\"][punctuation:)] [punctuation:}]\n[punctuation:}]")
    }

    func testDiff() {
        XCTAssertEqual(marked("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n\\ No newline at end of file"),
                       "[keyword:--- a/x]\n[keyword:+++ b/x]\n[name:@@ -1 +1 @@]\n[deleted:-old]\n[inserted:+new]\n same\n[comment:\\ No newline at end of file]")
    }

    func testSQL() {
        XCTAssertEqual(marked("sql", "-- c\nSELECT id, count(*) FROM logs WHERE status = 502 AND path LIKE '/it''s%' AND \"user\" = $1;"),
                       "[comment:-- c]\n[keyword:SELECT] id[punctuation:,] [name:count][punctuation:(][operator:*][punctuation:)] [keyword:FROM] logs "
                       + "[keyword:WHERE] status [operator:=] [number:502] [keyword:AND] path [keyword:LIKE] [string:'/it''s%'] [keyword:AND] "
                       + "[name:\"user\"] [operator:=] [name:$1][punctuation:;]")
    }

    // MARK: safety

    /// Inputs that open constructs and never close them, with markup characters and multi-byte text.
    static let hostile = [
        "\"unterminated", "'a", "`tick", "/* open", "<!-- open", "<a b=\"c", "<script>x", "<style>p{", "${x", "$(", "{{{",
        "\"\"\"triple", "'''raw", "[table", "@@", "\\", "a: \"b", "- - -", "<![CDATA[x", "&amp", "&#x;", "%{X", "/[/",
        "é ü → 😀 \"ü\" 'ü' # ü", "<>&\"'", "\u{0}\u{1}\t\r\n", "--", "+x\n-y", "$ \n# \n> ",
        "GET / HTTP/1.1\nContent-Type: json\n\n{\"a", "@media {", "a { b: c", "}}}}", "x = [", "#!/bin/sh",
    ]

    func testEveryLanguageKeepsTheTextAndNeverNestsSpans() {
        for language in HighlightLanguage.aliases.keys.sorted() {
            for sample in Self.hostile {
                if ProcessInfo.processInfo.environment["HL_TRACE"] != nil { print(language, sample.debugDescription) }
                let source = sample + "\n" + Self.hostile.joined(separator: " ")
                let html = code(language, source)
                // Tokens never nest: every span closes before the next opens.
                var depth = 0
                var rest = Substring(html)
                while let tag = rest.firstIndex(of: "<") {
                    rest = rest[tag...]
                    if rest.hasPrefix("<span class=\"tok-") { depth += 1 } else if rest.hasPrefix("</span>") { depth -= 1 } else {
                        XCTFail("\(language): raw '<' in output for \(sample.debugDescription)")
                        break
                    }
                    XCTAssertTrue(depth == 0 || depth == 1, "\(language): nested span for \(sample.debugDescription)")
                    rest = rest.dropFirst()
                }
                XCTAssertEqual(depth, 0, "\(language)")
                let text = html.replacingOccurrences(of: "</span>", with: "")
                    .replacingOccurrences(of: "<span class=\"tok-[a-z]+\">", with: "", options: .regularExpression)
                let expected = (source + "\n").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                    .replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
                XCTAssertEqual(Self.unescape(text), expected, "\(language): text changed for \(sample.debugDescription)")
            }
        }
    }

    func testTheTokenClassesAreTheDocumentedSetAndTheThemeColoursEach() throws {
        let classes = HighlightTokenKind.allCases.map { "\($0.cssClass)" }
        XCTAssertEqual(classes, ["tok-keyword", "tok-string", "tok-number", "tok-comment", "tok-name", "tok-attribute", "tok-operator",
                                 "tok-punctuation", "tok-prompt", "tok-output", "tok-inserted", "tok-deleted"])
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let css = try String(contentsOf: repository.appendingPathComponent("Templates/assets/style.css"), encoding: .utf8)
        let docs = try String(contentsOf: repository.appendingPathComponent("Docs/markdown.md"), encoding: .utf8)
        for name in classes {
            XCTAssertTrue(css.contains(".\(name)"), "the theme does not style \(name)")
            XCTAssertTrue(docs.contains("`\(name)`"), "Docs/markdown.md does not list \(name)")
        }
        for alias in HighlightLanguage.aliases.keys {
            XCTAssertTrue(docs.contains("`\(alias)`"), "Docs/markdown.md does not list the language name \(alias)")
        }
    }
}
