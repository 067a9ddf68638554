// The block pass: reads the source line by line and builds the container/leaf structure
// (CommonMark's "phase 1"). Leaf content is copied into the arena; only the open tip of the
// tree ever receives lines, so every leaf's content is one contiguous arena range.

/// Named limits that keep every input linear and the output bounded.
enum MarkdownLimits {
    /// Table cells added to fill short rows, summed over a document (a 5,000 x 5,000 table of
    /// one-cell rows would otherwise produce 25 million empty cells from 10 KB).
    static let maxAutocompletedTableCells = 500_000
    /// Link destinations may nest parentheses this deep (as pulldown-cmark).
    static let maxLinkParenDepth = 32
    /// The spec caps link labels at 999 characters.
    static let maxLabelLength = 999
    /// Node links and arena offsets are Int32; the arena can hold about twice the input, so inputs
    /// are cut (at a line end) beyond 512 MiB rather than overflow.
    static let maxInputBytes = 512 << 20
}

/// A link reference definition's destination and title, already unescaped.
struct LinkReference: Sendable {
    var destination: [UInt8]
    var title: [UInt8]?
}

/// Fast byte searches over whole buffers.
enum ByteScan {
    /// Index of the first `\n` or `\r` at or after `start` (or the end).
    static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return start }
            let n = buffer.count
            var i = start
            // Eight bytes at a time; a word holding any byte below 14 is checked byte by byte.
            while i &+ 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let lowered = word &- 0x0E0E_0E0E_0E0E_0E0E
                if (lowered & ~word & 0x8080_8080_8080_8080) != 0 {
                    for k in 0..<8 {
                        let c = base[i &+ k]
                        if c == 10 || c == 13 { return i &+ k }
                    }
                }
                i &+= 8
            }
            while i < n {
                let c = base[i]
                if c == 10 || c == 13 { return i }
                i &+= 1
            }
            return n
        }
    }
}

struct BlockParser {
    let src: [UInt8]
    let options: MarkdownOptions
    var tree = MarkdownTree()
    var segments: [LineSegment] = []
    var references: [String: LinkReference] = [:]
    var footnoteDefinitions: [String: Int32] = [:]
    var tableAlignments: [[UInt8]] = []
    var autocompletedCells = 0

    // Per-line state (CommonMark reference algorithm).
    var lineStart = 0
    var lineEnd = 0
    var lineNumber: Int32 = 0
    var offset = 0
    var column = 0
    var nextNonspace = 0
    var nextNonspaceColumn = 0
    var indent = 0
    var blank = false
    var partiallyConsumedTab = false
    var tip: Int32 = 0
    var oldTip: Int32 = 0
    var lastMatchedContainer: Int32 = 0
    var allClosed = true
    /// Arena offset where the last line of the open paragraph starts (for table headers).
    var paragraphLastLine: Int32 = 0
    /// The fence line itself is not content.
    var fenceOpenedOnThisLine = false
    /// Where a thematic-break scan failed on the current line (see isThematicBreak).
    var thematicFailLine: Int32 = -1
    var thematicFailChar: UInt8 = 0
    var thematicFailAt = 0
    /// Scratch space for table rows.
    var rowCells: [TableSyntax.Cell] = []
    /// Scratch space for endsWithBlankLine.
    var chain: [Int32] = []

    init(source: [UInt8], options: MarkdownOptions) {
        self.src = source
        self.options = options
        // Generous reservations: untouched capacity costs no page faults, regrowth costs copies.
        tree.nodes.reserveCapacity(source.count / 8 + 16)
        tree.arena.reserveCapacity(source.count + source.count / 2 + 64)
        var document = Node(kind: .document)
        document.flags = .open
        document.line = 1
        tree.append(document)
    }

    // MARK: driver

    mutating func parseDocument() {
        let n = src.count
        var pos = 0
        while pos < n {
            var e = ByteScan.lineEnd(src, from: pos)
            processLine(start: pos, end: e)
            if e < n {
                if src[e] == 13 && e + 1 < n && src[e + 1] == 10 { e += 2 } else { e += 1 }
            }
            pos = e
        }
        while tip >= 0 { finalize(tip) }
        tip = 0
    }

