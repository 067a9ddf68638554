// Runs the two passes and derives what the site needs: headings with ids, links with their
// source positions, and a plain-text summary of each top-level block.

enum DocumentBuilder {
    /// How many inline nodes an image's alt text is read from (for the missing-alt warning): a real alt text has
    /// a handful, and nested images would otherwise make each image walk all the ones inside it.
    static let altTextNodeLimit = 256

    static func build(_ source: String, options: MarkdownOptions, snippets: ((String) -> SnippetLookup)? = nil) -> MarkdownDocument {
        let bytes = source.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(source.utf8)
        return build(utf8: bytes, source: source, options: options, snippets: snippets)
    }

    /// `bytes` must be valid UTF-8 (see `UTF8Check`).
    static func build(utf8 input: [UInt8], source: String, options: MarkdownOptions,
                      snippets: ((String) -> SnippetLookup)? = nil) -> MarkdownDocument {
        var bytes = input
        if UTF8Check.containsNUL(bytes) { bytes = replacingNUL(bytes) }
        if bytes.count > MarkdownLimits.maxInputBytes {
            var cut = MarkdownLimits.maxInputBytes
            while cut > 0 && bytes[cut - 1] != 10 { cut -= 1 }
            // Never cut inside a UTF-8 sequence.
            if cut == 0 { cut = MarkdownLimits.maxInputBytes }
            while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes = Array(bytes[..<cut])
        }

        var blocks = BlockParser(source: bytes, options: options)
        blocks.parseDocument()
        var tree = MarkdownTree()
        swap(&tree, &blocks.tree)
        var includer = SnippetIncluder(options: options)
        if let snippets {
            includer.run(&tree, references: &blocks.references, footnotes: &blocks.footnoteDefinitions,
                         main: Locator(source: bytes, segments: blocks.segments), lookup: snippets)
        }
        let blockCount = tree.nodes.count
        if options.callouts { Callouts.mark(&tree) }

        // Swapped rather than copied: a second reference would make the first mutation copy every node.
        var inlines = InlineParser(tree: MarkdownTree(), options: options, references: blocks.references,
                                   footnoteDefinitions: blocks.footnoteDefinitions)
        swap(&inlines.tree, &tree)
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

        var locator = SourcePlaces(main: Locator(source: bytes, segments: blocks.segments), grafts: includer.grafts)
        let attached = reachableNodes(tree)
        var document = MarkdownDocument(options: options, headings: [], links: [], blocks: [], source: source)
        // Headings, with GitHub-style unique ids.
        var usedIDs = HeadingSlug.UsedIDs()
        var idSlots: [(node: Int, slot: Int32)] = []
        do {
            let text = PlainText(tree: tree)
            var plainBytes: [UInt8] = []
            var slugBytes: [UInt8] = []
            for index in 0..<blockCount where tree.nodes[index].kind == .heading && attached[index] {
                let node = tree.nodes[index]
                plainBytes.removeAll(keepingCapacity: true)
                text.appendInlineText(of: Int32(index), to: &plainBytes)
                let plain = String(decoding: plainBytes, as: UTF8.self)
                var id = ""
                if options.headingIDs {
                    HeadingSlug.slug(plainBytes, text: plain, into: &slugBytes)
                    id = HeadingSlug.unique(slugBytes, used: &usedIDs)
                    document.headingIDList.append(id)
                    idSlots.append((index, Int32(document.headingIDList.count)))
                }
                let position = locator.position(node: Int32(index), sourceOffset: Int(node.sourceOffset), line: Int(node.line))
                var heading = MarkdownHeading(level: Int(node.number), text: plain, id: id, line: position.line, column: position.column)
                heading.origin = position.origin
                document.headings.append(heading)
                document.headingNodes.append(Int32(index))
            }
        }
        // Written after the loop so no second reference to the node array forces a copy.
        for (node, slot) in idSlots { tree.nodes[node].offset = slot }
        var text = PlainText(tree: tree)

        // Links close inner-first (nested images); report them in source order.
        let links = inlines.links.enumerated().sorted {
            ($0.element.arenaOffset, $0.offset) < ($1.element.arenaOffset, $1.offset)
        }.map(\.element)
        for link in links {
            let node = tree.nodes[Int(link.node)]
            guard attached[Int(link.node)], node.kind == .link || node.kind == .image else { continue }
            let position = locator.position(arenaOffset: link.arenaOffset)
            var entry = MarkdownLink(destination: tree.string(node.start, node.end), isImage: node.kind == .image,
                                     line: position.line, column: position.column)
            entry.origin = position.origin
            // Bounded: nested images would otherwise each walk all the images inside them (quadratic).
            if node.kind == .image { entry.altText = text.inlineText(of: link.node, nodeLimit: DocumentBuilder.altTextNodeLimit) }
            document.links.append(entry)
        }

        var child = tree.nodes[0].firstChild
        while child >= 0 {
            let node = tree.nodes[Int(child)]
            if node.kind != .footnoteDefinition {
                let isHeading = node.kind == .heading
                document.blocks.append(MarkdownBlockSummary(
                    headingLevel: isHeading ? Int(node.number) : nil,
                    headingID: isHeading ? (node.offset > 0 ? document.headingIDList[Int(node.offset) - 1] : "") : nil,
                    plainText: text.blockText(of: child),
                    line: Int(node.line)))
            }
            child = node.next
        }
        document.problems = includer.problems
        for problem in inlines.shortcodeProblems {
            let position = locator.position(arenaOffset: problem.arenaOffset)
            document.problems.append(MarkdownProblem(line: position.line, column: position.column, message: problem.message,
                                                     hint: problem.hint, origin: position.origin))
        }
        document.includedSnippets = includer.files
        document.blockPositions = DocumentView.positions(of: tree, locator: &locator)
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

    /// Marks the nodes reachable from the document (emphasis and link rewiring unlink some).
    static func reachableNodes(_ tree: MarkdownTree) -> [Bool] {
        var reachable = [Bool](repeating: false, count: tree.nodes.count)
        reachable[0] = true
        var node = tree.nodes[0].firstChild
        while node >= 0 {
            reachable[Int(node)] = true
            let first = tree.nodes[Int(node)].firstChild
            if first >= 0 {
                node = first
                continue
            }
            while node >= 0 {
                let next = tree.nodes[Int(node)].next
                if next >= 0 {
                    node = next
                    break
                }
                node = tree.nodes[Int(node)].parent
                if node == 0 { node = -1 }
            }
        }
        return reachable
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
/// Queries come in document order, so counting resumes from the previous query on the same line and
/// the total work stays linear however many links share one long line.
struct Locator {
    let source: [UInt8]
    let segments: [LineSegment]
    var cachedLineStart = -1
    var cachedOffset = 0
    var cachedColumn = 1

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
        let end = min(max(offset, lineStart), source.count)
        var i = lineStart
        var column = 1
        if lineStart == cachedLineStart && end >= cachedOffset {
            i = cachedOffset
            column = cachedColumn
        }
        source.withUnsafeBufferPointer { buffer in
            while i < end {
                if buffer[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
        }
        cachedLineStart = lineStart
        cachedOffset = end
        cachedColumn = column
        return column
    }
}

/// Plain text of inline content and of whole blocks, for headings, search and summaries.
struct PlainText {
    let tree: MarkdownTree
    /// Reused between calls so each block costs one String allocation.
    var scratch: [UInt8] = []

    init(tree: MarkdownTree) {
        self.tree = tree
    }

    func inlineText(of root: Int32, nodeLimit: Int = Int.max) -> String {
        var out: [UInt8] = []
        appendInlineText(of: root, to: &out, nodeLimit: nodeLimit)
        return String(decoding: out, as: UTF8.self)
    }

    func appendInlineText(of root: Int32, to out: inout [UInt8], nodeLimit: Int = Int.max) {
        var node = tree.nodes[Int(root)].firstChild
        var visited = 0
        while node >= 0 {
            visited += 1
            if visited > nodeLimit { return }
            let n = tree.nodes[Int(node)]
            switch n.kind {
            case .text, .code: out.appendBytes(of: tree.arena, Int(n.start), Int(n.end))
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
        var out = scratch
        scratch = []
        out.removeAll(keepingCapacity: true)
        defer { scratch = out }
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
                out.appendBytes(of: tree.arena, Int(n.start), e)
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
                // A callout's title is read as its first line of text ("Warning", then the body).
                if n.flags.contains(.callout), let kind = CalloutKind(rawValue: n.number) {
                    if !out.isEmpty { out.append(10) }
                    out.append(contentsOf: Array(kind.title.utf8))
                }
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
    /// `bytes` are the UTF-8 of `text`; the slug replaces the contents of `out`.
    static func slug(_ bytes: [UInt8], text: String, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var ascii = true
        for c in bytes {
            if c >= 0x80 { ascii = false; break }
            if c == 32 {
                out.append(UInt8(ascii: "-"))
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || ASCII.isAlphanumeric(c) {
                out.append(ASCII.lower(c))
            }
        }
        if ascii { return }
        out.removeAll(keepingCapacity: true)
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append(UInt8(ascii: "-"))
            } else if scalar == "-" || scalar == "_" {
                out.append(UInt8(scalar.value))
            } else if scalar.value < 0x80 {
                if ASCII.isAlphanumeric(UInt8(scalar.value)) { out.append(UInt8(scalar.value)) }
            } else {
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                    out.append(contentsOf: String(Character(scalar)).utf8)
                }
            }
        }
    }

    /// Ids handed out so far: an open-addressing table over FNV-1a hashes of the id bytes, with the
    /// next free suffix per id. (Set<String> cost thousands of instructions per heading.)
    struct UsedIDs {
        struct Entry {
            var hash: UInt64
            var start: Int32
            var end: Int32
            var nextSuffix: Int32
        }
        var slots = [Int32](repeating: -1, count: 64)
        var entries: [Entry] = []
        var store: [UInt8] = []

        static func hash(_ bytes: [UInt8]) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for c in bytes { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
            return h
        }

        /// The entry for `bytes`, or the slot where it would go.
        func find(_ bytes: [UInt8], hash: UInt64) -> (entry: Int, slot: Int) {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let index = Int(slots[slot])
                if index < 0 { return (-1, slot) }
                let entry = entries[index]
                if entry.hash == hash && Int(entry.end - entry.start) == bytes.count && sameBytes(entry, bytes) {
                    return (index, slot)
                }
                slot = (slot + 1) & mask
            }
        }

        func sameBytes(_ entry: Entry, _ bytes: [UInt8]) -> Bool {
            var k = 0
            var i = Int(entry.start)
            while k < bytes.count {
                if store[i] != bytes[k] { return false }
                k += 1
                i += 1
            }
            return true
        }

        mutating func insert(_ bytes: [UInt8], hash: UInt64, at slot: Int) -> Int {
            let start = Int32(store.count)
            store.append(contentsOf: bytes)
            entries.append(Entry(hash: hash, start: start, end: Int32(store.count), nextSuffix: 1))
            slots[slot] = Int32(entries.count - 1)
            if entries.count * 2 > slots.count { grow() }
            return entries.count - 1
        }

        mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry.hash) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }
    }

    /// Appends -1, -2, ... to repeats; each base remembers its next suffix so repeats stay linear.
    static func unique(_ base: [UInt8], used: inout UsedIDs) -> String {
        let baseHash = UsedIDs.hash(base)
        let found = used.find(base, hash: baseHash)
        guard found.entry >= 0 else {
            _ = used.insert(base, hash: baseHash, at: found.slot)
            return String(decoding: base, as: UTF8.self)
        }
        var n = Int(used.entries[found.entry].nextSuffix)
        var candidate = base
        while true {
            candidate.removeLast(candidate.count - base.count)
            candidate.append(UInt8(ascii: "-"))
            var digits = n
            let digitsStart = candidate.count
            repeat {
                candidate.append(UInt8(ascii: "0") + UInt8(digits % 10))
                digits /= 10
            } while digits > 0
            candidate[digitsStart...].reverse()
            n += 1
            let candidateHash = UsedIDs.hash(candidate)
            let probe = used.find(candidate, hash: candidateHash)
            if probe.entry < 0 {
                used.entries[found.entry].nextSuffix = Int32(n)
                _ = used.insert(candidate, hash: candidateHash, at: probe.slot)
                return String(decoding: candidate, as: UTF8.self)
            }
        }
    }
}
