// Every difference between kb's GFM output and cmark-gfm 0.29.0.gfm.6's (Debian's), in one place. The
// differential test (CmarkGFMDifferentialTests) and the Markdown fuzz harness (Fuzz/markdown.swift) compare
// the two programs only through `CmarkGFMDifferences.compare`. No Foundation and no XCTest: the fuzz harness
// compiles this file too.

enum CmarkGFMDifferences {
    /// What kb does differently on purpose; both outputs are normalised before comparing.
    static let intended: [(name: String, reason: String)] = [
        ("heading ids", "kb gives every heading a GitHub-style id (`<h2 id=\"what-it-means\">`) for anchors and the "
            + "table of contents; cmark-gfm writes none. The ` id=\"...\"` of h1-h6 is removed."),
        ("footnote ids", "kb names footnotes by their number (`#fn-2`, `#fnref-2`), so ids never depend on how a label "
            + "is spelled; cmark-gfm uses the label (`#fn-n`). Each fn-/fnref- id becomes its order of first use."),
        ("footnote back-link label", "kb's back-links say which reference they return to (`aria-label=\"Back to "
            + "reference 2\"`) for screen readers; cmark-gfm says `Back to content` on every one."),
    ]

    /// Where cmark-gfm 0.29.0.gfm.6 is wrong and kb follows the GFM spec. A document a defect applies to is
    /// compared after that defect's normalisation, or, without one, must still differ (so the list is revisited
    /// the day either program changes).
    static let defects: [Defect] = [
        Defect(name: "task marker after another container marker",
               reason: "GFM spec 5.3: \"A task list item marker ... is placed at the beginning of the first paragraph in "
                + "a list item\". cmark-gfm's tasklist scanner matches from the start of the line, so `> - [ ] a` and the "
                + "inner item of `- - [ ] a` get no checkbox, and it looks for `[x]` anywhere on the line, so "
                + "`- [ ] see [x]` is shown checked. Checkboxes (and cmark-gfm's literal `[ ] `) are removed from both.",
               applies: taskMarkerCmarkMisreads, normalize: removeTaskMarkers),
        Defect(name: "footnote continued after a blank line in a block quote",
               reason: "A footnote definition continues over blank lines with lines indented four spaces, as at the top "
                + "level and in list items (cmark-gfm does so there); inside `>` cmark-gfm ends it at the blank `>` line and "
                + "makes the indented lines a code block in the quote.",
               applies: footnoteBlankLineInQuote, normalize: nil),
        Defect(name: "table or reference definition after a task marker",
               reason: "GFM spec 5.3: a task list item marker \"must be the first thing in the first paragraph of a list "
                + "item\"; `- [ ] [a]: /u` is a paragraph whose text is `[a]: /u` (the label `[ ]` is blank, so the line is "
                + "no definition), and `- [ ] | a |` with a delimiter row is a table whose first cell starts `[ ]`, or a "
                + "paragraph when the cells do not match. cmark-gfm strips the marker before block parsing, so the rest "
                + "of the line opens a reference definition or a table.",
               applies: blockAfterTaskMarker, normalize: nil),
        Defect(name: "HTML comment containing --",
               reason: "CommonMark 0.31.2, 6.6: \"An HTML comment consists of <!-->, <!--->, or <!--, a string of "
                + "characters not including the string -->, and -->\". cmark-gfm follows the 0.29 rule (no `--` inside, "
                + "no `<!-->`), so `<!-- a -- b -->`, common in real docs (linter directives), is text there.",
               applies: commentWithDoubleHyphen, normalize: nil),
        Defect(name: "code spans after an unclosed longer backtick run",
               reason: "CommonMark 0.31.2, 6.1: a backtick string that no equal-length string closes is literal, and "
                + "later code spans are found as usual: in ``` ``\n`a`b`c` ``` both `a` and `c` are code. cmark and "
                + "cmark-gfm remember the failed scan and miss the later closer (`c` stays literal). Found by the fuzzer.",
               applies: codeSpanAfterUnclosedRun, normalize: nil),
    ]

    struct Defect: Sendable {
        var name: String
        var reason: String
        var applies: @Sendable ([UInt8]) -> Bool
        var normalize: (@Sendable (String) -> String)?
    }

    enum Outcome: Equatable {
        case same
        /// Differs although no defect explains it: a kb bug (or a new difference to list here).
        case different
        /// A defect without normalisation applies, and the outputs differ as expected.
        case expectedDifference(String)
        /// A defect without normalisation applies, yet the outputs agree: the defect is gone, update this list.
        case defectGone(String)
    }

    /// Compares kb's and cmark-gfm's HTML for `markdown`.
    static func compare(markdown: String, kb: String, cmark: String) -> Outcome {
        let source = Array(markdown.utf8)
        var ours = normalize(kb), theirs = normalize(cmark)
        var unexplained: String?
        for defect in defects where defect.applies(source) {
            if let fix = defect.normalize {
                ours = fix(ours)
                theirs = fix(theirs)
            } else {
                unexplained = defect.name
            }
        }
        if let unexplained { return ours == theirs ? .defectGone(unexplained) : .expectedDifference(unexplained) }
        return ours == theirs ? .same : .different
    }

