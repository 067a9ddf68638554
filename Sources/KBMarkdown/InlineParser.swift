// The inline pass (CommonMark "phase 2"), run over each paragraph, heading and table cell.
// Plain text is skipped with a 256-entry table; delimiter runs go on a delimiter list and brackets
// on a bracket stack, resolved as in the spec's appendix: emphasis with `openersBottom` per
// delimiter class and length mod 3, bracket openers deactivated once, code-span closers found
// through a per-subject index of backtick runs, and unclosed raw-HTML constructs remembered.
// Every step is linear in the subject.

struct Delimiter {
    var node: Int32
    var char: UInt8
    var count: Int32
    var originalCount: Int32
    var canOpen: Bool
    var canClose: Bool
    var prev: Int32
    var next: Int32
}

struct Bracket {
    var node: Int32
    var image: Bool
    var active: Bool
    var bracketAfter: Bool
    var previousDelimiter: Int32
    /// Subject index just after `[` or `![`.
    var position: Int
}

/// A link found while parsing, located later.
struct FoundLink {
    var arenaOffset: Int32
    var node: Int32
}

struct InlineParser {
    var tree: MarkdownTree
    let options: MarkdownOptions
    let references: [String: LinkReference]
    let footnoteDefinitions: [String: Int32]
    var footnoteNumbers: [Int32: Int32] = [:]
    var footnoteReferenceCounts: [Int32: Int32] = [:]
    var links: [FoundLink] = []
    /// `{{< … >}}` written where kb cannot run it (see InlineShortcodes.swift), with arena offsets.
    var shortcodeProblems: [ShortcodeProblem] = []
    var shortcodeMemo = ShortcodeMemo()

    // Per-subject state.
    var subject: [UInt8] = []
    var base = 0
    var pos = 0
    var end = 0
    var block: Int32 = 0
    var textStart = 0
    var delimiters: [Delimiter] = []
    var lastDelimiter: Int32 = -1
    var brackets: [Bracket] = []
    /// Every link opener below this index of `brackets` is inactive, so deactivation after a link never
    /// walks the same openers twice (image openers in between would otherwise be walked again each time).
    var inactiveLinkOpenersBelow = 0
    var htmlMemo = HTMLSearchMemo()
    var backticksScanned = false
    var lastBacktickRun: [Int] = Array(repeating: -1, count: 32)
    var lastLongBacktickRun: [Int: Int] = [:]
    var openersBottom: [Int32] = Array(repeating: -1, count: 18)

    static let specialTable: [Bool] = makeTable(Array("\n\\`&<[]!*_".utf8))
    static let extendedTable: [Bool] = makeTable(Array("\n\\`&<[]!*_~w:@".utf8))

    static func makeTable(_ chars: [UInt8]) -> [Bool] {
        var table = Array(repeating: false, count: 256)
        for c in chars { table[Int(c)] = true }
        return table
    }

    init(tree: MarkdownTree, options: MarkdownOptions, references: [String: LinkReference],
         footnoteDefinitions: [String: Int32]) {
        self.tree = tree
        self.options = options
        self.references = references
        self.footnoteDefinitions = footnoteDefinitions
    }

    // MARK: driver

    /// Parses the inline content of `block` (its arena range) into child nodes.
    mutating func parse(block: Int32) {
        let node = tree.nodes[Int(block)]
        var s = Int(node.start), e = Int(node.end)
        // Only spaces, tabs and line endings go: a vertical tab or form feed at either end is text (spec 4.8,
        // "removing initial and final spaces or tabs"; cmark-gfm keeps them too).
        while s < e && InlineParser.isTrimmed(tree.arena[s]) { s += 1 }
        while e > s && InlineParser.isTrimmed(tree.arena[e - 1]) { e -= 1 }
        if !subject.isEmpty { subject.removeAll(keepingCapacity: true) }
        subject.appendBytes(of: tree.arena, s, e)
        base = s
        pos = 0
        end = subject.count
        self.block = block
        textStart = 0
        if !delimiters.isEmpty { delimiters.removeAll(keepingCapacity: true) }
        lastDelimiter = -1
        if !brackets.isEmpty { brackets.removeAll(keepingCapacity: true) }
        inactiveLinkOpenersBelow = 0
        htmlMemo.reset()
        if backticksScanned {
            backticksScanned = false
            for i in 0..<lastBacktickRun.count { lastBacktickRun[i] = -1 }
            lastLongBacktickRun.removeAll()
        }

        let table = options.extensions ? InlineParser.extendedTable : InlineParser.specialTable
        while pos < end {
            pos = InlineParser.skipPlain(subject, from: pos, to: end, table: table)
            if pos >= end { break }
            let c = subject[pos]
            switch c {
            case 10: handleNewline()
            case UInt8(ascii: "\\"): handleBackslash()
            case UInt8(ascii: "`"): handleBackticks()
            case UInt8(ascii: "&"): handleEntity()
            case UInt8(ascii: "<"): handleLessThan()
            case UInt8(ascii: "["):
                flushText(upTo: pos)
                pushBracket(image: false, length: 1)
            case UInt8(ascii: "!"):
                if pos + 1 < end && subject[pos + 1] == UInt8(ascii: "[") {
                    flushText(upTo: pos)
                    pushBracket(image: true, length: 2)
                } else {
                    pos += 1
                }
            case UInt8(ascii: "]"): handleCloseBracket()
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"): handleDelimiterRun(c)
            case UInt8(ascii: "w"): handleWWW()
            case UInt8(ascii: ":"): handleSchemeColon()
            case UInt8(ascii: "@"): handleEmail()
            default: pos += 1
            }
        }
        flushText(upTo: end)
        processEmphasis(stackBottom: -1)
    }

