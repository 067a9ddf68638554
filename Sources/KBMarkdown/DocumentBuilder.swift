// Runs the two passes and derives what the site needs: headings with ids, links with their
// source positions, and a plain-text summary of each top-level block.

enum DocumentBuilder {
    static func build(_ source: String, options: MarkdownOptions) -> MarkdownDocument {
        var bytes = Array(source.utf8)
        if bytes.contains(0) { bytes = replacingNUL(bytes) }

        var blocks = BlockParser(source: bytes, options: options)
        blocks.parseDocument()
        var tree = MarkdownTree()
        swap(&tree, &blocks.tree)
        let blockCount = tree.nodes.count

        var inlines = InlineParser(tree: tree, options: options, references: blocks.references,
                                   footnoteDefinitions: blocks.footnoteDefinitions)
        for index in 0..<blockCount {
            let node = inlines.tree.nodes[index]
            switch node.kind {
            case .paragraph, .heading, .tableCell:
                guard node.parent >= 0 else { continue }
                if node.kind == .paragraph && options.extensions { markTaskItem(&inlines.tree, Int32(index)) }
                inlines.parse(block: Int32(index))
            default:
                continue
            }
        }
        swap(&tree, &inlines.tree)

        var locator = Locator(source: bytes, segments: blocks.segments)
        var document = MarkdownDocument(options: options, headings: [], links: [], blocks: [], source: source)
        var text = PlainText(tree: tree)

        // Headings, with GitHub-style unique ids.
        var usedIDs: Set<String> = []
        var nextSuffix: [String: Int] = [:]
        for index in 0..<blockCount where tree.nodes[index].kind == .heading && isAttached(tree, Int32(index)) {
            let node = tree.nodes[index]
            let plain = text.inlineText(of: Int32(index))
            var id = ""
            if options.headingIDs {
                id = HeadingSlug.unique(HeadingSlug.slug(plain), used: &usedIDs, nextSuffix: &nextSuffix)
                document.headingIDsByNode[Int32(index)] = id
            }
            let position = locator.position(sourceOffset: Int(node.sourceOffset), line: Int(node.line))
            document.headings.append(MarkdownHeading(level: Int(node.number), text: plain, id: id,
                                                     line: position.line, column: position.column))
        }

        for link in inlines.links {
            let node = tree.nodes[Int(link.node)]
            guard isAttached(tree, link.node) else { continue }
            let position = locator.position(arenaOffset: Int(link.arenaOffset))
            document.links.append(MarkdownLink(destination: tree.string(node.start, node.end),
                                               isImage: node.kind == .image,
                                               line: position.line, column: position.column))
        }

        var child = tree.nodes[0].firstChild
        while child >= 0 {
            let node = tree.nodes[Int(child)]
            if node.kind != .footnoteDefinition {
                let isHeading = node.kind == .heading
                document.blocks.append(MarkdownBlockSummary(
                    headingLevel: isHeading ? Int(node.number) : nil,
                    headingID: isHeading ? document.headingIDsByNode[child] : nil,
                    plainText: text.blockText(of: child),
                    line: Int(node.line)))
            }
            child = node.next
        }
        document.tree = tree
        return document
    }

    /// The spec replaces U+0000 with U+FFFD.
    static func replacingNUL(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for c in bytes {
            if c == 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { out.append(c) }
        }
        return out
    }

    /// Whether a node is still reachable from the document (emphasis and link rewiring unlink some).
    static func isAttached(_ tree: MarkdownTree, _ index: Int32) -> Bool {
        var current = index
        var steps = 0
        while current > 0 {
            current = tree.nodes[Int(current)].parent
            steps += 1
            if current < 0 { return false }
            if steps > 1_000_000 { return true }
        }
        return true
    }

    /// Task list items: `[ ]` or `[x]` at the start of an item's first paragraph.
    static func markTaskItem(_ tree: inout MarkdownTree, _ paragraph: Int32) {
        let node = tree.nodes[Int(paragraph)]
        let item = node.parent
        guard item >= 0, tree.nodes[Int(item)].kind == .item, tree.nodes[Int(item)].firstChild == paragraph else { return }
        let s = Int(node.start), e = Int(node.end)
        guard e - s >= 4, tree.arena[s] == UInt8(ascii: "["), tree.arena[s + 2] == UInt8(ascii: "]") else { return }
        let mark = tree.arena[s + 1]
        guard mark == 32 || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X") else { return }
        guard ASCII.isWhitespace(tree.arena[s + 3]) else { return }
        tree.nodes[Int(item)].flags.insert(.task)
        if mark != 32 { tree.nodes[Int(item)].flags.insert(.checked) }
        tree.nodes[Int(paragraph)].start = Int32(s + 3)
    }
}

/// Turns arena offsets and source offsets into 1-based lines and columns (columns count characters).
struct Locator {
    let source: [UInt8]
    let segments: [LineSegment]
    /// Where the last column count stopped: many links on one long line then cost one pass over the line,
    /// not one pass each (which was quadratic).
    private var cachedLineStart = -1, cachedEnd = 0, cachedCount = 1