    /// `html` with the intended differences taken out.
    static func normalize(_ html: String) -> String {
        var bytes = removeHeadingIDs(Array(html.utf8))
        bytes = renumberFootnoteIDs(bytes)
        return replacingBackLinkLabels(String(decoding: bytes, as: UTF8.self))
    }

    // MARK: byte helpers

    static func hasPrefix(_ bytes: [UInt8], _ at: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard at >= 0, at + p.count <= bytes.count else { return false }
        for k in 0..<p.count where bytes[at + k] != p[k] { return false }
        return true
    }

    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if hasPrefix(bytes, i, target) {
                out += Array(replacement.utf8)
                i += target.utf8.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Drops ` id="..."` right after `<h1` ... `<h6`.
    static func removeHeadingIDs(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "h"),
               (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[i + 2]), hasPrefix(bytes, i + 3, " id=\"") {
                out.append(contentsOf: bytes[i..<(i + 3)])
                var j = i + 8
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += 1 }
                i = j + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Replaces the label in `"#fn-LABEL`, `"fn-LABEL`, `"#fnref-LABEL` and `"fnref-LABEL` (up to the closing
    /// quote, keeping a repeat suffix `-2` of fnref ids) by the label's order of first appearance.
    static func renumberFootnoteIDs(_ bytes: [UInt8]) -> [UInt8] {
        var order: [[UInt8]: Int] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            var prefixLength = 0
            for prefix in ["\"#fnref-", "\"fnref-", "\"#fn-", "\"fn-"] where hasPrefix(bytes, i, prefix) {
                prefixLength = prefix.utf8.count
                break
            }
            guard prefixLength > 0 else {
                out.append(bytes[i])
                i += 1
                continue
            }
            out.append(contentsOf: bytes[i..<(i + prefixLength)])
            var j = i + prefixLength
            while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += 1 }
            var label = Array(bytes[(i + prefixLength)..<j])
            var suffix: [UInt8] = []
            // A repeated reference's id is the first one's plus `-N`: keep that tail when the rest is a known label.
            if let dash = label.lastIndex(of: UInt8(ascii: "-")), dash + 1 < label.count,
               label[(dash + 1)...].allSatisfy({ $0 >= 48 && $0 <= 57 }), order[Array(label[..<dash])] != nil {
                suffix = Array(label[dash...])
                label = Array(label[..<dash])
            }
            let number = order[label] ?? (order.count + 1)
            order[label] = number
            out += Array("F\(number)".utf8) + suffix
            i = j
        }
        return out
    }