    @inline(__always)
    static func isTrimmed(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    /// The first index at or after `start` holding a character the table marks as special.
    static func skipPlain(_ bytes: [UInt8], from start: Int, to end: Int, table: [Bool]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            table.withUnsafeBufferPointer { special in
                guard let base = buffer.baseAddress, let specialBase = special.baseAddress else { return end }
                var i = start
                // Unrolled by four: plain text is the common case.
                while i &+ 4 <= end {
                    if specialBase[Int(base[i])] { return i }
                    if specialBase[Int(base[i &+ 1])] { return i &+ 1 }
                    if specialBase[Int(base[i &+ 2])] { return i &+ 2 }
                    if specialBase[Int(base[i &+ 3])] { return i &+ 3 }
                    i &+= 4
                }
                while i < end && !specialBase[Int(base[i])] { i &+= 1 }
                return i
            }
        }
    }

    // MARK: nodes

    @discardableResult
    mutating func appendInline(_ kind: NodeKind, start: Int, end: Int) -> Int32 {
        var node = Node(kind: kind)
        node.start = Int32(start)
        node.end = Int32(end)
        let index = tree.append(node)
        tree.appendChild(block, index)
        return index
    }

    /// Emits pending plain text subject[textStart..<upTo] as a text node.
    mutating func flushText(upTo limit: Int) {
        if limit > textStart {
            appendInline(.text, start: base + textStart, end: base + limit)
        }
        textStart = limit
    }

    /// Appends bytes to the arena and returns their range.
    mutating func store(_ bytes: [UInt8]) -> (Int32, Int32) {
        let start = Int32(tree.arena.count)
        tree.arena.append(contentsOf: bytes)
        return (start, Int32(tree.arena.count))
    }

    mutating func store(_ bytes: ArraySlice<UInt8>) -> (Int32, Int32) {
        let start = Int32(tree.arena.count)
        tree.arena.append(contentsOf: bytes)
        return (start, Int32(tree.arena.count))
    }

    // MARK: simple constructs

    mutating func skipLineStartSpaces() {
        while pos < end && ASCII.isSpaceOrTab(subject[pos]) { pos += 1 }
    }

    mutating func handleNewline() {
        // Two spaces right before the line ending make a hard break; all trailing spaces and tabs go.
        let hard = pos - textStart >= 2 && subject[pos - 1] == 32 && subject[pos - 2] == 32
        var k = pos
        while k > textStart && (subject[k - 1] == 32 || subject[k - 1] == 9) { k -= 1 }
        flushText(upTo: k)
        appendInline(hard ? .lineBreak : .softBreak, start: 0, end: 0)
        pos += 1
        skipLineStartSpaces()
        textStart = pos
    }

    mutating func handleBackslash() {
        guard pos + 1 < end else { pos += 1; return }
        let next = subject[pos + 1]
        if next == 10 {
            flushText(upTo: pos)
            appendInline(.lineBreak, start: 0, end: 0)
            pos += 2
            skipLineStartSpaces()
            textStart = pos
        } else if ASCII.isPunctuation(next) {
            flushText(upTo: pos)
            appendInline(.text, start: base + pos + 1, end: base + pos + 2)
            pos += 2
            textStart = pos
        } else {
            pos += 1
        }
    }

