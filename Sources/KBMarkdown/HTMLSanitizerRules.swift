// What the raw-HTML sanitizer keeps: the allowlists of elements and attributes, and the raw HTML mode.

/// What happens to raw HTML (HTML blocks and inline tags) when a document is rendered.
public enum RawHTMLMode: String, Sendable, Equatable, CaseIterable {
    /// Keep only allowlisted elements and attributes, with safe URLs (see `HTMLSanitizer`).
    case sanitize
    /// Show raw HTML as text.
    case escape
    /// Pass raw HTML through, as CommonMark says (with extensions on, GFM's tag filter still applies).
    case trusted
}

extension HTMLRenderer {
    /// Renders `document` with raw HTML handled by `rawHTML` instead of the mode it was parsed with.
    public static func render(_ document: MarkdownDocument, rawHTML: RawHTMLMode,
                              rewriteLink: (String) -> String? = { _ in nil }) -> String {
        var copy = document
        copy.options.rawHTML = rawHTML
        return render(copy, rewriteLink: rewriteLink)
    }
}

/// The allowlists. Names are matched lowercased, as the HTML parser lowercases them; output uses the
/// spelling in the value (SVG's camelCase), which is what the browser's parser would produce anyway.
enum SanitizerRules {
    /// HTML elements kept (name -> attributes allowed on it besides the global ones).
    static let htmlElements: [String: Set<String>] = [
        "a": ["href"], "abbr": [], "b": [], "blockquote": ["cite"], "br": [], "caption": [], "cite": [],
        "code": [], "col": ["span"], "colgroup": ["span"], "dd": [], "del": ["cite", "datetime"],
        "details": ["open"], "div": [], "dl": [], "dt": [], "em": [], "figcaption": [], "figure": [],
        "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [], "hr": [], "i": [],
        "img": ["src", "alt", "width", "height", "loading"], "ins": ["cite", "datetime"], "kbd": [],
        "li": ["value"], "mark": [], "ol": ["start", "reversed", "type"], "p": [], "pre": [],
        "q": ["cite"], "s": [], "samp": [], "small": [], "span": [], "strong": [], "sub": [], "summary": [],
        "sup": [], "table": [], "tbody": [], "td": ["colspan", "rowspan", "align"], "tfoot": [],
        "th": ["colspan", "rowspan", "align", "scope"], "thead": [], "time": ["datetime"], "tr": [],
        "u": [], "ul": [], "var": [], "wbr": [],
    ]

    /// Attributes allowed on every kept HTML element (plus `aria-*`).
    static let htmlGlobal: Set<String> = ["class", "id", "title", "lang", "dir", "role"]

    /// Attributes whose value is a URL and goes through the Markdown safe-link check.
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// HTML void elements: written as `<br />`, never closed.
    static let voidElements: Set<String> = ["br", "col", "hr", "img", "wbr"]

    /// The SVG subset (lowercased name -> spelling), kept only inside an `<svg>` opened in the same fragment.
    static let svgElements: [String: String] = [
        "svg": "svg", "g": "g", "path": "path", "rect": "rect", "circle": "circle", "ellipse": "ellipse",
        "line": "line", "polyline": "polyline", "polygon": "polygon", "text": "text", "tspan": "tspan",
        "title": "title", "desc": "desc", "defs": "defs", "marker": "marker",
        "lineargradient": "linearGradient", "stop": "stop",
    ]

    /// SVG geometry and presentation attributes (lowercased name -> spelling). Never `href`, `style` or `on*`.
    static let svgAttributes: [String: String] = {
        var table: [String: String] = [:]
        let names = [
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "d", "points",
            "transform", "dx", "dy", "rotate", "textLength", "lengthAdjust", "pathLength", "fill", "fill-opacity",
            "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
            "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity", "color", "font-family",
            "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "alignment-baseline",
            "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "visibility", "display",
            "clip-rule", "vector-effect", "shape-rendering", "marker-start", "marker-mid", "marker-end",
            "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits", "viewBox",
            "preserveAspectRatio", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
            "spreadMethod", "xmlns", "role", "class", "id", "lang",
        ]
        for name in names { table[name.lowercased()] = name }
        return table
    }()

    /// Elements dropped together with everything up to their end tag: their content is code, styles,
    /// a nested document or form state, never text a reader should see, and some parse as raw text.
    static let droppedWithContent: Set<String> = [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "template",
        "object", "select", "frameset", "math", "plaintext",
    ]

    /// Whether `name` (lowercased) is `aria-` followed by letters and hyphens.
    static func isARIA(_ name: [UInt8]) -> Bool {
        guard name.count > 5, name.starts(with: "aria-".utf8) else { return false }
        return name.dropFirst(5).allSatisfy { ASCII.isLetter($0) || $0 == UInt8(ascii: "-") }
    }
}
