// Splits template source bytes into text runs and the tokens inside `{{ }}` / `{% %}` tags.
// Comments `{# #}` vanish here; `-` next to a delimiter trims the whitespace of the neighbouring text.

private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let percent = UInt8(ascii: "%")
private let hash = UInt8(ascii: "#")
private let dash = UInt8(ascii: "-")

@inline(__always) func isTemplateSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
}

@inline(__always) func isNameStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

struct TemplateLexer {
    let bytes: [UInt8]
    private(set) var tokens: [Token] = []
    private var trimNextText = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func tokenize() throws(SyntaxProblem) -> [Token] {
        let count = bytes.count
        var textStart = 0
        var index = 0
        while index + 1 < count {
            guard bytes[index] == openBrace else { index += 1; continue }
            let marker = bytes[index + 1]
            guard marker == openBrace || marker == percent || marker == hash else { index += 1; continue }
            let trimsBefore = index + 2 < count && bytes[index + 2] == dash
            emitText(from: textStart, to: index, trimEnd: trimsBefore)
            let bodyStart = index + (trimsBefore ? 3 : 2)
            if marker == hash {
                index = try skipComment(openedAt: index, bodyStart: bodyStart)
            } else {
                index = try lexTag(openedAt: index, bodyStart: bodyStart, isOutput: marker == openBrace)
                if marker == percent, let rawEnd = try rawBlockEnd(scanFrom: index) {
                    index = rawEnd
                }
            }
            textStart = index
        }
        emitText(from: textStart, to: count, trimEnd: false)
        return tokens
    }

    private mutating func emitText(from start: Int, to end: Int, trimEnd: Bool) {
        var start = start
        var end = end
        if trimNextText {
            while start < end && isTemplateSpace(bytes[start]) { start += 1 }
            trimNextText = false
        }
        if trimEnd {
            while end > start && isTemplateSpace(bytes[end - 1]) { end -= 1 }
        }
        if start < end { tokens.append(Token(kind: .text, start: start, end: end)) }
    }

    private mutating func skipComment(openedAt open: Int, bodyStart: Int) throws(SyntaxProblem) -> Int {
        var index = bodyStart
        while index + 1 < bytes.count {
            if bytes[index] == hash && bytes[index + 1] == closeBrace {
                trimNextText = index > bodyStart && bytes[index - 1] == dash
                return index + 2
            }
            index += 1
        }
        throw SyntaxProblem(offset: open, message: "unclosed comment '{#'", hint: "add '#}' where the comment ends")
    }

