import KBSearch
import KBMarkdown

/// The sections search takes its snippet passages from, read from the article's `HelpArticle` (never from its text).
enum SearchSections {
    static func of(_ help: HelpArticle) -> [SearchSection] {
        var sections: [SearchSection] = []
        if !help.preamble.isEmpty { sections.append(SearchSection(heading: "", paragraphs: paragraphs(help.preamble))) }
        for section in help.sections {
            let role: SearchSection.Role = section.kind == .meaning ? .primary : section.kind == .otherCodes ? .aside : .normal
            sections.append(SearchSection(heading: section.heading.text, paragraphs: paragraphs(section.blocks), role: role))
            for sub in section.subsections {
                sections.append(SearchSection(heading: sub.heading?.text ?? "", paragraphs: paragraphs(sub.blocks), role: role))
            }
        }
        return sections
    }

    /// Each leaf block's text (a paragraph, a list item's paragraph, a table row); code is not a snippet.
    static func paragraphs(_ blocks: [MarkdownBlock]) -> [String] {
        blocks.filter { $0.kind != .codeBlock && $0.kind != .thematicBreak }.flatMap { block in
            block.plainText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
    }
}
