// The parsed document: a flat array of nodes linked by Int32 indices (no class tree, no ARC traffic),
// with every piece of text kept as a byte range into one shared buffer, the arena.

enum NodeKind: UInt8, Sendable {
    // Blocks
    case document, blockQuote, list, item, paragraph, heading, thematicBreak, codeBlock, htmlBlock
    case table, tableRow, tableCell, footnoteDefinition
    // Inlines
    case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough, link, image
    case footnoteReference
}

/// Bit flags stored on a node.
struct NodeFlags: OptionSet, Sendable {
    let rawValue: UInt16
    static let open = NodeFlags(rawValue: 1 << 0)
    static let lastLineBlank = NodeFlags(rawValue: 1 << 1)
    static let fenced = NodeFlags(rawValue: 1 << 2)
    static let tight = NodeFlags(rawValue: 1 << 3)
    static let ordered = NodeFlags(rawValue: 1 << 4)
    static let setext = NodeFlags(rawValue: 1 << 5)
    static let headerRow = NodeFlags(rawValue: 1 << 6)
    static let task = NodeFlags(rawValue: 1 << 7)
    static let checked = NodeFlags(rawValue: 1 << 8)
    static let hasTitle = NodeFlags(rawValue: 1 << 9)
    static let emailAutolink = NodeFlags(rawValue: 1 << 10)
    /// A GFM extended autolink (www., http://, e-mail), undone when it ends up inside a link's text.
    static let extendedAutolink = NodeFlags(rawValue: 1 << 13)
    /// A block quote rendered as a callout (GitHub alert); its kind is in `number`.
    static let callout = NodeFlags(rawValue: 1 << 14)
    /// Memo for "ends with a blank line" (list tightness), so nested lists are checked once.
    static let blankEndChecked = NodeFlags(rawValue: 1 << 11)
    static let blankEndResult = NodeFlags(rawValue: 1 << 12)
}

struct Node: Sendable {
    var kind: NodeKind
    var flags: NodeFlags = []
    var parent: Int32 = -1
    var firstChild: Int32 = -1
    var lastChild: Int32 = -1
    var next: Int32 = -1
    var prev: Int32 = -1
    /// Main byte range in the arena: block content, text, code, link destination.
    var start: Int32 = 0
    var end: Int32 = 0
    /// Second range: link title, code fence info string.
    var start2: Int32 = 0
    var end2: Int32 = 0
    /// Small per-kind numbers: heading level, list start, HTML block type, fence length, cell alignment,
    /// footnote number.
    var number: Int32 = 0
    /// List marker offset / fence offset / footnote reference repeat index.
    var offset: Int32 = 0
    /// List item content padding; list bullet or delimiter byte; fence byte.
    var padding: Int32 = 0
    var marker: UInt8 = 0
    /// 1-based source line where the node starts.
    var line: Int32 = 0
    /// Source byte offset where a block's first marker or text starts (for columns).
    var sourceOffset: Int32 = 0
}

extension Array where Element == UInt8 {
    /// Appends source[start..<end] as one copy (no slice, so no retain of the source buffer).
    @inline(__always)
    mutating func appendBytes(of source: [UInt8], _ start: Int, _ end: Int) {
        guard start < end else { return }
        source.withUnsafeBufferPointer { buffer in
            self.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}

/// Maps arena offsets back to source lines and columns: one entry per line appended to the arena.
struct LineSegment: Sendable {
    var arenaStart: Int32
    var sourceOffset: Int32
    var line: Int32
    var lineStart: Int32
}

/// Everything the renderer needs; stored inside `MarkdownDocument`.
struct MarkdownTree: Sendable {
    var nodes: [Node] = []
    var arena: [UInt8] = []
    /// Footnote definitions in order of first reference (node indices).
    var footnotes: [Int32] = []

    init() {}

    @inline(__always)
    func bytes(_ start: Int32, _ end: Int32) -> ArraySlice<UInt8> {
        arena[Int(start)..<Int(end)]
    }

    func string(_ start: Int32, _ end: Int32) -> String {
        String(decoding: arena[Int(start)..<Int(end)], as: UTF8.self)
    }

    // MARK: building

    @discardableResult
    mutating func append(_ node: Node) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Links `child` as the last child of `parent`. (One unsafe buffer access: each plain subscript
    /// write would pay its own uniqueness check.)
    mutating func appendChild(_ parent: Int32, _ child: Int32) {
        nodes.withUnsafeMutableBufferPointer { n in
            let p = Int(parent), c = Int(child)
            n[c].parent = parent
            n[c].next = -1
            let last = n[p].lastChild
            n[c].prev = last
            if last >= 0 {
                n[Int(last)].next = child
            } else {
                n[p].firstChild = child
            }
            n[p].lastChild = child
        }
    }

    /// Removes `node` from its parent's child list.
    mutating func unlink(_ node: Int32) {
        let n = Int(node)
        let prev = nodes[n].prev, next = nodes[n].next, parent = nodes[n].parent
        if prev >= 0 { nodes[Int(prev)].next = next } else if parent >= 0 { nodes[Int(parent)].firstChild = next }
        if next >= 0 { nodes[Int(next)].prev = prev } else if parent >= 0 { nodes[Int(parent)].lastChild = prev }
        nodes[n].prev = -1
        nodes[n].next = -1
        nodes[n].parent = -1
    }

    /// Inserts `node` right after `after` among the same parent's children.
    mutating func insertAfter(_ after: Int32, _ node: Int32) {
        let a = Int(after), n = Int(node)
        let parent = nodes[a].parent
        let next = nodes[a].next
        nodes[n].parent = parent
        nodes[n].prev = after
        nodes[n].next = next
        nodes[a].next = node
        if next >= 0 { nodes[Int(next)].prev = node } else if parent >= 0 { nodes[Int(parent)].lastChild = node }
    }
}
