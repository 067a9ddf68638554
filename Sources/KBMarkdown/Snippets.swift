// The include pass, between the block and the inline pass: every paragraph that is only
// `{{< snippet "NAME" >}}` is replaced by the blocks of the snippet's Markdown. The snippet is block-parsed
// on its own and its nodes and arena bytes are appended to the document's tree (a graft), so the inline
// pass, heading ids, links and plain text then treat it as if it were written in place. Nested
// directives in a graft are handled by the same worklist, with the chain of files that led there.

/// One included snippet: the nodes and arena bytes it added, and how to locate positions in its file.
struct Graft {
    var arenaStart: Int32
    var arenaEnd: Int32
    var nodeStart: Int32
    var nodeEnd: Int32
    var file: String
    var source: [UInt8]
    var segments: [LineSegment]
    var origin: SnippetOrigin
}

struct SnippetIncluder {
    let options: MarkdownOptions
    var grafts: [Graft] = []
    var problems: [MarkdownProblem] = []
    var files: [String] = []
    var fileSet: Set<String> = []
    var includes = 0
    var includedBytes = 0

    init(options: MarkdownOptions) { self.options = options }

    /// A paragraph's directive name when its whole content is `{{< snippet "NAME" >}}` (spaces allowed
    /// inside the braces), else nil.
    static func directiveName(_ arena: [UInt8], _ start: Int32, _ end: Int32) -> String? {
        var s = Int(start), e = Int(end)
        while s < e && ASCII.isWhitespace(arena[s]) { s += 1 }
        while e > s && ASCII.isWhitespace(arena[e - 1]) { e -= 1 }
        // The longest directive worth reading: names are short, so this bounds the scan.
        guard e - s >= 16, e - s <= 300, arena[s] == UInt8(ascii: "{"), arena[s + 1] == UInt8(ascii: "{"),
              arena[s + 2] == UInt8(ascii: "<"), arena[e - 3] == UInt8(ascii: ">"), arena[e - 2] == UInt8(ascii: "}"),
              arena[e - 1] == UInt8(ascii: "}") else { return nil }
        var i = s + 3
        while i < e && ASCII.isSpaceOrTab(arena[i]) { i += 1 }
        for c in "snippet".utf8 {
            guard i < e, arena[i] == c else { return nil }
            i += 1
        }
        guard i < e, ASCII.isSpaceOrTab(arena[i]) else { return nil }
        while i < e && ASCII.isSpaceOrTab(arena[i]) { i += 1 }
        guard i < e, arena[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let nameStart = i
        while i < e && isNameByte(arena[i]) { i += 1 }
        guard i > nameStart, i < e, arena[i] == UInt8(ascii: "\"") else { return nil }
        let name = String(decoding: arena[nameStart..<i], as: UTF8.self)
        i += 1
        while i < e && ASCII.isSpaceOrTab(arena[i]) { i += 1 }
        return i == e - 3 ? name : nil
    }

    /// Snippet names: letters, digits, `-` and `_` (a file name under `_snippets/`, without `.md`).
    static func isNameByte(_ c: UInt8) -> Bool { ASCII.isAlphanumeric(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") }

    /// Replaces every directive paragraph of `tree`, including nested ones.
    mutating func run(_ tree: inout MarkdownTree, references: inout [String: LinkReference], footnotes: inout [String: Int32],
                      main: Locator, lookup: (String) -> SnippetLookup) {
        var mainLocator = main
        // (first node to scan, end of the range, chain of files that led here, graft index or -1)
        var work: [(Int32, Int32, [String], Int)] = [(1, Int32(tree.nodes.count), [], -1)]
        while let (from, to, chain, graftIndex) = work.popLast() {
            var index = from
            while index < to {
                defer { index += 1 }
                let node = tree.nodes[Int(index)]
                guard node.kind == .paragraph, node.parent >= 0,
                      let name = SnippetIncluder.directiveName(tree.arena, node.start, node.end) else { continue }
                // Where the directive is, in the file it is written in.
                let place: (line: Int, column: Int)
                if graftIndex >= 0 {
                    var locator = Locator(source: grafts[graftIndex].source, segments: grafts[graftIndex].segments)
                    place = locator.position(sourceOffset: Int(node.sourceOffset), line: Int(node.line))
                } else {
                    place = mainLocator.position(sourceOffset: Int(node.sourceOffset), line: Int(node.line))
                }
                let origin = graftIndex >= 0 ? grafts[graftIndex].origin : nil
                func problem(_ message: String, _ hint: String?) {
                    problems.append(MarkdownProblem(line: place.line, column: place.column, message: message, hint: hint, origin: origin))
                }
                switch lookup(name) {
                case .missing(let hint):
                    problem("no snippet named '\(name)'", hint ?? "create _snippets/\(name).md in the articles folder")
                    tree.unlink(index)
                case .found(let text, let file):
                    if let at = chain.firstIndex(of: file) {
                        problem("snippet '\(file)' includes itself: " + (chain[at...] + [file]).joined(separator: " → "),
                                "remove the {{< snippet >}} that closes the loop")
                        tree.unlink(index)
                        continue
                    }
                    if chain.count >= SnippetLimits.maxDepth {
                        problem("snippets nest more than \(SnippetLimits.maxDepth) deep: " + (chain + [file]).joined(separator: " → "),
                                "include the inner snippets from the article instead")
                        tree.unlink(index)
                        continue
                    }
                    var bytes = Array(text.utf8)
                    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { bytes.removeFirst(3) }
                    if UTF8Check.containsNUL(bytes) { bytes = DocumentBuilder.replacingNUL(bytes) }
                    includes += 1
                    includedBytes += bytes.count
                    guard includes <= SnippetLimits.maxIncludes, includedBytes <= SnippetLimits.maxIncludedBytes else {
                        problem("this document includes too much snippet text (at most \(SnippetLimits.maxIncludes) includes and \(SnippetLimits.maxIncludedBytes >> 20) MB)",
                                "a snippet is included each time it is named: include fewer, or make them smaller")
                        tree.unlink(index)
                        continue
                    }
                    if fileSet.insert(file).inserted { files.append(file) }
                    let graftOrigin = origin ?? SnippetOrigin(file: file, line: place.line, column: place.column)
                    let added = graft(bytes, replacing: index, into: &tree, references: &references, footnotes: &footnotes,
                                      file: file, origin: SnippetOrigin(file: file, line: graftOrigin.line, column: graftOrigin.column))
                    work.append((added.0, added.1, chain + [file], grafts.count - 1))
                }
            }
        }
    }

    /// Appends the snippet's blocks to `tree` in place of `paragraph`; returns the range of nodes added.
    mutating func graft(_ bytes: [UInt8], replacing paragraph: Int32, into tree: inout MarkdownTree,
                        references: inout [String: LinkReference], footnotes: inout [String: Int32],
                        file: String, origin: SnippetOrigin) -> (Int32, Int32) {
        var parser = BlockParser(source: bytes, options: options)
        parser.parseDocument()
        let sub = parser.tree
        let nodeBase = Int32(tree.nodes.count) - 1   // sub node i (i >= 1) becomes nodeBase + i
        let arenaBase = Int32(tree.arena.count)
        tree.arena.append(contentsOf: sub.arena)
        func shifted(_ link: Int32) -> Int32 { link <= 0 ? -1 : link + nodeBase }
        for i in 1..<max(1, sub.nodes.count) {
            var n = sub.nodes[i]
            n.parent = n.parent == 0 ? -1 : n.parent + nodeBase
            n.firstChild = shifted(n.firstChild)
            n.lastChild = shifted(n.lastChild)
            n.next = shifted(n.next)
            n.prev = shifted(n.prev)
            n.start += arenaBase; n.end += arenaBase
            n.start2 += arenaBase; n.end2 += arenaBase
            tree.nodes.append(n)
        }
        // Move the snippet's top-level blocks in after the directive, then drop the directive.
        var after = paragraph
        var child = sub.nodes[0].firstChild
        while child > 0 {
            let next = sub.nodes[Int(child)].next
            let moved = child + nodeBase
            tree.nodes[Int(moved)].next = -1
            tree.nodes[Int(moved)].prev = -1
            tree.insertAfter(after, moved)
            after = moved
            child = next
        }
        tree.unlink(paragraph)
        for (label, reference) in parser.references where references[label] == nil { references[label] = reference }
        for (label, node) in parser.footnoteDefinitions where footnotes[label] == nil { footnotes[label] = node + nodeBase }
        let segments = parser.segments.map { LineSegment(arenaStart: $0.arenaStart + arenaBase, sourceOffset: $0.sourceOffset,
                                                         line: $0.line, lineStart: $0.lineStart) }
        let range = (nodeBase + 1, Int32(tree.nodes.count))
        grafts.append(Graft(arenaStart: arenaBase, arenaEnd: Int32(tree.arena.count), nodeStart: range.0, nodeEnd: range.1,
                            file: file, source: bytes, segments: segments, origin: origin))
        return range
    }
}

/// Turns arena offsets and block nodes into positions, in the document or in the snippet they came from.
struct SourcePlaces {
    var main: Locator
    let grafts: [Graft]
    var locators: [Locator?]

    init(main: Locator, grafts: [Graft]) {
        self.main = main
        self.grafts = grafts
        locators = Array(repeating: nil, count: grafts.count)
    }

    mutating func locator(_ k: Int) -> Locator {
        if let existing = locators[k] { return existing }
        let made = Locator(source: grafts[k].source, segments: grafts[k].segments)
        locators[k] = made
        return made
    }

    /// The graft holding `value` in the ranges `range` gives, by binary search (grafts are in append order).
    func graft(containing value: Int32, _ range: (Graft) -> (Int32, Int32)) -> Int? {
        var lo = 0, hi = grafts.count - 1, found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if range(grafts[mid]).0 <= value { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard found >= 0, value < range(grafts[found]).1 else { return nil }
        return found
    }

    mutating func position(arenaOffset: Int32) -> (line: Int, column: Int, origin: SnippetOrigin?) {
        guard !grafts.isEmpty, let k = graft(containing: arenaOffset, { ($0.arenaStart, $0.arenaEnd) }) else {
            let p = main.position(arenaOffset: Int(arenaOffset))
            return (p.line, p.column, nil)
        }
        var l = locator(k)
        let p = l.position(arenaOffset: Int(arenaOffset))
        locators[k] = l
        return (p.line, p.column, grafts[k].origin)
    }

    /// A block's place in the document itself: its own for the document's blocks, the directive's for included ones.
    mutating func documentPosition(node: Int32, sourceOffset: Int, line: Int) -> (line: Int, column: Int) {
        guard !grafts.isEmpty, let k = graft(containing: node, { ($0.nodeStart, $0.nodeEnd) }) else {
            return main.position(sourceOffset: sourceOffset, line: line)
        }
        return (grafts[k].origin.line, grafts[k].origin.column)
    }

    mutating func position(node: Int32, sourceOffset: Int, line: Int) -> (line: Int, column: Int, origin: SnippetOrigin?) {
        guard !grafts.isEmpty, let k = graft(containing: node, { ($0.nodeStart, $0.nodeEnd) }) else {
            let p = main.position(sourceOffset: sourceOffset, line: line)
            return (p.line, p.column, nil)
        }
        var l = locator(k)
        let p = l.position(sourceOffset: sourceOffset, line: line)
        locators[k] = l
        return (p.line, p.column, grafts[k].origin)
    }
}
