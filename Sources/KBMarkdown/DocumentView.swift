// A read-only view of a parsed document's structure, for callers that need more than the rendered HTML:
// the top-level blocks grouped into sections by heading, list items with their text and inline HTML, code
// blocks with their language. Built from the parse tree, so no caller ever scans Markdown text again.

/// One piece of an item's or paragraph's text: plain text, or the content of a code span.
public struct MarkdownTextRun: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case text, code }
    public var kind: Kind
    public var text: String
    public init(kind: Kind, text: String) { self.kind = kind; self.text = text }
}

/// One item of a list: the text of its first paragraph (nested lists and code are not part of it).
public struct MarkdownListItem: Sendable, Equatable {
    public var line: Int
    public var column: Int
    /// The first paragraph's text without markup (breaks become spaces).
    public var plainText: String
    /// The first paragraph's text as runs, in order; code spans are runs of their own.
    public var runs: [MarkdownTextRun]
    /// How many of `runs` belong to a **strong** phrase that opens the item (0 when it opens with none).
    public var leadRunCount: Int
    /// Node of the first paragraph (-1: none), for `DocumentView.inlineHTML(of:)`.
    var paragraph: Int32
}

/// One top-level block of a section.
public struct MarkdownBlock: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case paragraph, list, codeBlock, htmlBlock, blockQuote, table, thematicBreak
    }
    public var kind: Kind
    public var line: Int
    public var column: Int
    /// Text without markup, leaf blocks separated by newlines (as `MarkdownBlockSummary.plainText`).
    public var plainText: String
    /// List items (lists only).
    public var items: [MarkdownListItem] = []
    /// Whether a list is numbered.
    public var ordered = false
    /// A code block's language: the first word of its info string, or nil.
    public var language: String?
    /// A code block's text.
    public var code = ""
    /// A table's rows (header first), each cell as plain text.
    public var rows: [[String]] = []
    /// The block's runs of text (paragraphs only), as for list items.
    public var runs: [MarkdownTextRun] = []
}

/// The blocks under one heading, up to the next heading of any level.
public struct MarkdownSection: Sendable, Equatable {
    /// The heading, or nil for the blocks before the first one.
    public var heading: MarkdownHeading?
    public var blocks: [MarkdownBlock]
    /// The heading's level, 0 before the first heading.
    public var level: Int { heading?.level ?? 0 }
}

/// A parsed document seen as sections of blocks. Headings inside block quotes or lists do not start sections;
/// footnote definitions are left out (they render at the end, not where they are written).
public struct DocumentView: Sendable {
    /// Every section in order; the first has no heading when the document opens with other blocks.
    public let sections: [MarkdownSection]
    let document: MarkdownDocument

    /// Builds the view of `document` (one walk over its top-level blocks).
    public init(_ document: MarkdownDocument) {
        self.document = document
        sections = DocumentView.sections(of: document)
    }

    /// The first paragraph of `item` rendered as inline HTML (no `<p>`), as the page shows it.
    public func inlineHTML(of item: MarkdownListItem) -> String {
        guard item.paragraph >= 0 else { return "" }
        var writer = HTMLWriter(tree: document.tree, options: document.options, headingIDs: document.headingIDList,
                                rewriteLink: { _ in nil }, capacity: 256)
        writer.renderChildren(of: item.paragraph)
        let html = writer.out.string()
        writer.out.deallocate()
        return html
    }

    static func sections(of document: MarkdownDocument) -> [MarkdownSection] {
        let tree = document.tree
        guard !tree.nodes.isEmpty else { return [] }
        var headingAt: [Int32: Int] = [:]
        for (index, node) in document.headingNodes.enumerated() where tree.nodes[Int(node)].parent == 0 {
            headingAt[node] = index
        }
        var text = PlainText(tree: tree)
        var sections: [MarkdownSection] = []
        var current = MarkdownSection(heading: nil, blocks: [])
        var child = tree.nodes[0].firstChild
        while child >= 0 {
            let node = tree.nodes[Int(child)]
            if node.kind == .heading, let index = headingAt[child] {
                if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
                current = MarkdownSection(heading: document.headings[index], blocks: [])
            } else if let block = block(child, document: document, text: &text) {
                current.blocks.append(block)
            }
            child = node.next
        }
        if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
        return sections
    }

