// Writes a parsed document back out as Markdown: the plain-text copy of each article that AI assistants and
// other tools read (`index.md` next to the page). It walks the same tree the HTML writer does, so snippets are
// already expanded and every link destination can be rewritten (made absolute); reference definitions come out
// as inline links. Text is escaped just enough that the output parses back to the same document.

/// Renders a parsed document as CommonMark with the GitHub extensions.
public enum MarkdownRenderer {
    /// Markdown for `document`; `rewriteLink` may replace a link or image destination (nil keeps it).
    public static func render(_ document: MarkdownDocument, rewriteLink: (String) -> String? = { _ in nil }) -> String {
        withoutActuallyEscaping(rewriteLink) { rewrite in
            var writer = MarkdownWriter(tree: document.tree, rewriteLink: rewrite)
            return writer.document()
        }
    }
}

struct MarkdownWriter {
    let tree: MarkdownTree
    let rewriteLink: (String) -> String?
    /// Set while writing table cells, where `|` must be escaped.
    private var inTable = false
    /// The delimiters of the emphasis being written, innermost last.
    private var openMarks: [String] = []

    init(tree: MarkdownTree, rewriteLink: @escaping (String) -> String?) {
        self.tree = tree
        self.rewriteLink = rewriteLink
    }

    mutating func document() -> String {
        guard !tree.nodes.isEmpty else { return "" }
        var parts = blocks(of: 0)
        for definition in tree.footnotes {
            let node = tree.nodes[Int(definition)]
            let body = blocks(of: definition).joined(separator: "\n\n")
            parts.append(MarkdownWriter.prefixed(body, first: "[^\(node.number)]: ", rest: "    "))
        }
        let text = parts.joined(separator: "\n\n")
        return text.isEmpty ? "" : text + "\n"
    }

    private func children(_ index: Int32) -> [Int32] {
        var result: [Int32] = []
        var child = tree.nodes[Int(index)].firstChild
        while child >= 0 {
            result.append(child)
            child = tree.nodes[Int(child)].next
        }
        return result
    }

    /// The blocks under `index`, each as text without a trailing newline.
    private mutating func blocks(of index: Int32) -> [String] {
        var parts: [String] = []
        var previousList: (ordered: Bool, alternate: Bool)?
        for child in children(index) {
            let node = tree.nodes[Int(child)]
            if node.kind == .footnoteDefinition { continue }
            if node.kind == .list {
                // Two lists in a row would merge into one unless the second uses another marker.
                let ordered = node.flags.contains(.ordered)
                let alternate = previousList.map { $0.ordered == ordered && !$0.alternate } ?? false
                parts.append(list(child, alternate: alternate))
                previousList = (ordered, alternate)
                continue
            }
            previousList = nil
            parts.append(block(child))
        }
        return parts
    }

    private mutating func block(_ index: Int32) -> String {
        let node = tree.nodes[Int(index)]
        switch node.kind {
        case .paragraph:
            return inlines(of: index)
        case .heading:
            var text = inlines(of: index)
            // A heading written over several lines (setext) keeps its line breaks.
            if text.contains("\n") && node.number <= 2 {
                return text + "\n" + (node.number == 1 ? "===" : "---")
            }
            text = text.replacingNewlines
            // A closing run of `#` after a space would be read as the heading's closing sequence.
            if text.hasSuffix("#") { text = String(text.dropLast()) + "\\#" }
            return String(repeating: "#", count: Int(node.number)) + " " + text
        case .thematicBreak:
            return "***"
        case .codeBlock:
            let code = tree.string(node.start, node.end)
            let info = node.end2 > node.start2 ? tree.string(node.start2, node.end2) : ""
            // A backtick fence may not have backticks in its info string; a tilde fence may.
            let mark: Character = info.contains("`") ? "~" : "`"
            let fence = String(repeating: mark, count: max(3, MarkdownWriter.longestRun(of: mark, in: code) + 1))
            let body = code.hasSuffix("\n") ? String(code.dropLast()) : code
            return fence + info + "\n" + (body.isEmpty && code.isEmpty ? "" : body + "\n") + fence
        case .htmlBlock:
            var html = tree.string(node.start, node.end)
            while html.hasSuffix("\n") { html.removeLast() }
            return html
        case .blockQuote:
            var body = blocks(of: index).joined(separator: "\n\n")
            // A callout keeps its GitHub alert marker, so it previews and parses as one again.
            if node.flags.contains(.callout), let kind = CalloutKind(rawValue: node.number) {
                body = "[!" + kind.keyword.uppercased() + "]\n" + body
            }
            return MarkdownWriter.prefixed(body, first: "> ", rest: "> ")
        case .table:
            return table(index)
        case .list:
            return list(index, alternate: false)
        default:
            return inlines(of: index)
        }
    }

