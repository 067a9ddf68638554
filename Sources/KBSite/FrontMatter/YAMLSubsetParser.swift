/// One line of the YAML text (byte offsets; `end` excludes the newline).
struct YAMLLine {
    var start: Int
    var end: Int
    /// Leading spaces (tabs are not indentation).
    var indent: Int
    /// First byte that is neither a space nor a tab (`end` for a whitespace-only line).
    var contentStart: Int

    var isWhitespaceOnly: Bool { contentStart == end }
}

/// Line-oriented recursive-descent parser for the YAML subset used by front matter.
///
/// Invariant: every `parse...` function returns with `lineIndex` at the first line it did not consume.
struct YAMLSubsetParser {
    static let maxDepth = 64

    enum NodeContext { case mapValue, listItem }

    let bytes: [UInt8]
    let firstLine: Int
    var lines: [YAMLLine] = []
    var lineIndex = 0
    var depth = 0
    /// Indentation of the block that holds the inline list being scanned; its continuation lines must be deeper.
    var flowParentIndent = 0

    init(bytes: [UInt8], firstLine: Int) throws(FrontMatterError) {
        self.bytes = bytes
        self.firstLine = firstLine
        var badByte: Int?
        var start = 0
        var index = 0
        let count = bytes.count
        while index <= count {
            if index == count || bytes[index] == Byte.newline {
                if index > start || index < count { lines.append(makeLine(start, index)) }
                start = index + 1
            } else {
                let byte = bytes[index]
                if badByte == nil && ((byte < Byte.space && byte != Byte.tab) || byte == 0x7F) { badByte = index }
            }
            index += 1
        }
        if let badByte {
            if bytes[badByte] == Byte.carriageReturn {
                throw error(at: badByte, "carriage return without a line feed",
                            hint: "save the file with LF or CRLF line endings")
            }
            throw error(at: badByte, "control character U+\(hex4(UInt32(bytes[badByte]))) in the front matter",
                        hint: "remove it, or write it as an escape inside double quotes")
        }
    }

    private func makeLine(_ start: Int, _ end: Int) -> YAMLLine {
        var indent = start
        while indent < end && bytes[indent] == Byte.space { indent += 1 }
        var content = indent
        while content < end && Byte.isBlank(bytes[content]) { content += 1 }
        return YAMLLine(start: start, end: end, indent: indent - start, contentStart: content)
    }

    // MARK: Structure

    /// Parses the whole text, which must be a block map (or nothing at all).
    mutating func parseTopLevel() throws(FrontMatterError) -> FrontMatterMap {
        try skipBlankLines()
        guard lineIndex < lines.count else { return FrontMatterMap() }
        let line = lines[lineIndex]
        try checkIndentation(line)
        if isListItem(at: line.contentStart) {
            throw error(at: line.contentStart, "front matter must be 'key: value' lines, not a list",
                        hint: "put the list under a key, e.g. 'tags:' on the line above")
        }
        let map = try parseBlockMap(indent: line.indent, firstKeyAt: nil)
        try skipBlankLines()
        if lineIndex < lines.count {
            throw error(at: lines[lineIndex].contentStart, "this line is indented less than the first key",
                        hint: "start every top-level key in the same column")
        }
        return map
    }

    private mutating func parseBlockMap(indent: Int, firstKeyAt: Int?) throws(FrontMatterError) -> FrontMatterMap {
        try enterNesting(at: firstKeyAt ?? lines[lineIndex].contentStart)
        defer { depth -= 1 }
        var entries: [FrontMatterEntry] = []
        var keyIndex: [String: Int] = [:]
        var pendingKey = firstKeyAt
        while true {
            let keyStart: Int
            if let pending = pendingKey {
                keyStart = pending
                pendingKey = nil
            } else {
                try skipBlankLines()
                guard lineIndex < lines.count else { break }
                let line = lines[lineIndex]
                try checkIndentation(line)
                if line.indent < indent { break }
                if line.indent > indent {
                    throw error(at: line.contentStart, "unexpected indentation",
                                hint: "align this key with the keys above it, or nest it under a key that ends with ':' and has no value")
                }
                keyStart = line.contentStart
            }
            let (key, afterColon) = try parseKey(at: keyStart)
            let line = firstLine + lineIndex
            if let earlier = earlierLine(of: key, in: entries, index: &keyIndex) {
                throw error(at: keyStart, "duplicate key '\(key)'",
                            hint: "'\(key)' is already set on line \(earlier); keep only one of them")
            }
            let column = self.column(of: keyStart, lineStart: lines[lineIndex].start)
            var valueStart = afterColon
            while valueStart < lines[lineIndex].end && Byte.isBlank(bytes[valueStart]) { valueStart += 1 }
            // A value on the key's line is located at its first character; one on the lines below, at the key.
            let valueColumn = valueStart < lines[lineIndex].end && bytes[valueStart] != Byte.hash
                ? self.column(of: valueStart, lineStart: lines[lineIndex].start) : column
            let value = try parseNode(at: afterColon, parentIndent: indent, context: .mapValue)
            entries.append(FrontMatterEntry(key: key, value: value, line: line, column: column, valueLine: line, valueColumn: valueColumn))
        }
        return FrontMatterMap(entries: entries)
    }

