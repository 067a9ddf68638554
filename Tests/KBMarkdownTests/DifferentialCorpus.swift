/// A deterministic generator of Markdown documents built from what real documentation uses (issue #18):
/// every construct below, alone and in pairs, inside every container. The recorded cmark-gfm output of these
/// documents is `Tests/KBMarkdownDifferential/cmark-gfm.json` (made by `record.sh` there).
enum DifferentialCorpus {
    /// Inline pieces, each placed in a paragraph (reference and footnote definitions they use follow).
    static let inlines: [(text: String, definitions: String)] = [
        ("[https://a.com](https://a.com)", ""),
        ("[http://a.com/x?y=1](http://a.com/x?y=1) and [ftp://f.org](ftp://f.org)", ""),
        ("[www.a.com](http://www.a.com) then www.b.com.", ""),
        ("[https://a.com][r] and [r] and [R][]", "[r]: https://b.com \"Title\""),
        ("[https://a.com]", ""),
        ("[www.a.com] or [a@b.com]", ""),
        ("![https://a.com](x.png \"t\") ![alt *em*](y.png)", ""),
        ("[![https://a.com](x.png)](https://a.com)", ""),
        ("[see [the] docs](https://x.com/a_(b)) and [a [b [c]] d](/u)", ""),
        ("[x https://a.com unclosed", ""),
        ("[x] https://a.com/path", ""),
        ("https://a.com/x. https://a.com/x, (https://a.com/x) https://a.com/x?", ""),
        ("www.a.com/(x)) www.a.com/a(b)c https://a.com/x<y", ""),
        ("*https://a.com* _www.a.com_ ~~https://a.com~~ **www.c.com**", ""),
        ("mail a@b.com. or a.b-c_d+e@x.y.org, not a@b", ""),
        ("<https://a.com/auto> <a@b.com> <ftp://x.y>", ""),
        ("https://a.com/?q=1&amp;r=2 https://a.com/&copy; https://a.com/a&b;", ""),
        ("x https://a.com:8080/p#frag and http://localhost:3000/ and https://a_b.c_d.com", ""),
        ("*a*. **\"b\"** _c_, foo*bar* *(a)* __a__b ***x*** _a_b_ *a **b** c*", ""),
        ("~~del~~! ~one~ ~~a ~b~~ **bold**: `code` *it*'s", ""),
        ("`a|b` `` `x` `` <span class=\"k\">html</span> <b>*b*</b> &amp; &copy; &#35; \\*not\\*", ""),
        ("Note[^1] and again[^1], another[^n].", "[^1]: The *first* note with https://a.com.\n\n[^n]: Second."),
        ("hard  \nbreak\\\nand soft\nbreak", ""),
        ("[link](</a b> \"t\") [e]() [t](/u 'single') [p](/u (paren))", ""),
        ("<script>alert(1)</script> <textarea>x</textarea> <em>ok</em>", ""),
        ("\"https://a.com\" 'www.a.com' <p>https://a.com</p> :https://a.com x:https://a.com", ""),
        ("**Note:** _snake_case_words_ __init__ 2*3*4 a * b * c *a*b* **a**b", ""),
        ("[link *with* `code` and https://a.com](/u) [**bold** www.x.com][r]", "[r]: /ref"),
        ("[a](https://x.com/(a)(b)) [b](https://x.com/a\\)b) [c](#frag \"t\") ![d](/i.png?x=1&y=2)", ""),
        ("~~**strong del**~~ **~~del strong~~** *~~mixed*~~ ~~a~~b", ""),
        ("`` then `a`b`c` after an unclosed run", ""),
        ("<!-- markdownlint-disable-line MD034 -- see https://a.com --> [!NOTE] **x**", ""),
        ("www.a.com* https://a.com_ https://a.com~ www.a.com** (www.a.com) [www.a.com)", ""),
    ]