    static func replacingBackLinkLabels(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        var i = 0
        let marker = "aria-label=\"Back to reference "
        while i < bytes.count {
            if hasPrefix(bytes, i, marker) {
                var j = i + marker.utf8.count
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += 1 }
                out += Array("aria-label=\"Back to content".utf8)
                i = j
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: defect tests on the Markdown

    static func lines(_ source: [UInt8]) -> [ArraySlice<UInt8>] {
        source.split(separator: 10, omittingEmptySubsequences: false)
    }

    /// Where in `line` a task marker `[ ]`, `[x]` or `[X]` follows a list marker and spaces, with what precedes
    /// that list marker (container prefixes).
    static func taskMarkers(in line: ArraySlice<UInt8>) -> [(prefix: ArraySlice<UInt8>, after: Int)] {
        var found: [(ArraySlice<UInt8>, Int)] = []
        var i = line.startIndex
        while i + 2 < line.endIndex {
            if line[i] == UInt8(ascii: "["), [32, UInt8(ascii: "x"), UInt8(ascii: "X")].contains(line[i + 1]),
               line[i + 2] == UInt8(ascii: "]"), i > line.startIndex, line[i - 1] == 32 || line[i - 1] == 9 {
                var k = i - 1
                while k > line.startIndex && (line[k - 1] == 32 || line[k - 1] == 9) { k -= 1 }
                // k: just after the list marker, if there is one.
                if k > line.startIndex {
                    let c = line[k - 1]
                    var m = k - 1
                    var isMarker = c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: "*")
                    if !isMarker && (c == UInt8(ascii: ".") || c == UInt8(ascii: ")")) {
                        while m > line.startIndex && line[m - 1] >= 48 && line[m - 1] <= 57 { m -= 1 }
                        isMarker = m < k - 1
                    }
                    let prefix = line[line.startIndex..<m]
                    if isMarker && prefix.allSatisfy({ [32, 9, UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "*"),
                                                        UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: ")")].contains($0)
                                                        || ($0 >= 48 && $0 <= 57) }) {
                        found.append((prefix, i + 3))
                    }
                }
            }
            i += 1
        }
        return found
    }

    @Sendable static func taskMarkerCmarkMisreads(_ source: [UInt8]) -> Bool {
        for line in lines(source) {
            for marker in taskMarkers(in: line) {
                if !marker.prefix.allSatisfy({ $0 == 32 || $0 == 9 }) { return true }
                // cmark-gfm sees this marker: it then looks for "[x]" or "[X]" anywhere in the line.
                var k = line.startIndex
                while k + 2 < line.endIndex {
                    if line[k] == UInt8(ascii: "["), line[k + 1] | 0x20 == UInt8(ascii: "x"), line[k + 2] == UInt8(ascii: "]") {
                        if line[marker.after - 2] == 32 { return true }
                    }
                    k += 1
                }
            }
        }
        return false
    }

    /// Removes kb's checkboxes and the `[ ] `, `[x] `, `[X] ` text cmark-gfm leaves at the start of an item.
    @Sendable static func removeTaskMarkers(_ html: String) -> String {
        var text = html
        for box in ["<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ", "<input type=\"checkbox\" disabled=\"\" /> "] {
            text = replacing(text, box, with: "")
        }
        for mark in ["[ ] ", "[x] ", "[X] "] {
            text = replacing(text, "<li>" + mark, with: "<li>")
            text = replacing(text, "<li>\n<p>" + mark, with: "<li>\n<p>")
        }
        return text
    }

    @Sendable static func footnoteBlankLineInQuote(_ source: [UInt8]) -> Bool {
        var inQuotedFootnote = false
        var sawBlankQuoteLine = false
        var htmlOpen = false
        for line in lines(source) {
            let content = line.drop(while: { $0 == 32 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: ".") })
            guard content.first == UInt8(ascii: ">") else {
                inQuotedFootnote = false
                htmlOpen = false
                continue
            }
            let inner = content.dropFirst().drop(while: { $0 == 32 || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "-") })
            // A definition opens after a blank quote line or on the quote's first line (not inside an HTML block).
            // A definition opens anywhere in the quote except inside an HTML block (which ends at a blank line).
            if hasPrefix(Array(inner), 0, "[^") && !htmlOpen {
                inQuotedFootnote = true
                sawBlankQuoteLine = false
                continue
            }
            if inner.first == UInt8(ascii: "<") { htmlOpen = true }
            if inner.isEmpty { htmlOpen = false }
            if inQuotedFootnote && inner.isEmpty { sawBlankQuoteLine = true; continue }
            if inQuotedFootnote && sawBlankQuoteLine && content.dropFirst().prefix(5).allSatisfy({ $0 == 32 }) { return true }
        }
        return false
    }

    @Sendable static func blockAfterTaskMarker(_ source: [UInt8]) -> Bool {
        let all = lines(source)
        for (index, line) in all.enumerated() {
            for marker in taskMarkers(in: line) where marker.prefix.allSatisfy({ $0 == 32 || $0 == 9 }) {
                let rest = line[marker.after...].drop(while: { $0 == 32 })
                // A table: cells on this line and a delimiter row (only `-`, `:`, `|` and spaces) on the next.
                if rest.contains(UInt8(ascii: "|")), index + 1 < all.count,
                   all[index + 1].contains(UInt8(ascii: "-")),
                   !hasPrefix(Array(all[index + 1].drop(while: { $0 == 32 })), 0, "- "),
                   all[index + 1].allSatisfy({ [32, 9, UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "|")].contains($0) }) {
                    return true
                }
                // A setext heading: a line of only `=` or only `-` before the next blank line.
                var later = index + 1
                while later < all.count {
                    let next = all[later].drop(while: { $0 == 32 || $0 == 9 })
                    guard let c = next.first else { break }
                    if c == UInt8(ascii: "=") || c == UInt8(ascii: "-"), next.allSatisfy({ $0 == c || $0 == 32 }) { return true }
                    later += 1
                }
                // A reference definition (a footnote definition is read the same by both).
                guard rest.first == UInt8(ascii: "["), rest.dropFirst().first != UInt8(ascii: "^") else { continue }
                if let close = rest.firstIndex(of: UInt8(ascii: "]")), close + 1 < rest.endIndex,
                   rest[close + 1] == UInt8(ascii: ":") { return true }
            }
        }
        return false
    }

    @Sendable static func commentWithDoubleHyphen(_ source: [UInt8]) -> Bool {
        var i = 0
        while i + 4 <= source.count {
            guard hasPrefix(source, i, "<!--") else { i += 1; continue }
            var j = i + 4
            if hasPrefix(source, j, ">") || hasPrefix(source, j, "->") { return true }
            while j + 1 < source.count && !hasPrefix(source, j, "-->") {
                if hasPrefix(source, j, "--") { return true }
                j += 1
            }
            i = j + 3
        }
        return false
    }

    @Sendable static func codeSpanAfterUnclosedRun(_ source: [UInt8]) -> Bool {
        var runs: [Int] = []
        var i = 0
        while i < source.count {
            guard source[i] == UInt8(ascii: "`") else { i += 1; continue }
            let start = i
            while i < source.count && source[i] == UInt8(ascii: "`") { i += 1 }
            runs.append(i - start)
        }
        // A run that no later run closes (the last of its length), with at least three runs after it (all of other
        // lengths, since it is the last of its own).
        var lastIndexOfLength: [Int: Int] = [:]
        for (index, length) in runs.enumerated() { lastIndexOfLength[length] = index }
        return lastIndexOfLength.values.contains { runs.count - $0 - 1 >= 3 }
    }
}
