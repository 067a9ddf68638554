// Writes a highlighted code block: the escaped code with each token wrapped in `<span class="tok-…">`.

extension HTMLWriter {
    /// Writes the code block `start..<end` of the arena, highlighted when `options.highlight` is on and the
    /// info word `info` names a known language; otherwise escaped as it is.
    mutating func writeCode(_ start: Int32, _ end: Int32, infoWord infoStart: Int32, _ infoEnd: Int32) {
        guard options.highlight, infoStart < infoEnd,
              let language = HighlightLanguage(infoWord: tree.arena[Int(infoStart)..<Int(infoEnd)]) else {
            writeEscaped(start, end)
            return
        }
        let tokens = tree.arena.withUnsafeBufferPointer { Highlighter.tokens($0, Int(start), Int(end), language: language) }
        var position = Int(start)
        for token in tokens {
            writeEscaped(tree.arena, position, Int(token.start))
            write("<span class=\"")
            write(token.kind.cssClass)
            write("\">")
            writeEscaped(tree.arena, Int(token.start), Int(token.end))
            write("</span>")
            position = Int(token.end)
        }
        writeEscaped(tree.arena, position, Int(end))
    }
}

extension HTMLRenderer {
    /// Renders `document` with raw HTML handled by `rawHTML` and code highlighted or not, whatever it was parsed with.
    public static func render(_ document: MarkdownDocument, rawHTML: RawHTMLMode, highlight: Bool,
                              rewriteLink: (String) -> String? = { _ in nil }) -> String {
        var copy = document
        copy.options.highlight = highlight
        return render(copy, rawHTML: rawHTML, rewriteLink: rewriteLink)
    }
}