    /// The line of an earlier entry named `key`. Small maps are scanned; big ones get a hash index
    /// (built once they pass the threshold) so that huge front matter stays linear.
    private func earlierLine(of key: String, in entries: [FrontMatterEntry], index: inout [String: Int]) -> Int? {
        let threshold = 16
        if entries.count < threshold {
            return entries.first { $0.key == key }?.line
        }
        if index.isEmpty {
            index.reserveCapacity(entries.count * 2)
            for entry in entries { index[entry.key] = entry.line }
        }
        if let line = index[key] { return line }
        // Recorded now although the caller appends the entry: the key is certain to be added.
        index[key] = firstLine + lineIndex
        return nil
    }

    private mutating func parseBlockList(indent: Int, firstItemAt: Int?, sharesIndentWithKey: Bool)
        throws(FrontMatterError) -> FrontMatterValue {
        try enterNesting(at: firstItemAt ?? lines[lineIndex].contentStart)
        defer { depth -= 1 }
        var items: [FrontMatterValue] = []
        var pendingItem = firstItemAt
        while true {
            let dash: Int
            if let pending = pendingItem {
                dash = pending
                pendingItem = nil
            } else {
                try skipBlankLines()
                guard lineIndex < lines.count else { break }
                let line = lines[lineIndex]
                try checkIndentation(line)
                if line.indent < indent { break }
                if line.indent > indent {
                    throw error(at: line.contentStart, "unexpected indentation",
                                hint: "start every '- ' item of a list in the same column")
                }
                if !isListItem(at: line.contentStart) {
                    // `key:` followed by `- a` in the key's own column: a key in that column ends the list.
                    if sharesIndentWithKey { break }
                    throw error(at: line.contentStart, "expected a list item starting with '- '",
                                hint: "every line of a list starts with '- '; a key after the list must be indented less")
                }
                dash = line.contentStart
            }
            let end = lines[lineIndex].end
            var start = dash + 1
            while start < end && bytes[start] == Byte.space { start += 1 }
            if start < end && bytes[start] == Byte.tab {
                throw error(at: start, "tab after '-'", hint: "use spaces after '-'")
            }
            items.append(try parseNode(at: start, parentIndent: indent, context: .listItem))
        }
        return .list(items)
    }

    /// Parses the value that starts at `start` on the current line (after `key:` or `-`), or below it.
    private mutating func parseNode(at start: Int, parentIndent: Int, context: NodeContext)
        throws(FrontMatterError) -> FrontMatterValue {
        let end = lines[lineIndex].end
        var position = start
        while position < end && Byte.isBlank(bytes[position]) { position += 1 }
        if position == end || bytes[position] == Byte.hash {
            lineIndex += 1
            try skipBlankLines()
            guard lineIndex < lines.count else { return .null }
            let line = lines[lineIndex]
            try checkIndentation(line)
            let content = line.contentStart
            if line.indent > parentIndent {
                if isListItem(at: content) {
                    return try parseBlockList(indent: line.indent, firstItemAt: nil, sharesIndentWithKey: false)
                }
                if looksLikeKey(at: content) {
                    return .map(try parseBlockMap(indent: line.indent, firstKeyAt: nil))
                }
                return try parseScalar(at: content, parentIndent: parentIndent)
            }
            if line.indent == parentIndent && context == .mapValue && isListItem(at: content) {
                return try parseBlockList(indent: parentIndent, firstItemAt: nil, sharesIndentWithKey: true)
            }
            return .null
        }
        if isListItem(at: position) {
            if context == .listItem {
                return try parseBlockList(indent: position - lines[lineIndex].start, firstItemAt: position,
                                          sharesIndentWithKey: false)
            }
            throw error(at: position, "a list cannot start on the same line as its key",
                        hint: "put each '- item' on its own line below the key, or write an inline list like [a, b]")
        }
        if context == .listItem && looksLikeKey(at: position) {
            return .map(try parseBlockMap(indent: position - lines[lineIndex].start, firstKeyAt: position))
        }
        return try parseScalar(at: position, parentIndent: parentIndent)
    }

    /// Reads `key:` at `start` on the current line; returns the key and the index just after the colon.
    private mutating func parseKey(at start: Int) throws(FrontMatterError) -> (String, Int) {
        let end = lines[lineIndex].end
        let first = bytes[start]
        if first == Byte.doubleQuote || first == Byte.singleQuote {
            let keyLine = lineIndex
            let (key, after) = first == Byte.doubleQuote
                ? try scanDoubleQuoted(at: start) : try scanSingleQuoted(at: start)
            if lineIndex != keyLine {
                throw error(at: start, "a quoted key must fit on one line", hint: "close the quote on the same line")
            }
            var colon = after
            while colon < end && Byte.isBlank(bytes[colon]) { colon += 1 }
            guard colon < end, bytes[colon] == Byte.colon, colon + 1 == end || Byte.isBlank(bytes[colon + 1]) else {
                throw error(at: colon, "expected ':' after the key", hint: "write 'key: value'")
            }
            return (key, colon + 1)
        }
        if isListItem(at: start) {
            throw error(at: start, "a list item where a key was expected",
                        hint: "put the list under a key: end the line above with ':' and indent the '- ' items below it")
        }
        if first == Byte.question && (start + 1 == end || Byte.isBlank(bytes[start + 1])) {
            throw error(at: start, "complex keys ('? ') are not supported", hint: "write a plain 'key: value'")
        }
        if let problem = indicatorProblem(first) {
            throw error(at: start, problem.message, hint: problem.hint)
        }
        if first == Byte.openBracket || first == Byte.openBrace || first == Byte.pipe || first == Byte.greater
            || first == Byte.comma || first == Byte.closeBracket || first == Byte.closeBrace {
            throw error(at: start, "a key cannot start with '\(Character(Unicode.Scalar(first)))'",
                        hint: "use a plain word as the key, or put the key in quotes")
        }
        var index = start
        var keyEnd = start
        var sawColonWithoutSpace = false
        while index < end {
            let byte = bytes[index]
            if byte == Byte.colon {
                if index + 1 == end || Byte.isBlank(bytes[index + 1]) {
                    if keyEnd == start {
                        throw error(at: start, "missing key before ':'", hint: "write 'key: value'")
                    }
                    return (String(decoding: bytes[start..<keyEnd], as: UTF8.self), index + 1)
                }
                sawColonWithoutSpace = true
            } else if byte == Byte.hash && Byte.isBlank(bytes[index - 1]) {
                break
            }
            if !Byte.isBlank(byte) { keyEnd = index + 1 }
            index += 1
        }
        throw error(at: start, "expected 'key: value'",
                    hint: sawColonWithoutSpace ? "add a space after ':'"
                        : "every front matter line is 'key: value'; to continue the previous value, indent this line")
    }