    @inline(__always)
    func peek(_ i: Int) -> UInt8 {
        i < lineEnd ? src[i] : 0
    }

    @inline(__always)
    func kind(_ node: Int32) -> NodeKind { tree.nodes[Int(node)].kind }

    @inline(__always)
    func isOpen(_ node: Int32) -> Bool { tree.nodes[Int(node)].flags.contains(.open) }

    mutating func findNextNonspace() {
        var i = offset
        var cols = column
        var c: UInt8 = 0
        while i < lineEnd {
            c = src[i]
            if c == 32 {
                i += 1; cols += 1
            } else if c == 9 {
                i += 1; cols += 4 - (cols % 4)
            } else {
                break
            }
        }
        blank = i >= lineEnd
        nextNonspace = i
        nextNonspaceColumn = cols
        indent = cols - column
    }

    mutating func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        while count > 0 && offset < lineEnd {
            if src[offset] == 9 {
                let charsToTab = 4 - (column % 4)
                if columns {
                    partiallyConsumedTab = charsToTab > count
                    let advance = min(charsToTab, count)
                    column += advance
                    if !partiallyConsumedTab { offset += 1 }
                    count -= advance
                } else {
                    partiallyConsumedTab = false
                    column += charsToTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }

    mutating func advanceNextNonspace() {
        offset = nextNonspace
        column = nextNonspaceColumn
        partiallyConsumedTab = false
    }

    /// Appends the rest of the current line (plus a newline) to the tip's content.
    mutating func addLine() {
        if partiallyConsumedTab {
            offset += 1
            let charsToTab = 4 - (column % 4)
            for _ in 0..<charsToTab { tree.arena.append(32) }
        }
        segments.append(LineSegment(arenaStart: Int32(tree.arena.count), sourceOffset: Int32(offset),
                                    line: lineNumber, lineStart: Int32(lineStart)))
        if tree.nodes[Int(tip)].kind == .paragraph { paragraphLastLine = Int32(tree.arena.count) }
        tree.arena.appendBytes(of: src, offset, lineEnd)
        tree.arena.append(10)
        tree.nodes[Int(tip)].end = Int32(tree.arena.count)
    }

    // MARK: tree edits

    func canContain(_ parent: NodeKind, _ child: NodeKind) -> Bool {
        switch parent {
        case .document, .blockQuote, .item, .footnoteDefinition: return child != .item
        case .list: return child == .item
        default: return false
        }
    }

    @discardableResult
    mutating func addChild(_ kind: NodeKind, column startColumn: Int) -> Int32 {
        while !canContain(self.kind(tip), kind) {
            let parent = tree.nodes[Int(tip)].parent
            finalize(tip)
            tip = parent
        }
        var node = Node(kind: kind)
        node.flags = .open
        node.line = lineNumber
        node.start = Int32(tree.arena.count)
        node.end = node.start
        node.sourceOffset = Int32(startColumn)
        let index = tree.append(node)
        tree.appendChild(tip, index)
        tip = index
        return index
    }

    mutating func closeUnmatchedBlocks() {
        if !allClosed {
            while oldTip != lastMatchedContainer {
                let parent = tree.nodes[Int(oldTip)].parent
                finalize(oldTip)
                oldTip = parent
            }
            allClosed = true
        }
    }

    // MARK: one line

    mutating func processLine(start: Int, end: Int) {
        lineStart = start
        lineEnd = end
        lineNumber += 1
        offset = start
        column = 0
        blank = false
        partiallyConsumedTab = false
        fenceOpenedOnThisLine = false

        var container: Int32 = 0
        oldTip = tip
        var allMatched = true

        // 1. Walk the open blocks and consume their continuation markers.
        while true {
            let last = tree.nodes[Int(container)].lastChild
            if last < 0 || !isOpen(last) { break }
            container = last
            findNextNonspace()
            switch continueBlock(container) {
            case .matched: break
            case .failed: allMatched = false
            case .lineDone: return
            }
            if !allMatched {
                container = tree.nodes[Int(container)].parent
                break
            }
        }

        allClosed = container == oldTip
        lastMatchedContainer = container

        let containerKind = kind(container)
        var matchedLeaf = containerKind != .paragraph && containerKind != .table && acceptsLines(containerKind)

        // 2. Open new blocks.
        while !matchedLeaf {
            findNextNonspace()
            // Fast path: a line starting with an ordinary character opens nothing.
            if indent < 4 && !mayStartBlock(peek(nextNonspace)) {
                advanceNextNonspace()
                break
            }
            let result = startBlock(&container)
            if result == .none {
                advanceNextNonspace()
                break
            }
            container = tip
            if result == .leaf { matchedLeaf = true }
        }

        // 3. Add the rest of the line to the right block.
        if blank, tree.nodes[Int(container)].lastChild >= 0 {
            tree.nodes[Int(tree.nodes[Int(container)].lastChild)].flags.insert(.lastLineBlank)
        }
        let ck = kind(container)
        let lastLineBlank = blank && ck != .blockQuote && ck != .heading && ck != .thematicBreak
            && !(ck == .codeBlock && tree.nodes[Int(container)].flags.contains(.fenced))
            && !(ck == .item && tree.nodes[Int(container)].firstChild < 0 && tree.nodes[Int(container)].line == lineNumber)
        if lastLineBlank {
            tree.nodes[Int(container)].flags.insert(.lastLineBlank)
        } else {
            tree.nodes[Int(container)].flags.remove(.lastLineBlank)
        }
        var up = tree.nodes[Int(container)].parent
        while up >= 0 {
            tree.nodes[Int(up)].flags.remove(.lastLineBlank)
            up = tree.nodes[Int(up)].parent
        }

        if !allClosed && !blank && kind(tip) == .paragraph {
            addLine()  // lazy paragraph continuation
            return
        }
        closeUnmatchedBlocks()

        switch ck {
        case .codeBlock:
            if !fenceOpenedOnThisLine { addLine() }
        case .htmlBlock:
            addLine()
            let type = tree.nodes[Int(container)].number
            if type >= 1 && type <= 5 && htmlBlockEnds(type: type, from: offset) {
                finalize(container)
                tip = tree.nodes[Int(container)].parent
            }
        case .paragraph:
            if !blank { addLine() }
        case .table:
            if !blank && offset < lineEnd { addTableRow(table: container) }
        default:
            if offset < lineEnd && !blank {
                addChild(.paragraph, column: nextNonspace)
                advanceNextNonspace()
                addLine()
            }
        }
    }

    func acceptsLines(_ kind: NodeKind) -> Bool {
        kind == .paragraph || kind == .codeBlock || kind == .htmlBlock
    }

    @inline(__always)
    func mayStartBlock(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "<"),
             UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: "["):
            return true
        default:
            return false
        }
    }

    enum ContinueResult { case matched, failed, lineDone }

    mutating func continueBlock(_ container: Int32) -> ContinueResult {
        let node = tree.nodes[Int(container)]
        switch node.kind {
        case .blockQuote:
            if indent <= 3 && peek(nextNonspace) == UInt8(ascii: ">") {
                advanceNextNonspace()
                advanceOffset(1, columns: false)
                let c = peek(offset)
                if c == 32 || c == 9 { advanceOffset(1, columns: true) }
                return .matched
            }
            return .failed
        case .item:
            if blank {
                if node.firstChild < 0 { return .failed }
                advanceNextNonspace()
            } else if indent >= Int(node.offset + node.padding) {
                advanceOffset(Int(node.offset + node.padding), columns: true)
            } else {
                return .failed
            }
            return .matched
        case .footnoteDefinition:
            if indent >= 4 {
                advanceOffset(4, columns: true)
            } else if blank {
                advanceNextNonspace()
            } else {
                return .failed
            }
            return .matched
        case .codeBlock:
            if node.flags.contains(.fenced) {
                if indent <= 3 && peek(nextNonspace) == node.marker {
                    var i = nextNonspace
                    while i < lineEnd && src[i] == node.marker { i += 1 }
                    let runLength = i - nextNonspace
                    if runLength >= Int(node.number) {
                        while i < lineEnd && (src[i] == 32 || src[i] == 9) { i += 1 }
                        if i >= lineEnd {
                            finalize(container)
                            tip = node.parent
                            return .lineDone
                        }
                    }
                }
                var skip = Int(node.offset)
                while skip > 0 {
                    let c = peek(offset)
                    if c != 32 && c != 9 { break }
                    advanceOffset(1, columns: true)
                    skip -= 1
                }
                return .matched
            }
            if indent >= 4 {
                advanceOffset(4, columns: true)
            } else if blank {
                advanceNextNonspace()
            } else {
                return .failed
            }
            return .matched
        case .htmlBlock:
            return blank && (node.number == 6 || node.number == 7) ? .failed : .matched
        case .paragraph, .table:
            return blank ? .failed : .matched
        case .document, .list:
            return .matched
        default:
            return .failed
        }
    }

    enum StartResult { case none, container, leaf }

    mutating func startBlock(_ container: inout Int32) -> StartResult {
        let indented = indent >= 4
        let c = peek(nextNonspace)
        let containerKind = kind(container)

        if !indented {
            switch c {
            case UInt8(ascii: ">"):
                advanceNextNonspace()
                advanceOffset(1, columns: false)
                let d = peek(offset)
                if d == 32 || d == 9 { advanceOffset(1, columns: true) }
                closeUnmatchedBlocks()
                addChild(.blockQuote, column: nextNonspace)
                return .container
            case UInt8(ascii: "#"):
                if startATXHeading() { return .leaf }
            case UInt8(ascii: "`"), UInt8(ascii: "~"):
                if startFence() { return .leaf }
            case UInt8(ascii: "<"):
                if startHTMLBlock(containerKind: containerKind) { return .leaf }
            case UInt8(ascii: "["):
                if options.extensions && startFootnoteDefinition() { return .container }
            default:
                break
            }
            if containerKind == .paragraph && options.extensions && startTable(paragraph: container) {
                return .leaf
            }
            if containerKind == .paragraph && (c == UInt8(ascii: "=") || c == UInt8(ascii: "-")) {
                switch startSetextHeading(paragraph: container) {
                case .leaf: return .leaf
                default: break
                }
            }
            if (c == UInt8(ascii: "*") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")) && isThematicBreak() {
                closeUnmatchedBlocks()
                addChild(.thematicBreak, column: nextNonspace)
                advanceOffset(lineEnd - offset, columns: false)
                return .leaf
            }
        }
        if !indented || containerKind == .list {
            if startListItem(container: container) { return .container }
        }
        if indented && kind(tip) != .paragraph && !blank {
            advanceOffset(4, columns: true)
            closeUnmatchedBlocks()
            addChild(.codeBlock, column: offset)
            return .leaf
        }
        return .none
    }

    // MARK: block starts

    mutating func startATXHeading() -> Bool {
        var i = nextNonspace
        while i < lineEnd && src[i] == UInt8(ascii: "#") { i += 1 }
        let level = i - nextNonspace
        guard level >= 1 && level <= 6 else { return false }
        let after = peek(i)
        guard i >= lineEnd || after == 32 || after == 9 else { return false }
        advanceNextNonspace()
        advanceOffset(level, columns: false)
        closeUnmatchedBlocks()
        let heading = addChild(.heading, column: nextNonspace)
        tree.nodes[Int(heading)].number = Int32(level)
        // Content: strip leading/trailing whitespace and an optional closing sequence of '#'.
        var s = offset
        while s < lineEnd && (src[s] == 32 || src[s] == 9) { s += 1 }
        var e = lineEnd
        while e > s && (src[e - 1] == 32 || src[e - 1] == 9) { e -= 1 }
        var h = e
        while h > s && src[h - 1] == UInt8(ascii: "#") { h -= 1 }
        if h == s {
            e = s
        } else if h < e && (src[h - 1] == 32 || src[h - 1] == 9) {
            e = h
            while e > s && (src[e - 1] == 32 || src[e - 1] == 9) { e -= 1 }
        }
        segments.append(LineSegment(arenaStart: Int32(tree.arena.count), sourceOffset: Int32(s),
                                    line: lineNumber, lineStart: Int32(lineStart)))
        tree.nodes[Int(heading)].start = Int32(tree.arena.count)
        tree.arena.appendBytes(of: src, s, e)
        tree.nodes[Int(heading)].end = Int32(tree.arena.count)
        advanceOffset(lineEnd - offset, columns: false)
        return true
    }

    mutating func startFence() -> Bool {
        let fenceChar = src[nextNonspace]
        var i = nextNonspace
        while i < lineEnd && src[i] == fenceChar { i += 1 }
        let length = i - nextNonspace
        guard length >= 3 else { return false }
        if fenceChar == UInt8(ascii: "`") {
            var j = i
            while j < lineEnd {
                if src[j] == UInt8(ascii: "`") { return false }
                j += 1
            }
        }
        let fenceOffset = indent
        closeUnmatchedBlocks()
        let node = addChild(.codeBlock, column: nextNonspace)
        tree.nodes[Int(node)].flags.insert(.fenced)
        tree.nodes[Int(node)].number = Int32(length)
        tree.nodes[Int(node)].offset = Int32(fenceOffset)
        tree.nodes[Int(node)].marker = fenceChar
        // Info string: trimmed, with escapes and entities resolved.
        var s = i
        while s < lineEnd && (src[s] == 32 || src[s] == 9) { s += 1 }
        var e = lineEnd
        while e > s && (src[e - 1] == 32 || src[e - 1] == 9) { e -= 1 }
        let infoStart = Int32(tree.arena.count)
        if s < e { Unescape.appendUnescaped(src, s, e, to: &tree.arena) }
        tree.nodes[Int(node)].start2 = infoStart
        tree.nodes[Int(node)].end2 = Int32(tree.arena.count)
        tree.nodes[Int(node)].start = Int32(tree.arena.count)
        tree.nodes[Int(node)].end = Int32(tree.arena.count)
        advanceOffset(lineEnd - offset, columns: false)
        fenceOpenedOnThisLine = true
        return true
    }

    mutating func startHTMLBlock(containerKind: NodeKind) -> Bool {
        guard let type = HTMLScanner.blockStartType(src, nextNonspace, lineEnd) else { return false }
        if type == 7 {
            // Type 7 cannot interrupt a paragraph, lazy or not.
            if containerKind == .paragraph { return false }
            if !allClosed && !blank && kind(tip) == .paragraph { return false }
        }
        closeUnmatchedBlocks()
        let node = addChild(.htmlBlock, column: nextNonspace)
        tree.nodes[Int(node)].number = Int32(type)
        return true
    }

    func htmlBlockEnds(type: Int32, from start: Int) -> Bool {
        HTMLScanner.blockEnds(type: type, src, start, lineEnd)
    }

    mutating func startSetextHeading(paragraph: Int32) -> StartResult {
        let c = src[nextNonspace]
        var i = nextNonspace
        while i < lineEnd && src[i] == c { i += 1 }
        while i < lineEnd && (src[i] == 32 || src[i] == 9) { i += 1 }
        guard i >= lineEnd else { return .none }
        closeUnmatchedBlocks()
        resolveReferenceDefinitions(paragraph)
        let node = tree.nodes[Int(paragraph)]
        if !isBlank(node.start, node.end) {
            tree.nodes[Int(paragraph)].kind = .heading
            tree.nodes[Int(paragraph)].flags.insert(.setext)
            tree.nodes[Int(paragraph)].number = c == UInt8(ascii: "=") ? 1 : 2
            advanceOffset(lineEnd - offset, columns: false)
            return .leaf
        }
        return .none
    }

    /// Whether the line from the first non-space is a thematic break. A failed scan is remembered for
    /// the rest of the line: every later start with the same character reaches the same failure, and
    /// `- - - - ... x` would otherwise rescan the line once per list level.
    mutating func isThematicBreak() -> Bool {
        let c = src[nextNonspace]
        if thematicFailLine == lineNumber && thematicFailChar == c && nextNonspace < thematicFailAt { return false }
        var count = 0
        var i = nextNonspace
        while i < lineEnd {
            let d = src[i]
            if d == c {
                count += 1
            } else if d != 32 && d != 9 {
                break
            }
            i += 1
        }
        if i >= lineEnd && count >= 3 { return true }
        thematicFailLine = lineNumber
        thematicFailChar = c
        thematicFailAt = i >= lineEnd ? lineEnd + 1 : i
        return false
    }

    mutating func startListItem(container: Int32) -> Bool {
        guard indent < 4 else { return false }
        let containerKind = kind(container)
        var i = nextNonspace
        let c = peek(i)
        var ordered = false
        var marker: UInt8 = c
        var startNumber: Int32 = 0
        if c == UInt8(ascii: "*") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            i += 1
        } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
            var value: Int32 = 0
            var digits = 0
            while i < lineEnd && src[i] >= UInt8(ascii: "0") && src[i] <= UInt8(ascii: "9") && digits < 10 {
                value = value &* 10 &+ Int32(src[i] - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            guard digits <= 9 else { return false }
            let d = peek(i)
            guard d == UInt8(ascii: ".") || d == UInt8(ascii: ")") else { return false }
            if containerKind == .paragraph && value != 1 { return false }
            ordered = true
            marker = d
            startNumber = value
            i += 1
        } else {
            return false
        }
        let markerLength = i - nextNonspace
        let next = peek(i)
        guard i >= lineEnd || next == 32 || next == 9 else { return false }
        if containerKind == .paragraph {
            var j = i
            while j < lineEnd && (src[j] == 32 || src[j] == 9) { j += 1 }
            if j >= lineEnd { return false }
        }
        let markerOffset = indent
        advanceNextNonspace()
        advanceOffset(markerLength, columns: true)
        let spacesStartColumn = column
        let spacesStartOffset = offset
        repeat {
            advanceOffset(1, columns: true)
        } while column - spacesStartColumn < 5 && (peek(offset) == 32 || peek(offset) == 9)
        let blankItem = offset >= lineEnd
        let spacesAfterMarker = column - spacesStartColumn
        var padding: Int
        if spacesAfterMarker >= 5 || spacesAfterMarker < 1 || blankItem {
            padding = markerLength + 1
            column = spacesStartColumn
            offset = spacesStartOffset
            partiallyConsumedTab = false
            let d = peek(offset)
            if d == 32 || d == 9 { advanceOffset(1, columns: true) }
        } else {
            padding = markerLength + spacesAfterMarker
        }

        closeUnmatchedBlocks()
        let tipNode = tree.nodes[Int(tip)]
        let matches = tipNode.kind == .list && tipNode.marker == marker && tipNode.flags.contains(.ordered) == ordered
        if !matches {
            let list = addChild(.list, column: nextNonspace)
            tree.nodes[Int(list)].marker = marker
            tree.nodes[Int(list)].number = startNumber
            if ordered { tree.nodes[Int(list)].flags.insert(.ordered) }
        }
        let item = addChild(.item, column: nextNonspace)
        tree.nodes[Int(item)].offset = Int32(markerOffset)
        tree.nodes[Int(item)].padding = Int32(padding)
        tree.nodes[Int(item)].marker = marker
        return true
    }

    mutating func startFootnoteDefinition() -> Bool {
        // [^label]: with a label of non-space characters.
        var i = nextNonspace + 1
        guard peek(i) == UInt8(ascii: "^") else { return false }
        i += 1
        let labelStart = i
        while i < lineEnd {
            let c = src[i]
            if c == UInt8(ascii: "]") || c == 32 || c == 9 { break }
            if c == UInt8(ascii: "\\") && i + 1 < lineEnd { i += 1 }
            i += 1
        }
        guard i > labelStart, i - labelStart <= MarkdownLimits.maxLabelLength, peek(i) == UInt8(ascii: "]"),
              peek(i + 1) == UInt8(ascii: ":") else { return false }
        let key = LinkSyntax.normalizeLabel(src[(labelStart - 1)..<i])
        advanceNextNonspace()
        advanceOffset(i + 2 - offset, columns: false)
        while offset < lineEnd && (src[offset] == 32 || src[offset] == 9) { advanceOffset(1, columns: true) }
        closeUnmatchedBlocks()
        let node = addChild(.footnoteDefinition, column: nextNonspace)
        if footnoteDefinitions[key] == nil { footnoteDefinitions[key] = node }
        return true
    }

    // MARK: tables

    mutating func startTable(paragraph: Int32) -> Bool {
        guard tip == paragraph, indent < 4 else { return false }
        let first = src[nextNonspace]
        guard first == UInt8(ascii: "|") || first == UInt8(ascii: ":") || first == UInt8(ascii: "-") else { return false }
        // As cmark-gfm, which tries tables after the core blocks: `---` alone underlines a setext heading, and
        // `- | -` starts a list item that interrupts the paragraph.
        guard !TableSyntax.startsCoreBlock(src, nextNonspace, lineEnd),
              let alignments = TableSyntax.delimiterRow(src, nextNonspace, lineEnd) else { return false }
        let headerStart = Int(paragraphLastLine)
        let headerEnd = Int(tree.nodes[Int(paragraph)].end) - 1  // without the newline
        guard headerStart >= Int(tree.nodes[Int(paragraph)].start), headerStart <= headerEnd,
              let headerSegment = segments.last, Int(headerSegment.arenaStart) == headerStart else { return false }
        TableSyntax.splitRow(tree.arena, headerStart, headerEnd, into: &rowCells)
        guard rowCells.count == alignments.count else { return false }
        // Keep the header text: the paragraph is cut back below and the cells are copied later.
        let headerCopy = Array(tree.arena[headerStart..<headerEnd])
        let headerCells = rowCells.map {
            TableSyntax.Cell(start: $0.start - headerStart, end: $0.end - headerStart, escapedPipe: $0.escapedPipe)
        }
        var hasPipe = false
        for i in nextNonspace..<lineEnd where src[i] == UInt8(ascii: "|") { hasPipe = true; break }
        if !hasPipe {
            for i in headerStart..<headerEnd where tree.arena[i] == UInt8(ascii: "|") { hasPipe = true; break }
        }
        guard hasPipe else { return false }

        // Earlier lines of the paragraph stay a paragraph; its last line becomes the header row.
        let parent = tree.nodes[Int(paragraph)].parent
        tree.nodes[Int(paragraph)].end = Int32(headerStart)
        finalize(paragraph)
        tip = parent
        let table = addChild(.table, column: nextNonspace)
        tree.nodes[Int(table)].line = headerSegment.line
        tree.nodes[Int(table)].number = Int32(alignments.count)
        tree.nodes[Int(table)].offset = Int32(tableAlignments.count)
        tableAlignments.append(alignments)
        let row = tree.append(Node(kind: .tableRow, flags: .headerRow, line: headerSegment.line))
        tree.appendChild(table, row)
        for (index, cell) in headerCells.enumerated() {
            let sourceOffset = headerSegment.sourceOffset + Int32(cell.start)
            appendCell(row: row, cell: cell, of: headerCopy, sourceOffset: sourceOffset, line: headerSegment.line,
                       lineStart: headerSegment.lineStart, alignment: alignments[index])
        }
        advanceOffset(lineEnd - offset, columns: false)
        return true
    }

    mutating func appendCell(row: Int32, cell range: TableSyntax.Cell?, of bytes: [UInt8], sourceOffset: Int32, line: Int32,
                             lineStart: Int32, alignment: UInt8) {
        var cell = Node(kind: .tableCell)
        cell.line = line
        cell.number = Int32(alignment)
        cell.start = Int32(tree.arena.count)
        if let range {
            segments.append(LineSegment(arenaStart: cell.start, sourceOffset: sourceOffset, line: line, lineStart: lineStart))
            TableSyntax.appendCell(range, of: bytes, to: &tree.arena)
        }
        cell.end = Int32(tree.arena.count)
        let index = tree.append(cell)
        tree.appendChild(row, index)
    }

    mutating func addTableRow(table: Int32) {
        let columns = Int(tree.nodes[Int(table)].number)
        let alignments = tableAlignments[Int(tree.nodes[Int(table)].offset)]
        TableSyntax.splitRow(src, offset, lineEnd, into: &rowCells)
        let missing = max(0, columns - rowCells.count)
        if autocompletedCells + missing > MarkdownLimits.maxAutocompletedTableCells {
            // Too many padded cells: end the table; the line becomes a paragraph.
            finalize(table)
            tip = tree.nodes[Int(table)].parent
            addChild(.paragraph, column: offset)
            addLine()
            return
        }
        autocompletedCells += missing
        let row = tree.append(Node(kind: .tableRow, line: lineNumber))
        tree.appendChild(table, row)
        for index in 0..<columns {
            let cell: TableSyntax.Cell? = index < rowCells.count ? rowCells[index] : nil
            appendCell(row: row, cell: cell, of: src, sourceOffset: Int32(cell?.start ?? lineEnd), line: lineNumber,
                       lineStart: Int32(lineStart), alignment: alignments[index])
        }
        advanceOffset(lineEnd - offset, columns: false)
    }

    // MARK: finalize

    func isBlank(_ start: Int32, _ end: Int32) -> Bool {
        var i = Int(start)
        while i < Int(end) {
            let c = tree.arena[i]
            if c != 32 && c != 9 && c != 10 { return false }
            i += 1
        }
        return true
    }

    mutating func finalize(_ block: Int32) {
        let b = Int(block)
        tip = tree.nodes[b].parent
        guard tree.nodes[b].flags.contains(.open) else { return }
        tree.nodes[b].flags.remove(.open)
        switch tree.nodes[b].kind {
        case .paragraph:
            resolveReferenceDefinitions(block)
            if isBlank(tree.nodes[b].start, tree.nodes[b].end) {
                tree.unlink(block)
            }
        case .codeBlock:
            if !tree.nodes[b].flags.contains(.fenced) {
                // Drop trailing blank lines: walk back line by line.
                let s = Int(tree.nodes[b].start)
                var e = Int(tree.nodes[b].end)
                while e > s {
                    var j = e - 1  // the newline ending this line
                    var lineIsBlank = true
                    while j > s && tree.arena[j - 1] != 10 {
                        let c = tree.arena[j - 1]
                        if c != 32 && c != 9 { lineIsBlank = false }
                        j -= 1
                    }
                    if !lineIsBlank { break }
                    e = j
                }
                tree.nodes[b].end = Int32(e)
            }
        case .list:
            finalizeList(block)
        default:
            break
        }
    }

    mutating func finalizeList(_ list: Int32) {
        var tight = true
        var item = tree.nodes[Int(list)].firstChild
        outer: while item >= 0 {
            let itemNode = tree.nodes[Int(item)]
            if itemNode.flags.contains(.lastLineBlank) && itemNode.next >= 0 {
                tight = false
                break
            }
            var sub = itemNode.firstChild
            while sub >= 0 {
                if (itemNode.next >= 0 || tree.nodes[Int(sub)].next >= 0) && endsWithBlankLine(sub) {
                    tight = false
                    break outer
                }
                sub = tree.nodes[Int(sub)].next
            }
            item = itemNode.next
        }
        if tight { tree.nodes[Int(list)].flags.insert(.tight) }
    }

    /// Whether a block ends with a blank line, looking into the last children of lists and items.
    /// Results are memoized on the nodes (all closed by then), so deep nesting costs linear time.
    mutating func endsWithBlankLine(_ node: Int32) -> Bool {
        chain.removeAll(keepingCapacity: true)
        var current = node
        var result = false
        while current >= 0 {
            let n = tree.nodes[Int(current)]
            if n.flags.contains(.blankEndChecked) {
                result = n.flags.contains(.blankEndResult)
                break
            }
            chain.append(current)
            if n.flags.contains(.lastLineBlank) {
                result = true
                break
            }
            guard n.kind == .list || n.kind == .item else { break }
            current = n.lastChild
        }
        for index in chain {
            tree.nodes[Int(index)].flags.insert(.blankEndChecked)
            if result { tree.nodes[Int(index)].flags.insert(.blankEndResult) }
        }
        return result
    }

    /// Removes link reference definitions from the start of a paragraph, recording them.
    mutating func resolveReferenceDefinitions(_ paragraph: Int32) {
        let p = Int(paragraph)
        let end = Int(tree.nodes[p].end)
        var start = Int(tree.nodes[p].start)
        while start < end && tree.arena[start] == UInt8(ascii: "[") {
            guard let definition = LinkSyntax.parseReferenceDefinition(tree.arena, start, end) else { break }
            if references[definition.key] == nil {
                references[definition.key] = definition.reference
            }
            start = definition.end
        }
        tree.nodes[p].start = Int32(start)
    }
}