    mutating func handleEntity() {
        guard let (decoded, after) = Unescape.entity(subject, pos, end) else { pos += 1; return }
        flushText(upTo: pos)
        let (s, e) = store(decoded)
        appendInline(.text, start: Int(s), end: Int(e))
        pos = after
        textStart = pos
    }

    mutating func handleBackticks() {
        let start = pos
        while pos < end && subject[pos] == UInt8(ascii: "`") { pos += 1 }
        let length = pos - start
        guard let closer = findBacktickCloser(from: pos, length: length) else { return }
        flushText(upTo: start)
        // Content: line endings become spaces; one space is stripped from each side when both exist
        // and the content is not all spaces.
        var s = pos, e = closer
        var allSpace = true
        for k in s..<e where subject[k] != 32 && subject[k] != 10 { allSpace = false; break }
        if !allSpace && e - s >= 2 && (subject[s] == 32 || subject[s] == 10) && (subject[e - 1] == 32 || subject[e - 1] == 10) {
            s += 1
            e -= 1
        }
        let contentStart = Int32(tree.arena.count)
        tree.arena.appendBytes(of: subject, s, e)
        var k = Int(contentStart)
        let contentEnd = tree.arena.count
        while k < contentEnd {
            if tree.arena[k] == 10 { tree.arena[k] = 32 }
            k += 1
        }
        var node = Node(kind: .code)
        node.start = contentStart
        node.end = Int32(tree.arena.count)
        let index = tree.append(node)
        tree.appendChild(block, index)
        pos = closer + length
        textStart = pos
    }

    mutating func findBacktickCloser(from start: Int, length: Int) -> Int? {
        if backticksScanned {
            let last = length < lastBacktickRun.count ? lastBacktickRun[length] : (lastLongBacktickRun[length] ?? -1)
            if last < start { return nil }
        }
        var i = start
        while i < end {
            if subject[i] == UInt8(ascii: "`") {
                let runStart = i
                while i < end && subject[i] == UInt8(ascii: "`") { i += 1 }
                let runLength = i - runStart
                if runLength == length { return runStart }
                if runLength < lastBacktickRun.count {
                    lastBacktickRun[runLength] = runStart
                } else {
                    lastLongBacktickRun[runLength] = runStart
                }
                continue
            }
            i += 1
        }
        backticksScanned = true
        return nil
    }

    // MARK: < : autolinks and raw HTML

    mutating func handleLessThan() {
        if options.shortcodes && pos >= 2 && subject[pos - 1] == UInt8(ascii: "{") && subject[pos - 2] == UInt8(ascii: "{"),
           handleShortcode() { return }
        if let (destStart, destEnd, after, isEmail) = scanAutolink(pos) {
            flushText(upTo: pos)
            var destination: [UInt8] = isEmail ? Array("mailto:".utf8) : []
            destination.appendBytes(of: subject, destStart, destEnd)
            addAutolink(destination: destination, textStart: destStart, textEnd: destEnd, at: pos, email: isEmail,
                        extended: false)
            pos = after
            textStart = pos
            return
        }
        if let after = htmlMemo.scanInlineHTML(subject, pos, end) {
            flushText(upTo: pos)
            appendInline(.htmlInline, start: base + pos, end: base + after)
            pos = after
            textStart = pos
            return
        }
        pos += 1
    }

    mutating func addAutolink(destination: [UInt8], textStart s: Int, textEnd e: Int, at position: Int, email: Bool,
                              extended: Bool = true) {
        let (ds, de) = store(destination)
        var link = Node(kind: .link)
        link.start = ds
        link.end = de
        if email { link.flags.insert(.emailAutolink) }
        if extended { link.flags.insert(.extendedAutolink) }
        let index = tree.append(link)
        tree.appendChild(block, index)
        var text = Node(kind: .text)
        text.start = Int32(base + s)
        text.end = Int32(base + e)
        let textIndex = tree.append(text)
        tree.appendChild(index, textIndex)
        links.append(FoundLink(arenaOffset: Int32(base + position), node: index))
    }