    /// True when the text at `start` (current line) reads as `key:` followed by a space or the line end.
    private func looksLikeKey(at start: Int) -> Bool {
        let end = lines[lineIndex].end
        let first = bytes[start]
        var index = start
        if first == Byte.doubleQuote || first == Byte.singleQuote {
            index += 1
            while index < end {
                let byte = bytes[index]
                if byte == Byte.backslash && first == Byte.doubleQuote {
                    index += 2
                    continue
                }
                if byte == first {
                    if first == Byte.singleQuote && index + 1 < end && bytes[index + 1] == Byte.singleQuote {
                        index += 2
                        continue
                    }
                    break
                }
                index += 1
            }
            guard index < end else { return false }
            index += 1
            while index < end && Byte.isBlank(bytes[index]) { index += 1 }
            return index < end && bytes[index] == Byte.colon && (index + 1 == end || Byte.isBlank(bytes[index + 1]))
        }
        switch first {
        case Byte.openBracket, Byte.openBrace, Byte.closeBracket, Byte.closeBrace, Byte.comma, Byte.pipe,
             Byte.greater, Byte.hash, 0x26 /* & */, 0x2A /* * */, 0x21 /* ! */, 0x40 /* @ */, 0x60 /* ` */,
             0x25 /* % */:
            return false
        default:
            break
        }
        while index < end {
            let byte = bytes[index]
            if byte == Byte.colon && (index + 1 == end || Byte.isBlank(bytes[index + 1])) { return true }
            if byte == Byte.hash && index > start && Byte.isBlank(bytes[index - 1]) { return false }
            index += 1
        }
        return false
    }

    private func isListItem(at position: Int) -> Bool {
        let end = lines[lineIndex].end
        return position < end && bytes[position] == Byte.dash
            && (position + 1 == end || Byte.isBlank(bytes[position + 1]))
    }

    /// Skips blank and comment-only lines, rejecting document markers and directives.
    private mutating func skipBlankLines() throws(FrontMatterError) {
        while lineIndex < lines.count {
            let line = lines[lineIndex]
            if line.isWhitespaceOnly || bytes[line.contentStart] == Byte.hash {
                lineIndex += 1
                continue
            }
            if isDocumentMarker(line) {
                if bytes[line.start] == Byte.dash {
                    throw error(at: line.start, "a second YAML document ('---') is not supported",
                                hint: "front matter is a single block between two '---' lines; remove this line")
                }
                throw error(at: line.start, "document end marker '...' is not supported",
                            hint: "close the front matter with '---'")
            }
            if bytes[line.start] == 0x25 /* % */ {
                throw error(at: line.start, "YAML directives ('%') are not supported", hint: "remove this line")
            }
            return
        }
    }

    private func isDocumentMarker(_ line: YAMLLine) -> Bool {
        guard line.end - line.start >= 3 else { return false }
        let first = bytes[line.start]
        guard first == Byte.dash || first == Byte.dot,
              bytes[line.start + 1] == first, bytes[line.start + 2] == first else { return false }
        return line.start + 3 == line.end || Byte.isBlank(bytes[line.start + 3])
    }

    private func checkIndentation(_ line: YAMLLine) throws(FrontMatterError) {
        let afterSpaces = line.start + line.indent
        if afterSpaces < line.end && bytes[afterSpaces] == Byte.tab {
            throw error(at: afterSpaces, "tab used for indentation",
                        hint: "YAML indentation must use spaces; replace the tab with spaces")
        }
    }