    /// Lexes the tokens of one tag and returns the offset just past its closing delimiter.
    private mutating func lexTag(openedAt open: Int, bodyStart: Int, isOutput: Bool) throws(SyntaxProblem) -> Int {
        let closer = isOutput ? closeBrace : percent
        tokens.append(Token(kind: isOutput ? .outputOpen : .statementOpen, start: open, end: bodyStart))
        var index = bodyStart
        let count = bytes.count
        while true {
            while index < count && isTemplateSpace(bytes[index]) { index += 1 }
            guard index < count else { throw unclosedTag(open: open, isOutput: isOutput) }
            let byte = bytes[index]
            let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            if byte == dash && next == closer && index + 2 < count && bytes[index + 2] == closeBrace {
                tokens.append(Token(kind: isOutput ? .outputClose : .statementClose, start: index, end: index + 3))
                trimNextText = true
                return index + 3
            }
            if byte == closer && next == closeBrace {
                tokens.append(Token(kind: isOutput ? .outputClose : .statementClose, start: index, end: index + 2))
                return index + 2
            }
            if isNameStart(byte) {
                var end = index + 1
                while end < count && (isNameStart(bytes[end]) || isDigit(bytes[end])) { end += 1 }
                tokens.append(Token(kind: .name, start: index, end: end))
                index = end
                continue
            }
            if isDigit(byte) {
                var end = index + 1
                while end < count && isDigit(bytes[end]) { end += 1 }
                var kind = TokenKind.integer
                if end + 1 < count && bytes[end] == UInt8(ascii: ".") && isDigit(bytes[end + 1]) {
                    end += 1
                    while end < count && isDigit(bytes[end]) { end += 1 }
                    kind = .number
                }
                tokens.append(Token(kind: kind, start: index, end: end))
                index = end
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                var end = index + 1
                while end < count && bytes[end] != byte {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < count else {
                    throw SyntaxProblem(offset: index, message: "unterminated string", hint: "close it with \(Character(Unicode.Scalar(byte)))")
                }
                tokens.append(Token(kind: .string, start: index, end: end + 1))
                index = end + 1
                continue
            }
            let (kind, length): (TokenKind?, Int) = {
                switch byte {
                case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? (.equal, 2) : (.assign, 1)
                case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? (.notEqual, 2) : (nil, 1)
                case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? (.lessEqual, 2) : (.less, 1)
                case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
                case UInt8(ascii: "|"): return (.pipe, 1)
                case UInt8(ascii: "."): return (.dot, 1)
                case UInt8(ascii: ","): return (.comma, 1)
                case UInt8(ascii: "("): return (.leftParen, 1)
                case UInt8(ascii: ")"): return (.rightParen, 1)
                case UInt8(ascii: "["): return (.leftBracket, 1)
                case UInt8(ascii: "]"): return (.rightBracket, 1)
                case UInt8(ascii: "~"): return (.tilde, 1)
                case UInt8(ascii: "-"): return (.minus, 1)
                default: return (nil, 1)
                }
            }()
            guard let kind else {
                throw strayCharacter(at: index, open: open, isOutput: isOutput)
            }
            tokens.append(Token(kind: kind, start: index, end: index + length))
            index += length
        }
    }

    private func unclosedTag(open: Int, isOutput: Bool) -> SyntaxProblem {
        isOutput
            ? SyntaxProblem(offset: open, message: "unclosed '{{'", hint: "add '}}' to end the expression")
            : SyntaxProblem(offset: open, message: "unclosed '{%'", hint: "add '%}' to end the tag")
    }

    /// A character no expression may contain: usually the tag was never closed, so say that when it is true.
    private func strayCharacter(at index: Int, open: Int, isOutput: Bool) -> SyntaxProblem {
        let closer = isOutput ? closeBrace : percent
        var scan = index
        while scan + 1 < bytes.count {
            if bytes[scan] == closer && bytes[scan + 1] == closeBrace { break }
            if bytes[scan] == openBrace && (bytes[scan + 1] == openBrace || bytes[scan + 1] == percent) {
                return unclosedTag(open: open, isOutput: isOutput)
            }
            scan += 1
        }
        if scan + 1 >= bytes.count { return unclosedTag(open: open, isOutput: isOutput) }
        let shown = String(decoding: bytes[index..<min(bytes.count, index + utf8Length(bytes[index]))], as: UTF8.self)
        return SyntaxProblem(offset: index, message: "unexpected character '\(shown)' in expression", hint: nil)
    }

    /// After `{% raw %}`, everything up to `{% endraw %}` is text; returns the offset after `endraw`'s tag.
    private mutating func rawBlockEnd(scanFrom index: Int) throws(SyntaxProblem) -> Int? {
        let n = tokens.count
        guard n >= 3, tokens[n - 3].kind == .statementOpen, tokens[n - 2].kind == .name, tokens[n - 1].kind == .statementClose,
              bytes[tokens[n - 2].start..<tokens[n - 2].end].elementsEqual("raw".utf8) else { return nil }
        let openOffset = tokens[n - 3].start
        tokens.removeLast(3)
        var scan = index
        while scan + 1 < bytes.count {
            if bytes[scan] == openBrace && bytes[scan + 1] == percent {
                var cursor = scan + 2
                let trimsBefore = cursor < bytes.count && bytes[cursor] == dash
                if trimsBefore { cursor += 1 }
                while cursor < bytes.count && isTemplateSpace(bytes[cursor]) { cursor += 1 }
                let word = Array("endraw".utf8)
                if cursor + word.count <= bytes.count && bytes[cursor..<cursor + word.count].elementsEqual(word) {
                    cursor += word.count
                    while cursor < bytes.count && isTemplateSpace(bytes[cursor]) { cursor += 1 }
                    var trimsAfter = false
                    if cursor < bytes.count && bytes[cursor] == dash { trimsAfter = true; cursor += 1 }
                    if cursor + 1 < bytes.count && bytes[cursor] == percent && bytes[cursor + 1] == closeBrace {
                        emitText(from: index, to: scan, trimEnd: trimsBefore)
                        trimNextText = trimsAfter
                        return cursor + 2
                    }
                }
            }
            scan += 1
        }
        throw SyntaxProblem(offset: openOffset, message: "unclosed '{% raw %}'", hint: "add '{% endraw %}'")
    }
}

@inline(__always) func utf8Length(_ lead: UInt8) -> Int {
    if lead < 0x80 { return 1 }
    if lead >= 0xF0 { return 4 }
    if lead >= 0xE0 { return 3 }
    return 2
}