    /// Whole blocks.
    static let blocks: [String] = [
        "- a\n- b\n  - c\n  - d\n- e",
        "1. one\n\n2. two\n\n   more\n3. three",
        "- [ ] todo\n- [x] done\n- [X] upper\n- not a task",
        "- [ ] loose todo\n\n- [x] loose done *em*",
        "* item\n\n  para\n\n  ```\n  code\n  ```\n* next",
        "- a\n  1. b\n     - [ ] c\n       > d",
        "| a | b |\n|---|:-:|\n| *x* | [l](u) |\n| `c\\|d` | https://a.com |",
        "Name | Value\n--- | ---:\n**bold** | ~~old~~\n[https://a.com](https://a.com) | <b>h</b>",
        "| only |\n|------|",
        "<div>\n*not emphasis*\n</div>",
        "<details>\n<summary>More</summary>\n\nSome *text*.\n\n</details>",
        "<!-- a comment -->\n\nafter",
        "```js\nlet x = a < b && c > d;\n```",
        "~~~\n[https://a.com](https://a.com)\n~~~",
        "    indented code\n    <x>",
        "## Heading with *emphasis* and [link](/x)\n\nText.\n\nSetext\n------",
        "> quoted [https://a.com](https://a.com)\n> - in list",
        "Term\n\n---\n\n***",
        "[def]: https://d.com\n[Def Two]: <https://e.com> 'T'\n\n[def] and [def two]",
        "Para[^f]\n\n[^f]: Footnote with a list:\n\n    - one\n    - two",
        "Paragraph\n- list right after\n\n1) other\n2) marker",
        "a | b\n- | -\n`x\\|y` | ![i](i.png)\n~~s~~ | www.a.com",
        "Lazy\ncontinuation\n> quote\nlazy line",
        "<table><tr><td>\n\n**cell**\n\n</td></tr></table>",
        "[^long]: Para one.\n\n    Para two with `code`.\n\nRef[^long] here.",
        "- a\n\n\n- b\n\n      code in item",
        "Heading\n===\n- [x] after heading\n- [ ] second",
    ]

    /// Containers, each a function from a block's lines to the contained lines.
    static let containers: [(name: String, wrap: @Sendable (String) -> String)] = [
        ("none", { $0 }),
        ("quote", { prefix($0, first: "> ", rest: "> ", blank: ">") }),
        ("bullet", { prefix($0, first: "- ", rest: "  ", blank: "") }),
        ("ordered", { prefix($0, first: "1. ", rest: "   ", blank: "") }),
        ("quote in bullet", { prefix(prefix($0, first: "> ", rest: "> ", blank: ">"), first: "- ", rest: "  ", blank: "") }),
        ("bullet in quote", { prefix(prefix($0, first: "- ", rest: "  ", blank: ""), first: "> ", rest: "> ", blank: ">") }),
        ("nested bullets", { prefix(prefix($0, first: "- ", rest: "  ", blank: ""), first: "- ", rest: "  ", blank: "") }),
        ("task item", { prefix($0, first: "- [ ] ", rest: "  ", blank: "") }),
    ]

    /// Prefixes the first line with `first`, later lines with `rest` (or `blank` when they are empty).
    static func prefix(_ text: String, first: String, rest: String, blank: String) -> String {
        var out: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index == 0 { out.append(first + line) } else { out.append(line.isEmpty ? blank : rest + line) }
        }
        return out.joined(separator: "\n")
    }

    /// The pieces: each inline as a paragraph (with its definitions) and each block.
    static var pieces: [String] {
        inlines.map { $0.definitions.isEmpty ? "Text " + $0.text + " end." : "Text " + $0.text + " end.\n\n" + $0.definitions }
            + blocks
    }

    /// Every piece in every container, then pairs of pieces chosen by a fixed linear congruential sequence.
    static func documents(pairs: Int = 100) -> [String] {
        var documents: [String] = []
        for piece in pieces {
            for container in containers { documents.append(container.wrap(piece) + "\n") }
        }
        var state: UInt64 = 0x5eed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let all = pieces
        for _ in 0..<pairs {
            let a = all[next(all.count)], b = all[next(all.count)]
            let container = containers[next(containers.count)]
            let separator = next(2) == 0 ? "\n\n" : "\n"
            documents.append(container.wrap(a + separator + b) + "\n")
        }
        return documents
    }
}