    static func block(_ index: Int32, document: MarkdownDocument, text: inout PlainText) -> MarkdownBlock? {
        let tree = document.tree
        let node = tree.nodes[Int(index)]
        let kind: MarkdownBlock.Kind
        switch node.kind {
        case .paragraph: kind = .paragraph
        case .list: kind = .list
        case .codeBlock: kind = .codeBlock
        case .htmlBlock: kind = .htmlBlock
        case .blockQuote: kind = .blockQuote
        case .table: kind = .table
        case .thematicBreak: kind = .thematicBreak
        default: return nil
        }
        let position = document.blockPositions[index] ?? (node.line, 1)
        var block = MarkdownBlock(kind: kind, line: Int(position.line), column: Int(position.column),
                                  plainText: text.blockText(of: index))
        switch kind {
        case .paragraph:
            block.runs = runs(of: index, tree: tree)
        case .list:
            block.ordered = node.flags.contains(.ordered)
            var item = node.firstChild
            while item >= 0 {
                block.items.append(listItem(item, document: document, text: text))
                item = tree.nodes[Int(item)].next
            }
        case .codeBlock:
            if node.end2 > node.start2 {
                var end = node.start2
                while end < node.end2 && !ASCII.isWhitespace(tree.arena[Int(end)]) { end += 1 }
                block.language = tree.string(node.start2, end)
            }
            block.code = tree.string(node.start, node.end)
        case .table:
            var row = node.firstChild
            while row >= 0 {
                var cells: [String] = []
                var cell = tree.nodes[Int(row)].firstChild
                while cell >= 0 {
                    cells.append(text.inlineText(of: cell))
                    cell = tree.nodes[Int(cell)].next
                }
                block.rows.append(cells)
                row = tree.nodes[Int(row)].next
            }
        default:
            break
        }
        return block
    }

    static func listItem(_ index: Int32, document: MarkdownDocument, text: PlainText) -> MarkdownListItem {
        let tree = document.tree
        let node = tree.nodes[Int(index)]
        let position = document.blockPositions[index] ?? (node.line, 1)
        var paragraph = node.firstChild
        if paragraph >= 0 && tree.nodes[Int(paragraph)].kind != .paragraph { paragraph = -1 }
        var item = MarkdownListItem(line: Int(position.line), column: Int(position.column), plainText: "", runs: [],
                                    leadRunCount: 0, paragraph: paragraph)
        guard paragraph >= 0 else { return item }
        item.plainText = text.inlineText(of: paragraph)
        let first = tree.nodes[Int(paragraph)].firstChild
        if first >= 0 && tree.nodes[Int(first)].kind == .strong {
            item.runs = runs(of: first, tree: tree)
            item.leadRunCount = item.runs.count
            item.runs += runs(of: paragraph, tree: tree, from: tree.nodes[Int(first)].next)
        } else {
            item.runs = runs(of: paragraph, tree: tree)
        }
        return item
    }

    /// The text runs of `root`'s inline content from child `start` on (all children by default); adjacent
    /// text merges into one run, breaks become spaces, raw HTML is left out.
    static func runs(of root: Int32, tree: MarkdownTree, from start: Int32? = nil) -> [MarkdownTextRun] {
        var result: [MarkdownTextRun] = []
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty { result.append(MarkdownTextRun(kind: .text, text: String(decoding: pending, as: UTF8.self))) }
            pending.removeAll(keepingCapacity: true)
        }
        var node = start ?? tree.nodes[Int(root)].firstChild
        while node >= 0 {
            let n = tree.nodes[Int(node)]
            switch n.kind {
            case .text: pending.appendBytes(of: tree.arena, Int(n.start), Int(n.end))
            case .softBreak, .lineBreak: pending.append(32)
            case .code:
                flush()
                result.append(MarkdownTextRun(kind: .code, text: tree.string(n.start, n.end)))
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
        flush()
        return result
    }

    /// Where each top-level block and each item of a top-level list starts; called once per parse, in
    /// document order, so the locator's line cache keeps it linear.
    static func positions(of tree: MarkdownTree, locator: inout SourcePlaces) -> [Int32: (line: Int32, column: Int32)] {
        var positions: [Int32: (line: Int32, column: Int32)] = [:]
        guard !tree.nodes.isEmpty else { return positions }
        func record(_ index: Int32) {
            let node = tree.nodes[Int(index)]
            // A block included from a snippet is placed at its directive in this document.
            let position = locator.documentPosition(node: index, sourceOffset: Int(node.sourceOffset), line: Int(node.line))
            positions[index] = (Int32(position.line), Int32(position.column))
        }
        var child = tree.nodes[0].firstChild
        while child >= 0 {
            record(child)
            if tree.nodes[Int(child)].kind == .list {
                var item = tree.nodes[Int(child)].firstChild
                while item >= 0 {
                    record(item)
                    item = tree.nodes[Int(item)].next
                }
            }
            child = tree.nodes[Int(child)].next
        }
        return positions
    }
}