    private mutating func list(_ index: Int32, alternate: Bool) -> String {
        let node = tree.nodes[Int(index)]
        let ordered = node.flags.contains(.ordered)
        let tight = node.flags.contains(.tight)
        var number = Int(node.number)
        var items: [String] = []
        for item in children(index) {
            let marker: String
            if ordered {
                marker = String(number) + (alternate ? ")" : ".") + " "
                number += 1
            } else {
                marker = alternate ? "* " : "- "
            }
            let flags = tree.nodes[Int(item)].flags
            var parts = blocks(of: item)
            if flags.contains(.task) {
                let box = flags.contains(.checked) ? "[x]" : "[ ]"
                if parts.isEmpty { parts = [box] } else { parts[0] = box + " " + parts[0] }
            }
            let body = parts.joined(separator: tight ? "\n" : "\n\n")
            items.append(MarkdownWriter.prefixed(body, first: marker, rest: String(repeating: " ", count: marker.utf8.count)))
        }
        return items.joined(separator: tight ? "\n" : "\n\n")
    }

    private mutating func table(_ index: Int32) -> String {
        inTable = true
        defer { inTable = false }
        var lines: [String] = []
        for (rowNumber, row) in children(index).enumerated() {
            let cells = children(row)
            lines.append("| " + cells.map { inlines(of: $0) }.joined(separator: " | ") + " |")
            if rowNumber == 0 {
                let rule = cells.map { cell -> String in
                    switch tree.nodes[Int(cell)].number {
                    case 1: return ":---"
                    case 2: return ":---:"
                    case 3: return "---:"
                    default: return "---"
                    }
                }
                lines.append("| " + rule.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: inlines

    private mutating func inlines(of index: Int32) -> String {
        var out = ""
        for child in children(index) { inline(child, into: &out) }
        return out
    }

    private mutating func inline(_ index: Int32, into out: inout String) {
        let node = tree.nodes[Int(index)]
        switch node.kind {
        case .text:
            escapeText(tree.bytes(node.start, node.end), into: &out, following: firstByte(after: index))
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "\\\n"
        case .code:
            var code = tree.string(node.start, node.end)
            // Inside a table a pipe ends the cell even in code, unless escaped.
            if inTable { code = code.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
            let fence = String(repeating: "`", count: MarkdownWriter.longestRun(of: "`", in: code) + 1)
            // A space on each side is stripped when reading, so pad when the code starts or ends with a
            // backtick, or with a space on both sides.
            let pad = code.hasPrefix("`") || code.hasSuffix("`") || (code.hasPrefix(" ") && code.hasSuffix(" ") && code.contains { $0 != " " })
            out += fence + (pad ? " " : "") + code + (pad ? " " : "") + fence
        case .htmlInline:
            out += tree.string(node.start, node.end)
        case .emphasis, .strong:
            // Emphasis at the edge of emphasis of the same kind would merge with it (`*` + `*` reads as strong),
            // so the inner one uses `_`, unless it sits inside a word, where `_` does not work.
            let parent = tree.nodes[Int(node.parent)]
            let atEdge = (node.prev < 0 || node.next < 0) && parent.kind == node.kind
            let insideWord = MarkdownWriter.isAlphanumeric(out.utf8.last) || MarkdownWriter.isAlphanumeric(firstByte(after: index))
            let mark = ((atEdge && openMarks.last == "*") || out.hasSuffix("*")) && !insideWord ? "_" : "*"
            let delimiter = node.kind == .strong ? mark + mark : mark
            openMarks.append(mark)
            out += delimiter + inlines(of: index) + delimiter
            openMarks.removeLast()
        case .strikethrough:
            out += "~~" + inlines(of: index) + "~~"
        case .link:
            if let autolink = autolinkForm(index, node) {
                out += autolink
            } else {
                out += "[" + inlines(of: index) + "]" + destination(node)
            }
        case .image:
            out += "![" + altText(index) + "]" + destination(node)
        case .footnoteReference:
            out += "[^\(node.number)]"
        default:
            out += inlines(of: index)
        }
    }

    /// `<destination>` for a link whose text is its destination (an autolink), when that form can hold it.
    private func autolinkForm(_ index: Int32, _ node: Node) -> String? {
        let child = node.firstChild
        guard child >= 0, tree.nodes[Int(child)].next < 0, tree.nodes[Int(child)].kind == .text else { return nil }
        let text = tree.string(tree.nodes[Int(child)].start, tree.nodes[Int(child)].end)
        let target = tree.string(node.start, node.end)
        guard (text == target && URLScheme.has(target)) || "mailto:" + text == target, !node.flags.contains(.hasTitle),
              rewriteLink(target) == nil,
              !target.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0.asciiValue.map { $0 < 0x20 } == true }) else { return nil }
        return "<" + (text == target ? target : text) + ">"
    }

    /// The first byte the writer will put after inline node `index`, so text can be escaped by what follows it
    /// (`!` before a link, `&` before a name); nil at the end of the container.
    private func firstByte(after index: Int32) -> UInt8? {
        var next = tree.nodes[Int(index)].next
        while next >= 0 {
            let node = tree.nodes[Int(next)]
            switch node.kind {
            case .text:
                if node.end > node.start { return tree.arena[Int(node.start)] }
            case .link, .footnoteReference: return UInt8(ascii: "[")
            case .image: return UInt8(ascii: "!")
            case .emphasis, .strong: return UInt8(ascii: "*")
            case .strikethrough: return UInt8(ascii: "~")
            case .code: return UInt8(ascii: "`")
            case .htmlInline: return UInt8(ascii: "<")
            case .softBreak: return 10
            case .lineBreak: return UInt8(ascii: "\\")
            default: return nil
            }
            next = node.next
        }
        return nil
    }

    private func altText(_ index: Int32) -> String {
        var text: [UInt8] = []
        func collect(_ index: Int32) {
            for child in children(index) {
                let node = tree.nodes[Int(child)]
                switch node.kind {
                case .text, .code: text += tree.bytes(node.start, node.end)
                case .softBreak, .lineBreak: text.append(32)
                default: collect(child)
                }
            }
        }
        collect(index)
        var out = ""
        escapeText(text[...], into: &out, following: nil)
        return out
    }

    /// `(destination "title")`, with `<…>` around a destination that has spaces or parentheses.
    private func destination(_ node: Node) -> String {
        let raw = tree.string(node.start, node.end)
        let target = rewriteLink(raw) ?? raw
        var out = "("
        if target.isEmpty || target.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" || $0 == "\\" }) {
            out += "<"
            for character in target {
                if character == "<" || character == ">" || character == "\\" { out += "\\" }
                out.append(character)
            }
            out += ">"
        } else {
            out += target
        }
        if node.flags.contains(.hasTitle) {
            out += " \""
            for character in tree.string(node.start2, node.end2) {
                if character == "\"" || character == "\\" { out += "\\" }
                out.append(character)
            }
            out += "\""
        }
        return out + ")"
    }

    /// Text with every character that could start markup backslash-escaped, judged by its neighbours so that
    /// ordinary prose (`snake_case`, `AT&T`) stays readable.
    private func escapeText(_ bytes: ArraySlice<UInt8>, into out: inout String, following: UInt8?) {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 8)
        let lineStart = out.isEmpty || out.hasSuffix("\n")
        let start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            let previous: UInt8? = index > start ? bytes[index - 1] : out.utf8.last
            let next: UInt8? = index + 1 < bytes.endIndex ? bytes[index + 1] : following
            var escape = false
            switch byte {
            case 10, 13:
                // A line break inside text (from `&#10;`) would end the line: keep it a character reference.
                escaped += Array((byte == 10 ? "&#10;" : "&#13;").utf8)
                index += 1
                continue
            case 9 where lineStart && index == start, 32 where lineStart && index == start:
                // Leading tabs and spaces would be stripped or start an indented code block.
                escaped += Array((byte == 9 ? "&#9;" : "&#32;").utf8)
                index += 1
                continue
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "<"), UInt8(ascii: "~"):
                escape = true
            case UInt8(ascii: "_"):
                escape = !(MarkdownWriter.isAlphanumeric(previous) && MarkdownWriter.isAlphanumeric(next))
            case UInt8(ascii: "&"):
                escape = MarkdownWriter.isAlphanumeric(next) || next == UInt8(ascii: "#")
            case UInt8(ascii: "!"):
                escape = next == UInt8(ascii: "[")
            case UInt8(ascii: "|"):
                escape = inTable
            case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
                escape = lineStart && index == start
            case UInt8(ascii: "."), UInt8(ascii: ")"):
                // `1984. was a year` at the start of a line would begin an ordered list (the digits may come
                // from an earlier text node of the same line).
                escape = MarkdownWriter.onlyDigitsSinceLineStart(out.utf8, escaped[...])
            default:
                break
            }
            if escape { escaped.append(UInt8(ascii: "\\")) }
            escaped.append(byte)
            index += 1
        }
        out += String(decoding: escaped, as: UTF8.self)
    }

    /// Whether the line written so far (`out` then `pending`) is 1 to 9 digits.
    static func onlyDigitsSinceLineStart(_ out: String.UTF8View, _ pending: ArraySlice<UInt8>) -> Bool {
        var count = 0
        for byte in pending.reversed() {
            if byte == 10 { return count > 0 && count <= 9 }
            guard byte >= 0x30 && byte <= 0x39 else { return false }
            count += 1
        }
        for byte in out.reversed() {
            if byte == 10 { break }
            guard byte >= 0x30 && byte <= 0x39, count < 10 else { return false }
            count += 1
        }
        return count > 0 && count <= 9
    }

    private static func isAlphanumeric(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }

    private static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// `text` with `first` before its first line and `rest` before every other non-blank line.
    static func prefixed(_ text: String, first: String, rest: String) -> String {
        var lines: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if number == 0 {
                lines.append(first + line)
            } else if line.isEmpty {
                lines.append(rest.trimmingTrailingSpaces)
            } else {
                lines.append(rest + line)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Whether a link destination starts with a URL scheme (`https:`, `mailto:`), as opposed to a path or fragment.
public enum URLScheme {
    /// True for `scheme:rest` with a scheme of a letter then letters, digits, `+`, `-` or `.`.
    public static func has(_ destination: String) -> Bool {
        var sawLetter = false
        for scalar in destination.unicodeScalars {
            if scalar == ":" { return sawLetter }
            let letter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            let other = (scalar >= "0" && scalar <= "9") || scalar == "+" || scalar == "-" || scalar == "."
            if letter || (sawLetter && other) { sawLetter = true } else { return false }
        }
        return false
    }
}

extension String {
    fileprivate var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") }

    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