    /// `<scheme:...>` or `<user@host>`; returns the content range, the index after `>` and whether it is an e-mail.
    func scanAutolink(_ start: Int) -> (Int, Int, Int, Bool)? {
        let i = start + 1
        guard i < end else { return nil }
        // URI: scheme of 2-32 characters, then ':'.
        if ASCII.isLetter(subject[i]) {
            var j = i + 1
            while j < end && j - i <= 32 {
                let c = subject[j]
                if ASCII.isAlphanumeric(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
                    j += 1
                } else {
                    break
                }
            }
            let schemeLength = j - i
            if j < end && subject[j] == UInt8(ascii: ":") && schemeLength >= 2 && schemeLength <= 32 {
                var k = j + 1
                while k < end {
                    let c = subject[k]
                    if c == UInt8(ascii: ">") { return (i, k, k + 1, false) }
                    if c <= 32 || c == UInt8(ascii: "<") || c == 127 { return nil }
                    k += 1
                }
                return nil
            }
        }
        // E-mail.
        var j = i
        while j < end && isEmailLocal(subject[j]) { j += 1 }
        guard j > i, j < end, subject[j] == UInt8(ascii: "@") else { return nil }
        j += 1
        var labelLength = 0
        var labelStartChar = true
        var lastChar: UInt8 = 0
        while j < end {
            let c = subject[j]
            if ASCII.isAlphanumeric(c) {
                labelLength += 1
                labelStartChar = false
                if labelLength > 63 { return nil }
            } else if c == UInt8(ascii: "-") {
                if labelStartChar { return nil }
                labelLength += 1
                if labelLength > 63 { return nil }
            } else if c == UInt8(ascii: ".") {
                if labelStartChar || lastChar == UInt8(ascii: "-") { return nil }
                labelLength = 0
                labelStartChar = true
            } else if c == UInt8(ascii: ">") {
                if labelStartChar || lastChar == UInt8(ascii: "-") { return nil }
                return (i, j, j + 1, true)
            } else {
                return nil
            }
            lastChar = c
            j += 1
        }
        return nil
    }

