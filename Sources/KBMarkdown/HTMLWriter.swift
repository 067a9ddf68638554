// Renders the node array as HTML into a byte buffer. The walk is iterative (parent links, no
// recursion), so nesting depth never touches the call stack.

struct HTMLWriter {
    let tree: MarkdownTree
    let options: MarkdownOptions
    let headingIDs: [String]
    let rewriteLink: (String) -> String?
    /// Width, height and loading hints per image destination (the site's); nil writes plain `<img>`.
    var imageAttributes: ((String) -> ImageAttributes?)?
    var out: OutputBuffer
    /// Paragraph after whose text the footnote back-links go.
    var backReferenceParagraph: Int32 = -1
    var backReferenceFootnote: Int32 = -1

    static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in "-_.+!*(),%#@?=;:/$~".utf8 { table[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = true }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        return table
    }()

    /// With a `sink`, output goes out in 64 KB chunks; without, it is collected for `render()`.
    init(tree: MarkdownTree, options: MarkdownOptions, headingIDs: [String], rewriteLink: @escaping (String) -> String?,
         sink: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil, capacity: Int? = nil) {
        self.tree = tree
        self.options = options
        self.headingIDs = headingIDs
        self.rewriteLink = rewriteLink
        out = OutputBuffer(capacity: capacity ?? (sink == nil ? tree.arena.count + tree.arena.count / 2 + 64 : 65_536), sink: sink)
    }

    // MARK: output helpers

    @inline(__always)
    mutating func write(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Named apart from write(StaticString) so that literals pick the no-allocation overload.
    mutating func writeString(_ s: String) {
        out.append(contentsOf: s.utf8)
    }

    @inline(__always)
    mutating func newlineIfNeeded() {
        if let last = out.last, last != 10 { out.append(10) }
    }

    mutating func writeEscaped(_ start: Int32, _ end: Int32) {
        writeEscaped(tree.arena, Int(start), Int(end))
    }

    /// Whether any byte of `word` is `&`, `<`, `>` or `"` (SWAR: a zero byte after XOR marks a match).
    @inline(__always)
    static func hasEscapable(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let a = word ^ (ones &* 0x26), b = word ^ (ones &* 0x3C), c = word ^ (ones &* 0x3E), d = word ^ (ones &* 0x22)
        let zeros = ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c) | ((d &- ones) & ~d)
        return zeros & highs != 0
    }

