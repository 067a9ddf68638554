// HTML for kb's authoring extensions: callouts and heading links. Kept apart from HTMLWriter's
// CommonMark rendering so the spec paths stay as they are.

extension HTMLWriter {
    /// `<div class="callout callout-note">` and its title paragraph.
    mutating func writeCalloutOpening(_ node: Node) {
        let kind = CalloutKind(rawValue: node.number) ?? .note
        write("<div class=\"callout callout-")
        writeString(kind.keyword)
        write("\">\n<p class=\"callout-title\">")
        writeString(kind.title)
        write("</p>\n")
    }
}

extension HTMLWriter {
    /// The `#` link at the end of a `##` or `###` heading's text, so a reader can copy the section's address.
    mutating func writeHeadingLink(_ node: Node) {
        guard node.number == 2 || node.number == 3, node.offset > 0, Int(node.offset) <= headingIDs.count else { return }
        let id = Array(headingIDs[Int(node.offset) - 1].utf8)
        guard !id.isEmpty else { return }
        write(" <a class=\"heading-link\" href=\"#")
        writeHref(id)
        write("\" aria-label=\"Link to this section\">#</a>")
    }
}