    init(source: [UInt8], segments: [LineSegment]) {
        self.source = source
        self.segments = segments
    }

    mutating func position(arenaOffset: Int) -> (line: Int, column: Int) {
        guard !segments.isEmpty else { return (1, 1) }
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(segments[mid].arenaStart) <= arenaOffset { lo = mid } else { hi = mid - 1 }
        }
        let segment = segments[lo]
        let offset = Int(segment.sourceOffset) + max(0, arenaOffset - Int(segment.arenaStart))
        return (Int(segment.line), column(lineStart: Int(segment.lineStart), offset: offset))
    }

    mutating func position(sourceOffset: Int, line: Int) -> (line: Int, column: Int) {
        var lineStart = min(sourceOffset, source.count)
        while lineStart > 0 && source[lineStart - 1] != 10 && source[lineStart - 1] != 13 { lineStart -= 1 }
        return (line, column(lineStart: lineStart, offset: sourceOffset))
    }

    mutating func column(lineStart: Int, offset: Int) -> Int {
        var count = 1
        var i = lineStart
        let end = min(offset, source.count)
        if lineStart == cachedLineStart && end >= lineStart {
            count = cachedCount
            i = cachedEnd
            while i > end {
                i -= 1
                if source[i] & 0xC0 != 0x80 { count -= 1 }
            }
        }
        while i < end {
            if source[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        if end >= lineStart { (cachedLineStart, cachedEnd, cachedCount) = (lineStart, end, count) }
        return count
    }
}

/// Plain text of inline content and of whole blocks, for headings, search and summaries.
struct PlainText {
    let tree: MarkdownTree

    func inlineText(of root: Int32) -> String {
        var out: [UInt8] = []
        appendInlineText(of: root, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func appendInlineText(of root: Int32, to out: inout [UInt8]) {
        var node = tree.nodes[Int(root)].firstChild
        while node >= 0 {
            let n = tree.nodes[Int(node)]
            switch n.kind {
            case .text, .code: out.append(contentsOf: tree.arena[Int(n.start)..<Int(n.end)])
            case .softBreak, .lineBreak: out.append(32)
            default: break
            }
            if n.firstChild >= 0 && n.kind != .htmlInline {
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

    /// Text of a block and everything nested in it; leaf blocks are separated by newlines.
    mutating func blockText(of root: Int32) -> String {
        var out: [UInt8] = []
        var node = root
        while node >= 0 {
            let n = tree.nodes[Int(node)]
            var descend = false
            switch n.kind {
            case .paragraph, .heading:
                if !out.isEmpty { out.append(10) }
                appendInlineText(of: node, to: &out)
            case .codeBlock:
                if !out.isEmpty { out.append(10) }
                var e = Int(n.end)
                while e > Int(n.start) && tree.arena[e - 1] == 10 { e -= 1 }
                out.append(contentsOf: tree.arena[Int(n.start)..<e])
            case .htmlBlock:
                if !out.isEmpty { out.append(10) }
                var inTag = false
                for c in tree.arena[Int(n.start)..<Int(n.end)] {
                    if c == UInt8(ascii: "<") { inTag = true } else if c == UInt8(ascii: ">") { inTag = false } else if !inTag { out.append(c) }
                }
                while out.last == 10 || out.last == 32 { out.removeLast() }
            case .tableRow:
                if !out.isEmpty { out.append(10) }
                var cell = n.firstChild
                var first = true
                while cell >= 0 {
                    if !first { out.append(32) }
                    first = false
                    appendInlineText(of: cell, to: &out)
                    cell = tree.nodes[Int(cell)].next
                }
            case .document, .blockQuote, .list, .item, .table, .footnoteDefinition:
                descend = true
            default:
                break
            }
            if descend && n.firstChild >= 0 {
                node = n.firstChild
                continue
            }
            if node == root { break }
            while true {
                let next = tree.nodes[Int(node)].next
                if next >= 0 { node = next; break }
                let parent = tree.nodes[Int(node)].parent
                if parent == root || parent < 0 { node = -1; break }
                node = parent
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// GitHub-style heading anchors.
enum HeadingSlug {
    /// Lowercase; letters, digits, `-` and `_` kept; spaces become `-`; everything else dropped.
    static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" {
                out.append(scalar)
            } else if scalar.value < 0x80 {
                if ASCII.isAlphanumeric(UInt8(scalar.value)) { out.append(scalar) }
            } else {
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    /// Appends -1, -2, ... to repeats.
    /// `nextSuffix` remembers where each base's search stopped (every lower suffix is taken, and `used` only
    /// grows), so n equal headings cost linear time instead of quadratic.
    static func unique(_ base: String, used: inout Set<String>, nextSuffix: inout [String: Int]) -> String {
        if used.insert(base).inserted { return base }
        var n = nextSuffix[base] ?? 1
        while true {
            let candidate = base + "-" + String(n)
            n += 1
            if used.insert(candidate).inserted {
                nextSuffix[base] = n
                return candidate
            }
        }
    }
}
