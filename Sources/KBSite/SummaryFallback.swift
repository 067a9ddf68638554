import KBMarkdown

/// The summary of an article whose front matter has none: the first paragraph of "What it means" (else the
/// first paragraph of the body), as plain text cut at a word boundary, so descriptions are never empty.
enum SummaryFallback {
    /// Longest derived summary, in characters: what search engines show of a meta description.
    static let maxLength = 160
    /// The section whose first paragraph says what an error means.
    static let sectionTitle = "What it means"

    /// The derived summary of `document` and whether it came from "What it means"; nil when the body has no
    /// paragraph.
    static func derive(from document: MarkdownDocument) -> (text: String, fromSection: Bool)? {
        let inSection = document.firstParagraphText(inSectionTitled: sectionTitle)
        guard let paragraph = inSection ?? document.firstParagraphText(inSectionTitled: nil) else { return nil }
        let text = collapseSpaces(paragraph)
        return text.isEmpty ? nil : (cut(text, to: maxLength), inSection != nil)
    }

    /// The `kb check` warning saying the summary was derived, located at the title (or the file's first line).
    static func warning(path: String, frontMatter: FrontMatterMap, derived: (text: String, fromSection: Bool)) -> Diagnostic {
        let at = frontMatter.entry("title")
        let source = derived.fromSection ? "the first paragraph of 'What it means'" : "its first paragraph"
        return Diagnostic(path: path, line: at?.line ?? 1, column: at?.column ?? 1, severity: .warning,
                          message: "the article has no 'summary'; kb uses \(source) instead",
                          hint: "add summary: \"One or two plain sentences\" to the front matter to choose it yourself")
    }

    /// Runs of spaces (what line breaks became) collapsed to one, ends trimmed.
    static func collapseSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// `text` if it fits in `limit` characters, else its longest prefix ending at a word boundary that fits
    /// with an ellipsis after it (a single word longer than the limit is cut inside the word).
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let room = text.prefix(limit - 1)
        var end = room.endIndex
        if text[room.endIndex] != " " {
            if let space = room.lastIndex(of: " ") { end = space }
        }
        var kept = String(room[..<end])
        while let last = kept.last, last == " " || last == "," || last == ";" || last == ":" { kept.removeLast() }
        return kept + "…"
    }
}
