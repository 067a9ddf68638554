extension FrontMatterParser {
    /// The body after a front matter block, found by its `---` lines alone (the YAML between them is not
    /// parsed), so an article whose front matter has a mistake still shows its headings to the other checks.
    /// Nil when the front matter is never closed; the whole text when there is none.
    static func bodyIgnoringFrontMatter(_ text: String) -> (body: String, bodyStartLine: Int)? {
        let bytes = normalizedBytes(text)
        guard delimiterLineEnd(bytes, from: 0) != nil else { return (String(decoding: bytes, as: UTF8.self), 1) }
        var lineStart = 0
        var lineNumber = 1
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            if lineNumber > 1 && delimiterLineEnd(bytes, from: lineStart) != nil {
                let bodyStart = lineEnd < bytes.count ? lineEnd + 1 : bytes.count
                return (String(decoding: bytes[bodyStart...], as: UTF8.self), lineNumber + 1)
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return nil
    }
}