    /// Copies runs without special characters in one append; only `& < > "` are replaced.
    /// Eight bytes are tested at a time, since most text needs no escaping.
    mutating func writeEscaped(_ bytes: [UInt8], _ start: Int, _ end: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, start < end else { return }
            var run = start
            var i = start
            while i < end {
                while i &+ 8 <= end && !HTMLWriter.hasEscapable(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i &+= 8
                }
                let limit = min(i &+ 8, end)
                while i < limit {
                    let c = base[i]
                    let entity: StaticString
                    switch c {
                    case UInt8(ascii: "&"): entity = "&amp;"
                    case UInt8(ascii: "<"): entity = "&lt;"
                    case UInt8(ascii: ">"): entity = "&gt;"
                    case UInt8(ascii: "\""): entity = "&quot;"
                    default:
                        i &+= 1
                        continue
                    }
                    if run < i { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i &- run)) }
                    write(entity)
                    i &+= 1
                    run = i
                    break
                }
            }
            if run < end { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: end &- run)) }
        }
    }

    mutating func writeHref(_ bytes: [UInt8]) {
        let safe = HTMLWriter.hrefSafe
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for c in bytes {
            if safe[Int(c)] {
                out.append(c)
            } else if c == UInt8(ascii: "&") {
                write("&amp;")
            } else if c == UInt8(ascii: "'") {
                write("&#x27;")
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            }
        }
    }

    /// Writes a link or image destination after safety checks and the caller's rewrite.
    mutating func writeDestination(_ node: Node) {
        let raw = Array(tree.bytes(node.start, node.end))
        if options.safeLinks && LinkSafety.isUnsafe(raw) {
            write("#")
            return
        }
        if let replacement = rewriteLink(String(decoding: raw, as: UTF8.self)) {
            writeHref(Array(replacement.utf8))
        } else {
            writeHref(raw)
        }
    }

    mutating func writeRawHTML(_ start: Int32, _ end: Int32) {
        switch options.rawHTML {
        case .escape:
            writeEscaped(start, end)
            return
        case .sanitize:
            var clean: [UInt8] = []
            HTMLSanitizer.sanitize(tree.arena, Int(start), Int(end), into: &clean)
            out.append(contentsOf: clean)
            return
        case .trusted:
            break
        }
        guard options.extensions else {
            out.appendBytes(of: tree.arena, Int(start), Int(end))
            return
        }
        // Tag filter: `<` of a disallowed tag becomes `&lt;`.
        let bytes = tree.arena
        var run = Int(start)
        var i = Int(start)
        let e = Int(end)
        while i < e {
            if bytes[i] == UInt8(ascii: "<") && HTMLScanner.isFilteredTag(bytes, i, e) {
                out.appendBytes(of: bytes, run, i)
                write("&lt;")
                i += 1
                run = i
            } else {
                i += 1
            }
        }
        out.appendBytes(of: bytes, run, e)
    }

    // MARK: walk

    mutating func renderAll() {
        renderChildren(of: 0)
        if !tree.footnotes.isEmpty { renderFootnotes() }
    }

    mutating func render() -> [UInt8] {
        renderAll()
        let result = out.bytes()
        out.deallocate()
        return result
    }

    mutating func renderString() -> String {
        renderAll()
        let result = out.string()
        out.deallocate()
        return result
    }

    /// Renders into the sink given at init.
    mutating func stream() {
        renderAll()
        out.flush()
        out.deallocate()
    }

    /// Renders every descendant of `root` in document order.
    mutating func renderChildren(of root: Int32) {
        var node = tree.nodes[Int(root)].firstChild
        while node >= 0 {
            let descend = enter(node)
            let first = tree.nodes[Int(node)].firstChild
            if descend && first >= 0 {
                node = first
                continue
            }
            if descend { exit(node) }
            while true {
                let next = tree.nodes[Int(node)].next
                if next >= 0 {
                    node = next
                    break
                }
                let parent = tree.nodes[Int(node)].parent
                if parent == root || parent < 0 {
                    node = -1
                    break
                }
                node = parent
                exit(node)
            }
        }
    }

    func isTightParagraph(_ node: Node) -> Bool {
        let parent = node.parent
        guard parent >= 0 else { return false }
        let grandparent = tree.nodes[Int(parent)].parent
        guard grandparent >= 0, tree.nodes[Int(grandparent)].kind == .list else { return false }
        return tree.nodes[Int(grandparent)].flags.contains(.tight)
    }

    /// Opens `index`; returns false when its children were handled here (or must be skipped).
    mutating func enter(_ index: Int32) -> Bool {
        let node = tree.nodes[Int(index)]
        switch node.kind {
        case .document:
            return true
        case .blockQuote:
            newlineIfNeeded()
            if node.flags.contains(.callout) {
                writeCalloutOpening(node)
            } else {
                write("<blockquote>\n")
            }
        case .list:
            newlineIfNeeded()
            if node.flags.contains(.ordered) {
                if node.number != 1 {
                    write("<ol start=\"")
                    writeString(String(node.number))
                    write("\">\n")
                } else {
                    write("<ol>\n")
                }
            } else {
                write("<ul>\n")
            }
        case .item:
            newlineIfNeeded()
            write("<li>")
            // Right after `<li>` in tight and loose lists alike, before any paragraph, as cmark-gfm writes it.
            if node.flags.contains(.task) {
                writeCheckbox(checked: node.flags.contains(.checked))
            }
        case .paragraph:
            if !isTightParagraph(node) {
                newlineIfNeeded()
                write("<p>")
            }
        case .heading:
            newlineIfNeeded()
            write("<h")
            out.append(UInt8(ascii: "0") + UInt8(node.number))
            if node.offset > 0, case let id = headingIDs[Int(node.offset) - 1], !id.isEmpty {
                write(" id=\"")
                let bytes = Array(id.utf8)
                writeEscaped(bytes, 0, bytes.count)
                write("\"")
            }
            write(">")
        case .thematicBreak:
            newlineIfNeeded()
            write("<hr />\n")
            return false
        case .codeBlock:
            newlineIfNeeded()
            write("<pre><code")
            if node.end2 > node.start2 {
                var e = node.start2
                while e < node.end2 && !ASCII.isWhitespace(tree.arena[Int(e)]) { e += 1 }
                write(" class=\"language-")
                writeEscaped(node.start2, e)
                write("\"")
            }
            write(">")
            writeEscaped(node.start, node.end)
            write("</code></pre>\n")
            return false
        case .htmlBlock:
            newlineIfNeeded()
            writeRawHTML(node.start, node.end)
            newlineIfNeeded()
            return false
        case .table:
            newlineIfNeeded()
            write("<table>\n")
        case .tableRow:
            if node.flags.contains(.headerRow) {
                write("<thead>\n")
            } else if node.prev >= 0 && tree.nodes[Int(node.prev)].flags.contains(.headerRow) {
                write("<tbody>\n")
            }
            write("<tr>\n")
        case .tableCell:
            let header = tree.nodes[Int(node.parent)].flags.contains(.headerRow)
            write(header ? "<th" : "<td")
            switch node.number {
            case 1: write(" align=\"left\"")
            case 2: write(" align=\"center\"")
            case 3: write(" align=\"right\"")
            default: break
            }
            write(">")
        case .footnoteDefinition:
            return false
        case .text:
            writeEscaped(node.start, node.end)
            return false
        case .softBreak:
            out.append(10)
            return false
        case .lineBreak:
            write("<br />\n")
            return false
        case .code:
            write("<code>")
            writeEscaped(node.start, node.end)
            write("</code>")
            return false
        case .htmlInline:
            writeRawHTML(node.start, node.end)
            return false
        case .emphasis:
            write("<em>")
        case .strong:
            write("<strong>")
        case .strikethrough:
            write("<del>")
        case .link:
            write("<a href=\"")
            writeDestination(node)
            write("\"")
            if node.flags.contains(.hasTitle) {
                write(" title=\"")
                writeEscaped(node.start2, node.end2)
                write("\"")
            }
            write(">")
        case .image:
            write("<img src=\"")
            writeDestination(node)
            write("\" alt=\"")
            writePlainText(of: index)
            write("\"")
            if node.flags.contains(.hasTitle) {
                write(" title=\"")
                writeEscaped(node.start2, node.end2)
                write("\"")
            }
            writeImageAttributes(node)
            write(" />")
            return false
        case .footnoteReference:
            let number = String(node.number)
            let id = node.offset > 1 ? number + "-" + String(node.offset) : number
            write("<sup class=\"footnote-ref\"><a href=\"#fn-")
            writeString(number)
            write("\" id=\"fnref-")
            writeString(id)
            write("\" data-footnote-ref>")
            writeString(number)
            write("</a></sup>")
            return false
        }
        return true
    }

    mutating func exit(_ index: Int32) {
        let node = tree.nodes[Int(index)]
        switch node.kind {
        case .blockQuote:
            newlineIfNeeded()
            write(node.flags.contains(.callout) ? "</div>\n" : "</blockquote>\n")
        case .list:
            newlineIfNeeded()
            write(node.flags.contains(.ordered) ? "</ol>\n" : "</ul>\n")
        case .item:
            write("</li>\n")
        case .paragraph:
            if index == backReferenceParagraph { writeBackReferences() }
            if !isTightParagraph(node) { write("</p>\n") }
        case .heading:
            if options.headingLinks { writeHeadingLink(node) }
            write("</h")
            out.append(UInt8(ascii: "0") + UInt8(node.number))
            write(">\n")
        case .table:
            if let last = node.lastChild as Int32?, last >= 0, !tree.nodes[Int(last)].flags.contains(.headerRow) {
                write("</tbody>\n")
            }
            write("</table>\n")
        case .tableRow:
            write("</tr>\n")
            if node.flags.contains(.headerRow) { write("</thead>\n") }
        case .tableCell:
            let header = tree.nodes[Int(node.parent)].flags.contains(.headerRow)
            write(header ? "</th>\n" : "</td>\n")
        case .emphasis: write("</em>")
        case .strong: write("</strong>")
        case .strikethrough: write("</del>")
        case .link: write("</a>")
        default: break
        }
    }

    mutating func writeCheckbox(checked: Bool) {
        write(checked ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> " : "<input type=\"checkbox\" disabled=\"\" /> ")
    }

    /// Alt text: the text of every descendant, without markup.
    mutating func writePlainText(of root: Int32) {
        var node = tree.nodes[Int(root)].firstChild
        while node >= 0 {
            let n = tree.nodes[Int(node)]
            switch n.kind {
            case .text, .code, .htmlInline: writeEscaped(n.start, n.end)
            case .softBreak, .lineBreak: out.append(32)
            case .footnoteReference: writeString(String(n.number))
            default: break
            }
            if n.firstChild >= 0 {
                node = n.firstChild
                continue
            }
            while true {
                let next = tree.nodes[Int(node)].next
                if next >= 0 { node = next; break }
                let parent = tree.nodes[Int(node)].parent
                if parent == root || parent < 0 { node = -1; break }
                node = parent
            }
        }
    }

    // MARK: footnotes

    mutating func renderFootnotes() {
        newlineIfNeeded()
        write("<section class=\"footnotes\" data-footnotes>\n<ol>\n")
        for definition in tree.footnotes {
            let node = tree.nodes[Int(definition)]
            write("<li id=\"fn-")
            writeString(String(node.number))
            write("\">\n")
            backReferenceFootnote = definition
            let last = node.lastChild
            if last >= 0 && tree.nodes[Int(last)].kind == .paragraph {
                backReferenceParagraph = last
                renderChildren(of: definition)
            } else {
                backReferenceParagraph = -1
                renderChildren(of: definition)
                newlineIfNeeded()
                writeBackReferences()
                out.append(10)
            }
            newlineIfNeeded()
            write("</li>\n")
        }
        write("</ol>\n</section>\n")
        backReferenceParagraph = -1
    }

    mutating func writeBackReferences() {
        let node = tree.nodes[Int(backReferenceFootnote)]
        let number = String(node.number)
        let count = max(1, Int(node.offset))
        for k in 1...count {
            let id = k > 1 ? number + "-" + String(k) : number
            if out.last != 10 { out.append(32) }
            write("<a href=\"#fnref-")
            writeString(id)
            write("\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to reference ")
            writeString(k > 1 ? number + "-" + String(k) : number)
            write("\">↩")
            if k > 1 {
                write("<sup class=\"footnote-ref\">")
                writeString(String(k))
                write("</sup>")
            }
            write("</a>")
        }
    }
}

enum LinkSafety {
    /// Whether a destination uses javascript:, vbscript:, file: or a non-image data: scheme.
    static func isUnsafe(_ destination: [UInt8]) -> Bool {
        // Browsers ignore ASCII whitespace and control characters inside the scheme.
        var scheme: [UInt8] = []
        for c in destination {
            if c <= 32 || c == 127 { continue }
            scheme.append(ASCII.lower(c))
            if scheme.count >= 20 { break }
        }
        func starts(_ prefix: String) -> Bool { scheme.starts(with: prefix.utf8) }
        if starts("javascript:") || starts("vbscript:") || starts("file:") { return true }
        if starts("data:") {
            return !(starts("data:image/png") || starts("data:image/gif") || starts("data:image/jpeg")
                     || starts("data:image/webp"))
        }
        return false
    }
}