    private mutating func enterNesting(at position: Int) throws(FrontMatterError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error(at: position, "nesting deeper than \(Self.maxDepth) levels",
                        hint: "flatten the structure")
        }
    }

    // MARK: Scalars

    private mutating func parseScalar(at start: Int, parentIndent: Int) throws(FrontMatterError) -> FrontMatterValue {
        let first = bytes[start]
        switch first {
        case Byte.doubleQuote:
            let (text, after) = try scanDoubleQuoted(at: start)
            try finishLine(after: after, what: "the closing quote")
            return .string(text)
        case Byte.singleQuote:
            let (text, after) = try scanSingleQuoted(at: start)
            try finishLine(after: after, what: "the closing quote")
            return .string(text)
        case Byte.openBracket:
            flowParentIndent = parentIndent
            let (list, after) = try scanFlowList(at: start)
            try finishLine(after: after, what: "']'")
            return list
        case Byte.pipe, Byte.greater:
            return try parseBlockScalar(at: start, parentIndent: parentIndent)
        case Byte.openBrace:
            throw error(at: start, "inline maps '{...}' are not supported",
                        hint: "write the map as indented 'key: value' lines below the key")
        case Byte.question where start + 1 == lines[lineIndex].end || Byte.isBlank(bytes[start + 1]):
            throw error(at: start, "complex keys ('? ') are not supported", hint: "write a plain 'key: value'")
        case Byte.comma, Byte.closeBracket, Byte.closeBrace:
            throw error(at: start, "a value cannot start with '\(Character(Unicode.Scalar(first)))'",
                        hint: "put the value in quotes")
        default:
            if let problem = indicatorProblem(first) {
                throw error(at: start, problem.message, hint: problem.hint)
            }
            return try parsePlain(at: start, parentIndent: parentIndent)
        }
    }

    /// Errors for YAML features outside the subset that a first byte announces.
    private func indicatorProblem(_ byte: UInt8) -> (message: String, hint: String)? {
        switch byte {
        case 0x26: return ("anchors ('&name') are not supported", "repeat the value instead of anchoring it")
        case 0x2A: return ("aliases ('*name') are not supported", "repeat the value instead of referring to an anchor")
        case 0x21: return ("tags ('!tag', '!!type') are not supported", "remove the tag; quote the value to make it text")
        case 0x40, 0x60, 0x25:
            return ("a value cannot start with '\(Character(Unicode.Scalar(byte)))'", "put the value in quotes")
        default: return nil
        }
    }

    /// After a quoted value or inline list only blanks and a comment may follow on the line.
    private mutating func finishLine(after position: Int, what: String) throws(FrontMatterError) {
        let end = lines[lineIndex].end
        var index = position
        while index < end && Byte.isBlank(bytes[index]) { index += 1 }
        if index < end && !(bytes[index] == Byte.hash && index > position) {
            throw error(at: index, "unexpected text after \(what)",
                        hint: "a value ends at \(what); put all of it inside, or start a comment with ' #'")
        }
        lineIndex += 1
    }

    /// A plain scalar, possibly continued on more-indented lines (joined with spaces, as YAML folds them).
    private mutating func parsePlain(at start: Int, parentIndent: Int) throws(FrontMatterError) -> FrontMatterValue {
        let (firstEnd, endedInComment) = try scanPlainSegment(from: start, to: lines[lineIndex].end)
        var lastLine = lineIndex
        var folded: [UInt8]?
        if !endedInComment {
            var next = lineIndex + 1
            var emptyLines = 0
            while next < lines.count {
                let line = lines[next]
                if line.isWhitespaceOnly {
                    emptyLines += 1
                    next += 1
                    continue
                }
                let content = line.contentStart
                if bytes[content] == Byte.hash || line.indent <= parentIndent { break }
                lineIndex = next
                if looksLikeKey(at: content) {
                    throw error(at: content, "unexpected indentation",
                                hint: "align this key with the keys above it; to nest it, leave the value of the key above empty")
                }
                if isListItem(at: content) {
                    throw error(at: content, "a '- ' item indented under a value",
                                hint: "align the '- ' items of a list in one column; for a list under a key, leave the key's line empty after ':'")
                }
                let (segmentEnd, comment) = try scanPlainSegment(from: content, to: line.end)
                if folded == nil { folded = Array(bytes[start..<firstEnd]) }
                if emptyLines == 0 {
                    folded?.append(Byte.space)
                } else {
                    folded?.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
                }
                folded?.append(contentsOf: bytes[content..<segmentEnd])
                emptyLines = 0
                lastLine = next
                next += 1
                if comment { break }
            }
        }
        lineIndex = lastLine + 1
        if let folded { return .string(String(decoding: folded, as: UTF8.self)) }
        return try resolvePlain(start, firstEnd)
    }

    /// Scans plain text on one line; returns its trimmed end and whether a comment follows.
    private func scanPlainSegment(from start: Int, to end: Int) throws(FrontMatterError) -> (Int, Bool) {
        var index = start
        var textEnd = start
        while index < end {
            let byte = bytes[index]
            if byte == Byte.colon && (index + 1 == end || Byte.isBlank(bytes[index + 1])) {
                throw error(at: index, "':' followed by a space inside a value",
                            hint: "quote the value if the ':' is part of the text; a nested key goes on its own line under a key with no value")
            }
            if byte == Byte.hash && index > start && Byte.isBlank(bytes[index - 1]) { return (textEnd, true) }
            if !Byte.isBlank(byte) { textEnd = index + 1 }
            index += 1
        }
        return (textEnd, false)
    }

    /// `|` or `>` with optional chomping (`-`, `+`) and indentation (1-9) indicators.
    private mutating func parseBlockScalar(at start: Int, parentIndent: Int) throws(FrontMatterError) -> FrontMatterValue {
        enum Chomping { case clip, strip, keep }
        let folded = bytes[start] == Byte.greater
        let headerEnd = lines[lineIndex].end
        var chomping = Chomping.clip
        var sawChomping = false
        var explicitIndent: Int?
        var index = start + 1
        while index < headerEnd {
            let byte = bytes[index]
            if !sawChomping && (byte == Byte.dash || byte == Byte.plus) {
                chomping = byte == Byte.dash ? .strip : .keep
                sawChomping = true
            } else if explicitIndent == nil && byte > Byte.zero && byte <= Byte.nine {
                explicitIndent = Int(byte - Byte.zero)
            } else {
                break
            }
            index += 1
        }
        var rest = index
        while rest < headerEnd && Byte.isBlank(bytes[rest]) { rest += 1 }
        if rest < headerEnd && !(bytes[rest] == Byte.hash && rest > index) {
            let indicator = Character(Unicode.Scalar(bytes[start]))
            throw error(at: rest, "unexpected text after '\(indicator)'",
                        hint: "the text of a '\(indicator)' block starts on the next line, indented; only '-', '+' or a digit 1-9 may follow '\(indicator)'")
        }

        var next = lineIndex + 1
        let contentIndent: Int
        if let explicitIndent {
            contentIndent = parentIndent + explicitIndent
        } else {
            var widestEmpty = 0
            var probe = next
            while probe < lines.count && lines[probe].isWhitespaceOnly {
                widestEmpty = max(widestEmpty, lines[probe].indent)
                probe += 1
            }
            if probe < lines.count && lines[probe].indent > parentIndent {
                contentIndent = lines[probe].indent
                if widestEmpty > contentIndent {
                    throw error(at: lines[probe].start, "a blank line before this text has more spaces than the text",
                                hint: "remove the trailing spaces from the blank lines at the start of the block, or use an indentation indicator like '|2'")
                }
            } else {
                // No text at all: every blank line belongs to the (empty) block.
                contentIndent = max(parentIndent + 1, widestEmpty + 1)
            }
        }

        var ranges: [Range<Int>] = []
        while next < lines.count {
            let line = lines[next]
            if line.indent >= contentIndent {
                ranges.append((line.start + contentIndent)..<line.end)
            } else if line.isWhitespaceOnly {
                ranges.append(line.end..<line.end)
            } else {
                break
            }
            next += 1
        }
        lineIndex = next

        var lastText = ranges.count - 1
        while lastText >= 0 && ranges[lastText].isEmpty { lastText -= 1 }
        var text: [UInt8] = []
        if lastText >= 0 {
            if folded {
                foldBlockLines(ranges[0...lastText], into: &text)
            } else {
                for position in 0...lastText {
                    if position > 0 { text.append(Byte.newline) }
                    text.append(contentsOf: bytes[ranges[position]])
                }
            }
        }
        var trailingEmpty = ranges.count - 1 - lastText
        // Each line contributes its line break; the last line of the text may have none.
        var textHasBreak = lastText >= 0
        if next == lines.count && !ranges.isEmpty && bytes.last != Byte.newline {
            if trailingEmpty > 0 { trailingEmpty -= 1 } else { textHasBreak = false }
        }
        switch chomping {
        case .strip:
            break
        case .clip:
            if textHasBreak { text.append(Byte.newline) }
        case .keep:
            if textHasBreak { text.append(Byte.newline) }
            text.append(contentsOf: repeatElement(Byte.newline, count: trailingEmpty))
        }
        return .string(String(decoding: text, as: UTF8.self))
    }

    /// YAML folding: a single break between two plain lines becomes a space, empty lines become newlines,
    /// and breaks around more-indented lines are kept.
    private func foldBlockLines(_ ranges: ArraySlice<Range<Int>>, into text: inout [UInt8]) {
        var emptyLines = 0
        var sawText = false
        var previousWasPlain = false
        for range in ranges {
            if range.isEmpty {
                emptyLines += 1
                continue
            }
            let moreIndented = Byte.isBlank(bytes[range.lowerBound])
            if !sawText {
                text.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
            } else if previousWasPlain && !moreIndented {
                if emptyLines == 0 {
                    text.append(Byte.space)
                } else {
                    text.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
                }
            } else {
                text.append(contentsOf: repeatElement(Byte.newline, count: emptyLines + 1))
            }
            text.append(contentsOf: bytes[range])
            sawText = true
            previousWasPlain = !moreIndented
            emptyLines = 0
        }
    }

    // MARK: Quoted scalars

    /// Scans a double-quoted scalar starting at its opening quote; returns its text and the index after the closing quote.
    mutating func scanDoubleQuoted(at open: Int) throws(FrontMatterError) -> (String, Int) {
        var text: [UInt8] = []
        var index = open + 1
        var trailingBlanks = 0
        while true {
            guard index < bytes.count else { throw unterminatedQuote(open) }
            let byte = bytes[index]
            switch byte {
            case Byte.doubleQuote:
                return (String(decoding: text, as: UTF8.self), index + 1)
            case Byte.backslash:
                guard index + 1 < bytes.count else { throw unterminatedQuote(open) }
                if bytes[index + 1] == Byte.newline {
                    index = try foldLineBreak(at: index + 1, open: open, escaped: true, into: &text)
                } else {
                    index = try decodeEscape(at: index, into: &text)
                }
                trailingBlanks = 0
            case Byte.newline:
                text.removeLast(trailingBlanks)
                trailingBlanks = 0
                index = try foldLineBreak(at: index, open: open, escaped: false, into: &text)
            case Byte.space, Byte.tab:
                text.append(byte)
                trailingBlanks += 1
                index += 1
            default:
                text.append(byte)
                trailingBlanks = 0
                index += 1
            }
        }
    }

    /// Scans a single-quoted scalar (`''` is a quote); returns its text and the index after the closing quote.
    mutating func scanSingleQuoted(at open: Int) throws(FrontMatterError) -> (String, Int) {
        var text: [UInt8] = []
        var index = open + 1
        var trailingBlanks = 0
        while true {
            guard index < bytes.count else { throw unterminatedQuote(open) }
            let byte = bytes[index]
            switch byte {
            case Byte.singleQuote:
                if index + 1 < bytes.count && bytes[index + 1] == Byte.singleQuote {
                    text.append(Byte.singleQuote)
                    trailingBlanks = 0
                    index += 2
                } else {
                    return (String(decoding: text, as: UTF8.self), index + 1)
                }
            case Byte.newline:
                text.removeLast(trailingBlanks)
                trailingBlanks = 0
                index = try foldLineBreak(at: index, open: open, escaped: false, into: &text)
            case Byte.space, Byte.tab:
                text.append(byte)
                trailingBlanks += 1
                index += 1
            default:
                text.append(byte)
                trailingBlanks = 0
                index += 1
            }
        }
    }

    /// Folds the line break at `newline` inside a quoted scalar; returns the index of the next line's text.
    private mutating func foldLineBreak(at newline: Int, open: Int, escaped: Bool,
                                        into text: inout [UInt8]) throws(FrontMatterError) -> Int {
        var emptyLines = 0
        while true {
            lineIndex += 1
            guard lineIndex < lines.count else { throw unterminatedQuote(open) }
            let line = lines[lineIndex]
            if isDocumentMarker(line) { throw unterminatedQuote(open) }
            if line.isWhitespaceOnly {
                emptyLines += 1
                continue
            }
            if emptyLines == 0 {
                if !escaped { text.append(Byte.space) }
            } else {
                text.append(contentsOf: repeatElement(Byte.newline, count: emptyLines))
            }
            return line.contentStart
        }
    }

    private func unterminatedQuote(_ open: Int) -> FrontMatterError {
        let quote = bytes[open] == Byte.doubleQuote ? "\"" : "'"
        return error(at: open, "the quoted value starting here is never closed",
                     hint: "add the closing \(quote)")
    }

    /// Decodes the escape at `backslash` into `text`; returns the index after it.
    private func decodeEscape(at backslash: Int, into text: inout [UInt8]) throws(FrontMatterError) -> Int {
        let code = bytes[backslash + 1]
        let simple: UInt32?
        switch code {
        case 0x30: simple = 0x00          // 0
        case 0x61: simple = 0x07          // a
        case 0x62: simple = 0x08          // b
        case 0x74, Byte.tab: simple = 0x09 // t
        case 0x6E: simple = 0x0A          // n
        case 0x76: simple = 0x0B          // v
        case 0x66: simple = 0x0C          // f
        case 0x72: simple = 0x0D          // r
        case 0x65: simple = 0x1B          // e
        case Byte.space, Byte.doubleQuote, 0x2F, Byte.backslash: simple = UInt32(code)
        case 0x4E: simple = 0x85          // N: next line
        case 0x5F: simple = 0xA0          // _: no-break space
        case 0x4C: simple = 0x2028        // L: line separator
        case 0x50: simple = 0x2029        // P: paragraph separator
        default: simple = nil
        }
        if let simple, let scalar = Unicode.Scalar(simple) {
            append(scalar, to: &text)
            return backslash + 2
        }
        let digits: Int
        switch code {
        case 0x78: digits = 2 // x
        case 0x75: digits = 4 // u
        case 0x55: digits = 8 // U
        default:
            throw error(at: backslash, "unknown escape '\\\(Character(Unicode.Scalar(code)))'",
                        hint: "valid escapes are \\n \\t \\\" \\\\ \\/ \\0 \\xXX \\uXXXX \\UXXXXXXXX; use single quotes for text with backslashes")
        }
        guard var value = readHex(at: backslash + 2, digits: digits) else {
            throw error(at: backslash, "'\\\(Character(Unicode.Scalar(code)))' needs \(digits) hex digits",
                        hint: "write e.g. \\x41, \\u00e9 or \\U0001F600")
        }
        var after = backslash + 2 + digits
        // A UTF-16 surrogate pair written as two \u escapes (JSON style) stands for one character.
        if digits == 4 && (0xD800...0xDBFF).contains(value) && after + 6 <= bytes.count
            && bytes[after] == Byte.backslash && bytes[after + 1] == 0x75,
           let low = readHex(at: after + 2, digits: 4), (0xDC00...0xDFFF).contains(low) {
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            after += 6
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error(at: backslash, "'\\\(Character(Unicode.Scalar(code)))' escape U+\(hex4(value)) is not a Unicode character",
                        hint: "use a code point outside D800-DFFF and at most 10FFFF")
        }
        append(scalar, to: &text)
        return after
    }

    private func readHex(at start: Int, digits: Int) -> UInt32? {
        guard start + digits <= bytes.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + digits) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func append(_ scalar: Unicode.Scalar, to text: inout [UInt8]) {
        UTF8.encode(scalar) { text.append($0) }
    }

    // MARK: Inline lists

    /// Scans `[a, "b", 3]` (possibly over several lines); returns the list and the index after `]`.
    private mutating func scanFlowList(at open: Int) throws(FrontMatterError) -> (FrontMatterValue, Int) {
        try enterNesting(at: open)
        defer { depth -= 1 }
        var items: [FrontMatterValue] = []
        var index = try skipFlowSpace(from: open + 1, open: open)
        while true {
            if bytes[index] == Byte.closeBracket { return (.list(items), index + 1) }
            let (item, after) = try scanFlowItem(at: index)
            items.append(item)
            index = try skipFlowSpace(from: after, open: open)
            if bytes[index] == Byte.comma {
                index = try skipFlowSpace(from: index + 1, open: open)
            } else if bytes[index] != Byte.closeBracket {
                throw error(at: index, "expected ',' or ']' in the list",
                            hint: "separate items with ', '; quote items that contain ',', '[' or ']'")
            }
        }
    }

    /// Skips blanks, line breaks and comments inside `[...]`; returns the next significant index.
    private mutating func skipFlowSpace(from start: Int, open: Int) throws(FrontMatterError) -> Int {
        var index = start
        while true {
            guard index < bytes.count else { throw unclosedList(open) }
            let byte = bytes[index]
            if Byte.isBlank(byte) {
                index += 1
            } else if byte == Byte.newline {
                lineIndex += 1
                guard lineIndex < lines.count else { throw unclosedList(open) }
                let line = lines[lineIndex]
                // A line that is not indented deeper than the list's key cannot belong to the list.
                if !line.isWhitespaceOnly && bytes[line.contentStart] != Byte.hash && line.indent <= flowParentIndent {
                    throw unclosedList(open)
                }
                index = line.start
            } else if byte == Byte.hash && (index == 0 || Byte.isBlank(bytes[index - 1]) || bytes[index - 1] == Byte.newline) {
                index = lines[lineIndex].end
            } else {
                return index
            }
        }
    }

    private func unclosedList(_ open: Int) -> FrontMatterError {
        error(at: open, "the list '[' starting here is never closed",
              hint: "add ']' after the last item; lines that continue a list must be indented deeper than its key")
    }

    private mutating func scanFlowItem(at start: Int) throws(FrontMatterError) -> (FrontMatterValue, Int) {
        let first = bytes[start]
        let end = lines[lineIndex].end
        let followedByBlank = start + 1 == end || Byte.isBlank(bytes[start + 1])
        switch first {
        case Byte.openBracket:
            return try scanFlowList(at: start)
        case Byte.doubleQuote:
            let (text, after) = try scanDoubleQuoted(at: start)
            return (.string(text), after)
        case Byte.singleQuote:
            let (text, after) = try scanSingleQuoted(at: start)
            return (.string(text), after)
        case Byte.openBrace:
            throw error(at: start, "maps inside '[...]' are not supported",
                        hint: "use a block list of indented 'key: value' lines instead")
        case Byte.comma:
            throw error(at: start, "empty item in the list", hint: "remove the extra ','")
        case Byte.hash:
            throw error(at: start, "'#' starts a comment only after a space", hint: "quote the item if '#' is part of it")
        case Byte.pipe, Byte.greater, Byte.closeBrace:
            throw error(at: start, "a list item cannot start with '\(Character(Unicode.Scalar(first)))'",
                        hint: "put the item in quotes")
        case Byte.dash where followedByBlank:
            throw error(at: start, "'- ' items cannot appear inside '[...]'", hint: "separate items with ', ' instead")
        case Byte.question where followedByBlank:
            throw error(at: start, "complex keys ('? ') are not supported", hint: "put the item in quotes")
        default:
            if let problem = indicatorProblem(first) {
                throw error(at: start, problem.message, hint: problem.hint)
            }
        }
        var index = start
        var textEnd = start
        scan: while index < end {
            let byte = bytes[index]
            switch byte {
            case Byte.comma, Byte.openBracket, Byte.closeBracket, Byte.openBrace, Byte.closeBrace:
                break scan
            case Byte.colon:
                let next = index + 1 < end ? bytes[index + 1] : Byte.space
                if Byte.isBlank(next) || next == Byte.comma || next == Byte.closeBracket {
                    throw error(at: index, "'key: value' pairs inside '[...]' are not supported",
                                hint: "quote the item if the ':' is part of the text")
                }
            case Byte.hash where Byte.isBlank(bytes[index - 1]):
                break scan
            default:
                break
            }
            if !Byte.isBlank(byte) { textEnd = index + 1 }
            index += 1
        }
        return (try resolvePlain(start, textEnd), index)
    }

    // MARK: Plain scalar types

    /// Gives a one-line plain scalar its type: null, bool, int, double, date or string.
    private func resolvePlain(_ start: Int, _ end: Int) throws(FrontMatterError) -> FrontMatterValue {
        guard start < end else { return .null }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let first = bytes[start]
        // Only short words starting with ~ n N t T f F can be keywords; skip the string compares otherwise.
        if end - start <= 5 && (first == Byte.tilde || first | 0x20 == 0x6E || first | 0x20 == 0x74 || first | 0x20 == 0x66) {
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
        }
        guard Byte.isDigit(first) || first == Byte.dash || first == Byte.plus || first == Byte.dot else {
            return .string(text)
        }
        if let number = try resolveNumber(start, end, text) { return number }
        if try isDate(start, end) { return .date(text) }
        return .string(text)
    }

    private func resolveNumber(_ start: Int, _ end: Int, _ text: String) throws(FrontMatterError) -> FrontMatterValue? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        // 0x1F and 0o17 (YAML 1.2 core schema: unsigned only).
        if end - start > 2 && bytes[start] == Byte.zero && (bytes[start + 1] == 0x78 || bytes[start + 1] == 0x6F) {
            let radix = bytes[start + 1] == 0x78 ? 16 : 8
            let digits = bytes[(start + 2)..<end]
            let allDigits = radix == 16
                ? digits.allSatisfy { Byte.isDigit($0) || (0x61...0x66).contains($0 | 0x20) }
                : digits.allSatisfy { $0 >= Byte.zero && $0 <= 0x37 }
            guard allDigits else { return nil }
            guard let value = Int(String(decoding: digits, as: UTF8.self), radix: radix) else {
                throw numberTooLarge(start, text)
            }
            return .int(value)
        }
        var index = start
        if bytes[index] == Byte.plus || bytes[index] == Byte.dash { index += 1 }
        let integerStart = index
        while index < end && Byte.isDigit(bytes[index]) { index += 1 }
        var mantissaDigits = index - integerStart
        if index == end {
            guard mantissaDigits > 0 else { return nil }
            guard let value = Int(text) else { throw numberTooLarge(start, text) }
            return .int(value)
        }
        if bytes[index] == Byte.dot {
            index += 1
            let fractionStart = index
            while index < end && Byte.isDigit(bytes[index]) { index += 1 }
            mantissaDigits += index - fractionStart
        }
        guard mantissaDigits > 0 else { return nil }
        if index < end && (bytes[index] == 0x65 || bytes[index] == 0x45) { // e E
            index += 1
            if index < end && (bytes[index] == Byte.plus || bytes[index] == Byte.dash) { index += 1 }
            let exponentStart = index
            while index < end && Byte.isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == end, let value = Double(text) else { return nil }
        guard value.isFinite else { throw numberTooLarge(start, text) }
        return .double(value)
    }

    private func numberTooLarge(_ start: Int, _ text: String) -> FrontMatterError {
        error(at: start, "number '\(text)' is too large", hint: "quote it to keep it as text")
    }

    /// True for `YYYY-MM-DD`, optionally followed by a time (`T` or spaces, `HH:MM[:SS[.frac]]`)
    /// and a zone (`Z`, `+HH`, `+HH:MM`); throws when the shape fits but the calendar does not.
    private func isDate(_ start: Int, _ end: Int) throws(FrontMatterError) -> Bool {
        guard end - start >= 8 else { return false }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= end else { return nil }
            var value = 0
            for index in from..<(from + count) {
                guard Byte.isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - Byte.zero)
            }
            return value
        }
        /// Month and day have two digits, except that YAML allows one when a time follows.
        func shortNumber(_ from: Int) -> (value: Int, digits: Int)? {
            let digits = from + 1 < end && Byte.isDigit(bytes[from + 1]) ? 2 : 1
            return number(from, digits).map { ($0, digits) }
        }
        guard let year = number(start, 4), bytes[start + 4] == Byte.dash, let month = shortNumber(start + 5),
              start + 5 + month.digits < end, bytes[start + 5 + month.digits] == Byte.dash,
              let day = shortNumber(start + 6 + month.digits) else { return false }
        var valid = (1...12).contains(month.value) && day.value >= 1
            && day.value <= daysIn(month: month.value, year: year)
        var index = start + 6 + month.digits + day.digits
        if index == end && (month.digits == 1 || day.digits == 1) { return false }
        if index < end {
            // Time part.
            if bytes[index] == 0x54 || bytes[index] == 0x74 { // T t
                index += 1
            } else if Byte.isBlank(bytes[index]) {
                while index < end && Byte.isBlank(bytes[index]) { index += 1 }
            } else {
                return false
            }
            let hourDigits = index + 1 < end && Byte.isDigit(bytes[index + 1]) ? 2 : 1
            guard let hour = number(index, hourDigits) else { return false }
            index += hourDigits
            guard index < end, bytes[index] == Byte.colon, let minute = number(index + 1, 2) else { return false }
            index += 3
            var second = 0
            if index < end && bytes[index] == Byte.colon {
                guard let value = number(index + 1, 2) else { return false }
                second = value
                index += 3
                if index < end && bytes[index] == Byte.dot {
                    index += 1
                    let fractionStart = index
                    while index < end && Byte.isDigit(bytes[index]) { index += 1 }
                    guard index > fractionStart else { return false }
                }
            }
            valid = valid && hour <= 23 && minute <= 59 && second <= 60
            // Zone.
            while index < end && Byte.isBlank(bytes[index]) { index += 1 }
            if index < end {
                if bytes[index] == 0x5A || bytes[index] == 0x7A { // Z z
                    index += 1
                } else if bytes[index] == Byte.plus || bytes[index] == Byte.dash {
                    index += 1
                    let zoneDigits = index + 1 < end && Byte.isDigit(bytes[index + 1]) ? 2 : 1
                    guard let zoneHour = number(index, zoneDigits) else { return false }
                    index += zoneDigits
                    var zoneMinute = 0
                    if index < end && bytes[index] == Byte.colon {
                        guard let value = number(index + 1, 2) else { return false }
                        zoneMinute = value
                        index += 3
                    }
                    valid = valid && zoneHour <= 23 && zoneMinute <= 59
                } else {
                    return false
                }
                guard index == end else { return false }
            }
        }
        if !valid {
            throw error(at: start, "'\(String(decoding: bytes[start..<end], as: UTF8.self))' is not a valid date",
                        hint: "write dates as YYYY-MM-DD (optionally with a time like THH:MM:SSZ), or quote the value to keep it as text")
        }
        return true
    }

    private func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Locations

    /// An error at byte `position`, located as a 1-based file line and column (in Unicode scalars).
    func error(at position: Int, _ message: String, hint: String?) -> FrontMatterError {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lines[middle].start <= position { low = middle } else { high = middle - 1 }
        }
        guard !lines.isEmpty else { return FrontMatterError(line: firstLine, column: 1, message: message, hint: hint) }
        return FrontMatterError(line: firstLine + low, column: column(of: position, lineStart: lines[low].start),
                                message: message, hint: hint)
    }

    /// 1-based column of `position` counted in Unicode scalars (UTF-8 lead bytes).
    private func column(of position: Int, lineStart: Int) -> Int {
        var column = 1
        var index = lineStart
        let stop = min(position, bytes.count)
        while index < stop {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
