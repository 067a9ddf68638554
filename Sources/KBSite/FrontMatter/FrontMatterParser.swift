/// Splits Markdown files into front matter and body, and parses the YAML subset front matter uses.
public enum FrontMatterParser {
    /// Splits `text` into front matter (between `---` lines at the top) and body, parsing the front matter.
    public static func parseDocument(_ text: String) throws(FrontMatterError) -> FrontMatterDocument {
        let bytes = normalizedBytes(text)
        guard let firstEnd = delimiterLineEnd(bytes, from: 0) else {
            return FrontMatterDocument(frontMatter: FrontMatterMap(), hasFrontMatter: false,
                                       body: String(decoding: bytes, as: UTF8.self), bodyStartLine: 1)
        }
        let yamlStart = firstEnd < bytes.count ? firstEnd + 1 : bytes.count
        var lineStart = yamlStart
        var lineNumber = 2
        var dotsLine: Int?
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            if delimiterLineEnd(bytes, from: lineStart) != nil {
                let yaml = Array(bytes[yamlStart..<lineStart])
                var parser = try YAMLSubsetParser(bytes: yaml, firstLine: 2)
                let map = try parser.parseTopLevel()
                let bodyStart = lineEnd < bytes.count ? lineEnd + 1 : bytes.count
                return FrontMatterDocument(frontMatter: map, hasFrontMatter: true,
                                           body: String(decoding: bytes[bodyStart...], as: UTF8.self),
                                           bodyStartLine: lineNumber + 1)
            }
            if dotsLine == nil && isDotsLine(bytes, lineStart, lineEnd) { dotsLine = lineNumber }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        let hint = dotsLine.map { "close the front matter with '---' instead of '...' on line \($0)" }
            ?? "add a line containing only '---' after the last front matter field"
        throw FrontMatterError(line: 1, column: 1, message: "front matter opened here is never closed", hint: hint)
    }

    /// Parses YAML front matter text (without the `---` lines) into a map; `firstLine` is the file line of its first line.
    public static func parseYAML(_ yaml: String, firstLine: Int = 1) throws(FrontMatterError) -> FrontMatterMap {
        var parser = try YAMLSubsetParser(bytes: normalizedBytes(yaml), firstLine: firstLine)
        return try parser.parseTopLevel()
    }

    /// UTF-8 bytes without a leading BOM and with CRLF turned into LF (a lone CR is kept for the parser to reject).
    static func normalizedBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            bytes.removeFirst(3)
        }
        guard bytes.contains(Byte.carriageReturn) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if !(byte == Byte.carriageReturn && index + 1 < bytes.count && bytes[index + 1] == Byte.newline) {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// If the line starting at `start` is `---` (trailing blanks allowed), the index of its end; else nil.
    static func delimiterLineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start + 3 <= bytes.count, bytes[start] == Byte.dash, bytes[start + 1] == Byte.dash,
              bytes[start + 2] == Byte.dash else { return nil }
        var index = start + 3
        while index < bytes.count && Byte.isBlank(bytes[index]) { index += 1 }
        if index == bytes.count || bytes[index] == Byte.newline { return index }
        return nil
    }

    private static func isDotsLine(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 3, bytes[start] == Byte.dot, bytes[start + 1] == Byte.dot,
              bytes[start + 2] == Byte.dot else { return false }
        return bytes[(start + 3)..<end].allSatisfy(Byte.isBlank)
    }
}

/// ASCII bytes the parser looks at.
enum Byte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let hash: UInt8 = 0x23
    static let doubleQuote: UInt8 = 0x22
    static let singleQuote: UInt8 = 0x27
    static let backslash: UInt8 = 0x5C
    static let comma: UInt8 = 0x2C
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let question: UInt8 = 0x3F
    static let pipe: UInt8 = 0x7C
    static let greater: UInt8 = 0x3E
    static let plus: UInt8 = 0x2B
    static let tilde: UInt8 = 0x7E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
}
