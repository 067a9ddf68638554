// Read-only lookups of a document's top-level paragraphs, for summaries that front matter leaves out.

extension MarkdownDocument {
    /// The plain text (inline markup removed, line breaks as spaces) of the first top-level paragraph under
    /// the heading whose text is `title` (compared case-insensitively), before the next heading of that level
    /// or higher; with `title` nil, of the document's first top-level paragraph. Nil when there is none.
    public func firstParagraphText(inSectionTitled title: String?) -> String? {
        let wanted = title.map { $0.lowercased() }
        let text = PlainText(tree: tree)
        var sectionLevel: Int32? = wanted == nil ? 0 : nil
        var child = tree.nodes.isEmpty ? -1 : tree.nodes[0].firstChild
        while child >= 0 {
            let node = tree.nodes[Int(child)]
            if node.kind == .heading {
                if let level = sectionLevel, level > 0, node.number <= level { sectionLevel = nil }
                if sectionLevel == nil, let wanted,
                   text.inlineText(of: child).trimmingCharacters(in: " \t").lowercased() == wanted {
                    sectionLevel = node.number
                }
            } else if node.kind == .paragraph, sectionLevel != nil {
                let paragraph = text.inlineText(of: child)
                if paragraph.contains(where: { $0 != " " }) { return paragraph }
            }
            child = node.next
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing characters from `set` (no Foundation in this module).
    fileprivate func trimmingCharacters(in set: String) -> String {
        let scalars = Array(unicodeScalars)
        var start = 0, end = scalars.count
        while start < end && set.unicodeScalars.contains(scalars[start]) { start += 1 }
        while end > start && set.unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }
}
