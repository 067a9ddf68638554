import Foundation
import KBMarkdown

/// An article whose front matter could not be read: it is not built, but its slug, path and headings still
/// count for the other articles' checks, so one mistake is reported once, in its own file, and not again as
/// "no article has that slug" or "link to a missing article" wherever the article is named.
struct UnreadableArticle: Sendable {
    /// The file name without `.md`, as for any article.
    var slug: String
    /// Path relative to the articles folder.
    var relativePath: String
    /// Heading IDs of the body; nil when the body could not be found (front matter never closed), so any
    /// heading is taken to exist rather than reported.
    var headingIDs: Set<String>?

    init(relativePath: String, text: String, markdown: MarkdownOptions) {
        self.relativePath = relativePath
        slug = ((relativePath as NSString).lastPathComponent as NSString).deletingPathExtension
        headingIDs = FrontMatterParser.bodyIgnoringFrontMatter(text).map { body in
            Set(MarkdownParser.parse(body.body, options: markdown).headings.map(\.id))
        }
    }

    /// A file that could not be read at all (its encoding, its permissions): any heading is taken to exist.
    init(relativePath: String) {
        self.relativePath = relativePath
        slug = ((relativePath as NSString).lastPathComponent as NSString).deletingPathExtension
        headingIDs = nil
    }

    /// Whether a link to `#id` in this article may be right.
    func mayHaveHeading(_ id: String) -> Bool { headingIDs?.contains(id) ?? true }
}