    @inline(__always)
    func isEmailLocal(_ c: UInt8) -> Bool {
        if ASCII.isAlphanumeric(c) { return true }
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    // MARK: emphasis

    mutating func handleDelimiterRun(_ c: UInt8) {
        let start = pos
        while pos < end && subject[pos] == c { pos += 1 }
        let count = pos - start
        if c == UInt8(ascii: "~") && (!options.extensions || count > 2) { return }
        let before = CharacterClass.scalar(before: start, in: subject, lowerBound: 0)
        let after = CharacterClass.scalar(at: pos, in: subject, upperBound: end)
        let beforeSpace = CharacterClass.isWhitespace(before)
        let afterSpace = CharacterClass.isWhitespace(after)
        let beforePunct = CharacterClass.isPunctuation(before)
        let afterPunct = CharacterClass.isPunctuation(after)
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        let canOpen: Bool, canClose: Bool
        if c == UInt8(ascii: "_") {
            canOpen = leftFlanking && (!rightFlanking || beforePunct)
            canClose = rightFlanking && (!leftFlanking || afterPunct)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
        flushText(upTo: start)
        let node = appendInline(.text, start: base + start, end: base + pos)
        textStart = pos
        if canOpen || canClose {
            let index = Int32(delimiters.count)
            delimiters.append(Delimiter(node: node, char: c, count: Int32(count), originalCount: Int32(count),
                                        canOpen: canOpen, canClose: canClose, prev: lastDelimiter, next: -1))
            if lastDelimiter >= 0 { delimiters[Int(lastDelimiter)].next = index }
            lastDelimiter = index
        }
    }

    mutating func removeDelimiter(_ index: Int32) {
        let d = delimiters[Int(index)]
        if d.next >= 0 { delimiters[Int(d.next)].prev = d.prev } else { lastDelimiter = d.prev }
        if d.prev >= 0 { delimiters[Int(d.prev)].next = d.next }
    }

    @inline(__always)
    func bottomIndex(_ d: Delimiter) -> Int {
        let base: Int
        switch d.char {
        case UInt8(ascii: "*"): base = 0
        case UInt8(ascii: "_"): base = 6
        default: base = 12
        }
        return base + (d.canOpen ? 3 : 0) + Int(d.originalCount % 3)
    }

    mutating func processEmphasis(stackBottom: Int32) {
        for i in 0..<openersBottom.count { openersBottom[i] = stackBottom }
        var closer: Int32 = -1
        var candidate = lastDelimiter
        while candidate >= 0 && candidate != stackBottom {
            closer = candidate
            candidate = delimiters[Int(candidate)].prev
        }
        while closer >= 0 {
            let d = delimiters[Int(closer)]
            guard d.canClose else {
                closer = d.next
                continue
            }
            let bottomSlot = bottomIndex(d)
            var opener = d.prev
            var found = false
            var tildeMismatch = false
            while opener >= 0 && opener != stackBottom && opener != openersBottom[bottomSlot] {
                let o = delimiters[Int(opener)]
                if o.canOpen && o.char == d.char {
                    if d.char == UInt8(ascii: "~") {
                        // As cmark-gfm: the nearest tilde opener decides; another length means no match.
                        if o.count == d.count { found = true } else { tildeMismatch = true }
                        break
                    } else {
                        let oddMatch = (d.canOpen || o.canClose) && d.originalCount % 3 != 0
                            && (o.originalCount + d.originalCount) % 3 == 0
                        if !oddMatch { found = true; break }
                    }
                }
                opener = o.prev
            }
            if found {
                closer = insertEmphasis(opener: opener, closer: closer)
            } else if tildeMismatch {
                // Later closers of this length would meet the same opener: search no lower.
                openersBottom[bottomSlot] = d.prev
                removeDelimiter(closer)
                closer = d.next
            } else {
                openersBottom[bottomSlot] = d.prev
                if !d.canOpen { removeDelimiter(closer) }
                closer = d.next
            }
        }
        while lastDelimiter >= 0 && lastDelimiter != stackBottom {
            removeDelimiter(lastDelimiter)
        }
    }

    /// Wraps the nodes between an opener and a closer in emphasis; returns the next closer to look at.
    mutating func insertEmphasis(opener: Int32, closer: Int32) -> Int32 {
        let o = delimiters[Int(opener)], c = delimiters[Int(closer)]
        let use: Int32 = c.char == UInt8(ascii: "~") ? c.count : (o.count >= 2 && c.count >= 2 ? 2 : 1)
        delimiters[Int(opener)].count -= use
        delimiters[Int(closer)].count -= use
        tree.nodes[Int(o.node)].end -= use
        tree.nodes[Int(c.node)].start += use

        var between = c.prev
        while between >= 0 && between != opener {
            let previous = delimiters[Int(between)].prev
            removeDelimiter(between)
            between = previous
        }

        let kind: NodeKind = c.char == UInt8(ascii: "~") ? .strikethrough : (use == 2 ? .strong : .emphasis)
        let emphasis = tree.append(Node(kind: kind))
        wrapSiblings(after: o.node, before: c.node, into: emphasis)

        if delimiters[Int(opener)].count == 0 {
            tree.unlink(o.node)
            removeDelimiter(opener)
        }
        if delimiters[Int(closer)].count == 0 {
            let next = delimiters[Int(closer)].next
            tree.unlink(c.node)
            removeDelimiter(closer)
            return next
        }
        return closer
    }

    /// Moves the siblings strictly between `first` and `last` (or after `first` to the end when
    /// `last` is -1) into `container`, which takes their place.
    mutating func wrapSiblings(after first: Int32, before last: Int32, into container: Int32) {
        let parent = tree.nodes[Int(first)].parent
        let firstInside = tree.nodes[Int(first)].next
        let lastInside = last >= 0 ? tree.nodes[Int(last)].prev : tree.nodes[Int(parent)].lastChild
        if firstInside >= 0 && firstInside != last {
            var child = firstInside
            while child >= 0 {
                tree.nodes[Int(child)].parent = container
                if child == lastInside { break }
                child = tree.nodes[Int(child)].next
            }
            tree.nodes[Int(firstInside)].prev = -1
            tree.nodes[Int(lastInside)].next = -1
            tree.nodes[Int(container)].firstChild = firstInside
            tree.nodes[Int(container)].lastChild = lastInside
        }
        tree.nodes[Int(container)].parent = parent
        tree.nodes[Int(container)].prev = first
        tree.nodes[Int(container)].next = last
        tree.nodes[Int(first)].next = container
        if last >= 0 {
            tree.nodes[Int(last)].prev = container
        } else {
            tree.nodes[Int(parent)].lastChild = container
        }
    }

    // MARK: links

    mutating func pushBracket(image: Bool, length: Int) {
        let node = appendInline(.text, start: base + pos, end: base + pos + length)
        if !brackets.isEmpty { brackets[brackets.count - 1].bracketAfter = true }
        // Openers popped since the last link no longer count; the ones left below are still inactive.
        inactiveLinkOpenersBelow = min(inactiveLinkOpenersBelow, brackets.count)
        brackets.append(Bracket(node: node, image: image, active: true, bracketAfter: false,
                                previousDelimiter: lastDelimiter, position: pos + length))
        pos += length
        textStart = pos
    }

    @inline(__always)
    func skipWhitespace(_ start: Int) -> Int {
        var i = start
        while i < end && ASCII.isWhitespace(subject[i]) { i += 1 }
        return i
    }

    mutating func handleCloseBracket() {
        flushText(upTo: pos)
        guard let opener = brackets.last else {
            pos += 1
            return
        }
        guard opener.active else {
            brackets.removeLast()
            pos += 1
            return
        }
        let closePosition = pos
        var after = pos + 1
        var destination: [UInt8]?
        var title: [UInt8]?
        var footnote: Int32 = -1

        // Inline link: ( destination "title" )
        if after < end && subject[after] == UInt8(ascii: "(") {
            let q = skipWhitespace(after + 1)
            if let dest = LinkSyntax.scanDestination(subject, q, end) {
                let afterDest = skipWhitespace(dest.after)
                var r = afterDest
                var scannedTitle: (Int, Int, Int)?
                if afterDest > dest.after, let t = LinkSyntax.scanTitle(subject, afterDest, end) {
                    scannedTitle = t
                    r = skipWhitespace(t.2)
                }
                if r < end && subject[r] == UInt8(ascii: ")") {
                    destination = Unescape.unescaped(subject, dest.start, dest.end)
                    if let t = scannedTitle { title = Unescape.unescaped(subject, t.0, t.1) }
                    after = r + 1
                }
            }
        }

        // Reference link: [text][label], [text][] or [text].
        if destination == nil {
            var key: String?
            var referenceEnd = pos + 1
            var usesBracketText = true
            if let labelEnd = LinkSyntax.scanLabel(subject, pos + 1, end) {
                key = LinkSyntax.normalizeLabel(subject[(pos + 2)..<(labelEnd - 1)])
                referenceEnd = labelEnd
                usesBracketText = false
            } else if pos + 2 < end && subject[pos + 1] == UInt8(ascii: "[") && subject[pos + 2] == UInt8(ascii: "]") {
                referenceEnd = pos + 3
            }
            if usesBracketText && !opener.bracketAfter && closePosition - opener.position <= MarkdownLimits.maxLabelLength {
                let text = subject[opener.position..<closePosition]
                if text.contains(where: { !ASCII.isWhitespace($0) }) {
                    key = LinkSyntax.normalizeLabel(text)
                }
                // Footnote reference: [^label]
                if options.extensions, text.first == UInt8(ascii: "^"), referenceEnd == pos + 1,
                   let definition = footnoteDefinitions[LinkSyntax.normalizeLabel(text)] {
                    footnote = definition
                }
            }
            if footnote < 0, let key, let reference = references[key] {
                destination = reference.destination
                title = reference.title
                after = referenceEnd
            }
        }

        if footnote >= 0 {
            addFootnoteReference(opener: opener, definition: footnote)
            pos = closePosition + 1
            textStart = pos
            return
        }

        guard let destination else {
            brackets.removeLast()
            pos += 1
            return
        }

        var link = Node(kind: opener.image ? .image : .link)
        (link.start, link.end) = store(destination)
        if let title {
            (link.start2, link.end2) = store(title)
            link.flags.insert(.hasTitle)
        }
        let linkIndex = tree.append(link)
        wrapSiblings(after: opener.node, before: -1, into: linkIndex)
        if !opener.image { undoExtendedAutolinks(in: linkIndex) }
        processEmphasis(stackBottom: opener.previousDelimiter)
        tree.unlink(opener.node)
        brackets.removeLast()
        links.append(FoundLink(arenaOffset: Int32(base + opener.position - (opener.image ? 2 : 1)), node: linkIndex))
        if !opener.image {
            // Links may not contain links: deactivate earlier link openers, down to those already inactive.
            var k = brackets.count - 1
            while k >= inactiveLinkOpenersBelow {
                if !brackets[k].image { brackets[k].active = false }
                k -= 1
            }
            inactiveLinkOpenersBelow = brackets.count
        }
        pos = after
        textStart = pos
    }

    /// Links do not nest: extended autolinks made while scanning what became a link's text turn back
    /// into text. Only direct children are visited (emphasis inside is not built yet), and a node is a
    /// direct child of at most one link, so this stays linear.
    mutating func undoExtendedAutolinks(in link: Int32) {
        var child = tree.nodes[Int(link)].firstChild
        while child >= 0 {
            let node = tree.nodes[Int(child)]
            if node.kind == .link && node.flags.contains(.extendedAutolink) && node.firstChild >= 0 {
                let text = tree.nodes[Int(node.firstChild)]
                tree.nodes[Int(child)].kind = .text
                tree.nodes[Int(child)].start = text.start
                tree.nodes[Int(child)].end = text.end
                tree.nodes[Int(child)].firstChild = -1
                tree.nodes[Int(child)].lastChild = -1
                tree.nodes[Int(child)].flags = []
            }
            child = node.next
        }
    }

    mutating func addFootnoteReference(opener: Bracket, definition: Int32) {
        var number = footnoteNumbers[definition] ?? 0
        if number == 0 {
            tree.footnotes.append(definition)
            number = Int32(tree.footnotes.count)
            footnoteNumbers[definition] = number
            tree.nodes[Int(definition)].number = number
        }
        let repeatIndex = (footnoteReferenceCounts[definition] ?? 0) + 1
        footnoteReferenceCounts[definition] = repeatIndex
        tree.nodes[Int(definition)].offset = repeatIndex
        var reference = Node(kind: .footnoteReference)
        reference.number = number
        reference.offset = repeatIndex
        let index = tree.append(reference)
        // Drop the bracket text and put the reference in its place.
        var child = tree.nodes[Int(opener.node)].next
        while child >= 0 {
            let next = tree.nodes[Int(child)].next
            tree.unlink(child)
            child = next
        }
        tree.insertAfter(opener.node, index)
        if opener.image {
            // `![^1]` is a `!` followed by a footnote reference.
            tree.nodes[Int(opener.node)].end = tree.nodes[Int(opener.node)].start + 1
        } else {
            tree.unlink(opener.node)
        }
        // Delimiters inside the reference label are gone with their nodes.
        while lastDelimiter >= 0 && lastDelimiter != opener.previousDelimiter {
            removeDelimiter(lastDelimiter)
        }
        brackets.removeLast()
    }

    // MARK: GFM extended autolinks

    @inline(__always)
    func isAutolinkBoundary(_ index: Int) -> Bool {
        guard index > 0 else { return true }
        let c = subject[index - 1]
        return ASCII.isWhitespace(c) || c == UInt8(ascii: "*") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
            || c == UInt8(ascii: "(")
    }

    /// Scans a domain (letters, digits, `-`, `_`, non-ASCII, separated by `.`); nil when invalid.
    func scanDomain(_ start: Int, requirePeriod: Bool) -> Int? {
        var i = start
        var periods = 0
        var underscoresLast = 0, underscoresPrevious = 0
        while i < end {
            let c = subject[i]
            if c == UInt8(ascii: "_") {
                underscoresLast += 1
            } else if c == UInt8(ascii: ".") {
                underscoresPrevious = underscoresLast
                underscoresLast = 0
                periods += 1
            } else if !(ASCII.isAlphanumeric(c) || c == UInt8(ascii: "-") || c >= 0x80) {
                break
            }
            i += 1
        }
        guard i > start, underscoresLast == 0, underscoresPrevious == 0 else { return nil }
        if requirePeriod && periods == 0 { return nil }
        return i
    }

    /// Extends an autolink to the next space or `<`, then trims trailing punctuation, unmatched
    /// `)` and an entity-like `&name;` suffix. Linear: parentheses are counted once.
    func autolinkEnd(from start: Int, domainEnd: Int) -> Int {
        var e = domainEnd
        while e < end && !ASCII.isWhitespace(subject[e]) && subject[e] != UInt8(ascii: "<") { e += 1 }
        var opening = 0, closing = 0
        for k in start..<e {
            if subject[k] == UInt8(ascii: "(") { opening += 1 } else if subject[k] == UInt8(ascii: ")") { closing += 1 }
        }
        while e > start {
            let c = subject[e - 1]
            switch c {
            case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"),
                 UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                e -= 1
            case UInt8(ascii: ";"):
                var k = e - 2
                while k > start && ASCII.isAlphanumeric(subject[k]) { k -= 1 }
                if k < e - 2 && k >= start && subject[k] == UInt8(ascii: "&") {
                    e = k
                } else {
                    e -= 1
                }
            case UInt8(ascii: ")"):
                if closing <= opening { return e }
                closing -= 1
                e -= 1
            default:
                return e
            }
        }
        return e
    }

    mutating func handleWWW() {
        let start = pos
        // As cmark-gfm: no `www.` or `scheme://` autolink while a `[` or `![` is open, since a link's
        // text is only known once its brackets are matched (`[https://a.com](https://a.com)`).
        guard brackets.isEmpty, end - pos >= 4, subject[pos + 1] == UInt8(ascii: "w"), subject[pos + 2] == UInt8(ascii: "w"),
              subject[pos + 3] == UInt8(ascii: "."), isAutolinkBoundary(pos),
              let domainEnd = scanDomain(pos, requirePeriod: true) else {
            pos += 1
            return
        }
        let linkEnd = autolinkEnd(from: start, domainEnd: domainEnd)
        guard linkEnd > start + 4 else { pos += 1; return }
        flushText(upTo: start)
        var destination = Array("http://".utf8)
        destination.appendBytes(of: subject, start, linkEnd)
        addAutolink(destination: destination, textStart: start, textEnd: linkEnd, at: start, email: false)
        pos = linkEnd
        textStart = pos
    }

    mutating func handleSchemeColon() {
        guard brackets.isEmpty, end - pos >= 3, subject[pos + 1] == UInt8(ascii: "/"), subject[pos + 2] == UInt8(ascii: "/") else {
            pos += 1
            return
        }
        var schemeStart = pos
        while schemeStart > textStart && pos - schemeStart < 6 && ASCII.isLetter(subject[schemeStart - 1]) { schemeStart -= 1 }
        let scheme = subject[schemeStart..<pos].map { ASCII.lower($0) }
        let valid = scheme == Array("http".utf8) || scheme == Array("https".utf8) || scheme == Array("ftp".utf8)
        guard valid, schemeStart == 0 || !ASCII.isLetter(subject[schemeStart - 1]),
              let domainEnd = scanDomain(pos + 3, requirePeriod: false) else {
            pos += 1
            return
        }
        let linkEnd = autolinkEnd(from: schemeStart, domainEnd: domainEnd)
        guard linkEnd > pos + 3 else { pos += 1; return }
        flushText(upTo: schemeStart)
        let destination = Array(subject[schemeStart..<linkEnd])
        addAutolink(destination: destination, textStart: schemeStart, textEnd: linkEnd, at: schemeStart, email: false)
        pos = linkEnd
        textStart = pos
    }

    mutating func handleEmail() {
        // The local part may reach back over `_`, `-` text already emitted (as in `a_b@c.d`).
        var localStart = pos
        while localStart > 0 {
            let c = subject[localStart - 1]
            if ASCII.isAlphanumeric(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: "_") {
                localStart -= 1
            } else {
                break
            }
        }
        if localStart < textStart { localStart = reclaimTrailingText(downTo: localStart, commit: false) }
        guard localStart < pos,
              localStart == 0 || subject[localStart - 1] != UInt8(ascii: "/") else {
            pos += 1
            return
        }
        var e = pos + 1
        var periods = 0
        while e < end {
            let c = subject[e]
            if ASCII.isAlphanumeric(c) {
                e += 1
            } else if c == UInt8(ascii: ".") && e + 1 < end && ASCII.isAlphanumeric(subject[e + 1]) {
                periods += 1
                e += 1
            } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") {
                e += 1
            } else {
                break
            }
        }
        guard e > pos + 1, periods > 0 else { pos += 1; return }
        let lastChar = subject[e - 1]
        guard ASCII.isLetter(lastChar) || lastChar == UInt8(ascii: ".") else { pos += 1; return }
        if lastChar == UInt8(ascii: ".") { e -= 1 }
        if localStart < textStart {
            _ = reclaimTrailingText(downTo: localStart, commit: true)
            textStart = localStart
        }
        flushText(upTo: localStart)
        var destination = Array("mailto:".utf8)
        destination.appendBytes(of: subject, localStart, e)
        addAutolink(destination: destination, textStart: localStart, textEnd: e, at: localStart, email: true)
        pos = e
        textStart = pos
    }

    /// How far back (down to `target`) the block's trailing text nodes cover the subject
    /// contiguously; with `commit`, those nodes are cut back to `target` (and their delimiters dropped).
    mutating func reclaimTrailingText(downTo target: Int, commit: Bool) -> Int {
        var expected = base + textStart
        var node = tree.nodes[Int(block)].lastChild
        let goal = base + target
        while node >= 0 && expected > goal {
            let n = tree.nodes[Int(node)]
            guard n.kind == .text, Int(n.end) == expected, Int(n.start) < Int(n.end) else { break }
            let previous = n.prev
            if commit {
                dropDelimiter(forNode: node)
                if Int(n.start) >= goal {
                    tree.unlink(node)
                } else {
                    tree.nodes[Int(node)].end = Int32(goal)
                }
            }
            expected = max(Int(n.start), goal)
            node = previous
        }
        return expected - base
    }

    mutating func dropDelimiter(forNode node: Int32) {
        var d = lastDelimiter
        while d >= 0 {
            if delimiters[Int(d)].node == node {
                removeDelimiter(d)
                return
            }
            if tree.nodes[Int(delimiters[Int(d)].node)].start < tree.nodes[Int(node)].start { return }
            d = delimiters[Int(d)].prev
        }
    }
}
