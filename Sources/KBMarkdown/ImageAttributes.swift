// Extra attributes for Markdown images, supplied by the caller at render time (the site reads each
// image file's header; KBMarkdown never touches files).

/// What the renderer adds to one `<img>`: its size when known, and lazy, asynchronous loading.
public struct ImageAttributes: Sendable, Equatable {
    public var width: Int?
    public var height: Int?
    public init(width: Int? = nil, height: Int? = nil) {
        self.width = width; self.height = height
    }
}

extension HTMLRenderer {
    /// Renders `document` (raw HTML handled by `rawHTML` when given); every image for which
    /// `imageAttributes` returns a value gets `width`/`height` (when known), `loading="lazy"` and `decoding="async"`.
    public static func render(_ document: MarkdownDocument, rawHTML: RawHTMLMode? = nil,
                              rewriteLink: (String) -> String? = { _ in nil },
                              imageAttributes: (String) -> ImageAttributes?) -> String {
        var options = document.options
        if let rawHTML { options.rawHTML = rawHTML }
        return withoutActuallyEscaping(rewriteLink) { rewrite in
            withoutActuallyEscaping(imageAttributes) { images in
                var writer = HTMLWriter(tree: document.tree, options: options, headingIDs: document.headingIDList, rewriteLink: rewrite)
                writer.imageAttributes = images
                return writer.renderString()
            }
        }
    }
}

extension HTMLWriter {
    mutating func writeImageAttributes(_ node: Node) {
        guard let imageAttributes, let attributes = imageAttributes(tree.string(node.start, node.end)) else { return }
        if let width = attributes.width, let height = attributes.height {
            write(" width=\"")
            writeString(String(width))
            write("\" height=\"")
            writeString(String(height))
            write("\"")
        }
        write(" loading=\"lazy\" decoding=\"async\"")
    }
}
