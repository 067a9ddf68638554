import Foundation
import KBTemplates

/// One of the two or three quickest things to try, from an article's "What you can do" list.
struct QuickStep: Sendable, Equatable {
    /// The item's leading bold phrase ("Refresh once."), or empty when it has none.
    var lead: String
    /// What follows the lead, with its leading space or punctuation (" Press F5 to reload.").
    var rest: String
    /// The whole item as plain text.
    var text: String
}

/// The page shown for one status code, drawn from the article that explains it.
struct ErrorPage: Sendable, Equatable {
    var code: Int
    /// Index into `SiteModel.articles`.
    var articleIndex: Int
    var steps: [QuickStep]
}

/// Writes `errors/<code>.html` for every status code with an article, plus ready-to-paste server configuration.
///
/// The pages are shown exactly when the site may be broken, so each one stands alone: inline CSS, no scripts,
/// nothing loaded from elsewhere, and absolute links back to the help site.
enum ErrorPages {
    static let templateName = "error-page.html"
    static let folder = "errors"
    /// How many quick steps a page shows at most.
    static let stepLimit = 3
    /// The `root` written into the server snippets; users replace it with where `Output/` is deployed.
    static let rootPlaceholder = "/var/www/help"

    /// Site path of the page for `code`, e.g. `/errors/502.html`.
    static func sitePath(code: Int) -> String { "/\(folder)/\(code).html" }

    /// One page per status code that has an article, in code order; the lightest or first article of a shared code wins.
    static func plan(model: SiteModel, articlesDirectory: String) throws(SiteIOError) -> [ErrorPage] {
        var pages: [ErrorPage] = []
        // Only errors: a page for a 301 or 304 guide would replace real redirects and revalidations on the server.
        for target in model.codeTargets where target.code >= 400 {
            guard let index = target.indices.first else { continue }
            let article = model.articles[index]
            let path = articlesDirectory + "/" + article.relativePath
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SiteIOError(path: path, message: "cannot read the article again to take its quick steps")
            }
            let body = bodyBytes(Array(data), startLine: article.bodyStartLine)
            pages.append(ErrorPage(code: target.code, articleIndex: index, steps: QuickSteps.extract(from: body, limit: stepLimit)))
        }
        return pages
    }

    /// The Markdown body: the file from line `startLine` (1-based) on, skipping the front matter.
    static func bodyBytes(_ file: [UInt8], startLine: Int) -> ArraySlice<UInt8> {
        var line = 1
        var index = 0
        while line < startLine, index < file.count {
            if file[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        return file[index...]
    }

    /// The context `error-page.html` renders with: `site`, `page` and `error` (documented in Docs/error-pages.md).
    static func context(for page: ErrorPage, model: SiteModel, base: TemplateContext) -> [String: TemplateValue] {
        let article = model.articles[page.articleIndex]
        let settings = model.settings
        let statusClass = StatusClass(code: page.code)
        var values = base.base(kind: "error", url: sitePath(code: page.code), title: article.title, description: article.summary)
        values["error"] = .dictionary([
            "code": .int(page.code),
            "title": .string(article.title),
            "summary": .string(article.summary),
            "side": .string(article.side?.sentence ?? statusClass.usualSide),
            "side_key": .string(article.side?.rawValue ?? ""),
            "class_slug": .string(statusClass.slug),
            "steps": .array(page.steps.map { step in
                .dictionary(["lead": .string(step.lead), "rest": .string(step.rest), "text": .string(step.text)])
            }),
            "article_title": .string(article.title),
            "article_url": .string(settings.absoluteURL(article.url)),
            "home_url": .string(settings.absoluteURL("/")),
            // Absolute, as every link of a page that a server may show at any path.
            "logo_url": settings.branding.logo.map { .string(settings.absoluteURL($0)) } ?? .null,
            "support_url": settings.branding.supportURL.map { .string(settings.absoluteURL($0)) } ?? .null,
        ])
        return values
    }

    /// Renders and writes every error page and the three server snippets; returns the number of files written.
    /// A theme without `error-page.html`, or a site without status articles, gets none. Template problems become a `BuildFailure`.
    static func write(model: SiteModel, engine: TemplateEngine, articlesDirectory: String, writer: OutputWriter) throws -> Int {
        guard engine.hasTemplate(templateName) else { return 0 }
        let pages = try plan(model: model, articlesDirectory: articlesDirectory)
        guard !pages.isEmpty else { return 0 }
        let base = TemplateContext(model: model, eagerSummaries: false)
        for page in pages {
            let html: String
            do {
                html = try engine.render(templateName, context: context(for: page, model: model, base: base))
            } catch let error as TemplateError {
                throw BuildFailure(diagnostics: [SiteBuilder.diagnostic(from: error)])
            }
            try writer.write("\(folder)/\(page.code).html", html)
        }
        let codes = pages.map(\.code)
        try writer.write("\(folder)/nginx.conf", ServerSnippets.nginx(codes: codes))
        try writer.write("\(folder)/apache.conf", ServerSnippets.apache(codes: codes))
        try writer.write("\(folder)/Caddyfile", ServerSnippets.caddy(codes: codes))
        return pages.count + 3
    }
}

/// Ready-to-paste configuration that makes nginx, Apache and Caddy show the error pages.
enum ServerSnippets {
    /// `error_page` lines plus an `internal` location serving `/errors/`; goes inside a `server { }` block.
    static func nginx(codes: [Int]) -> String {
        var out = """
        # kb error pages for nginx: paste into the server { } block that should show them,
        # or put this file on the server and `include` it there.
        # nginx uses them for errors it answers itself: 502 or 504 when the upstream is down or slow,
        # 404 for a missing file, 413 for a too large body. To use them for errors your application
        # sends too, add `proxy_intercept_errors on;` (or fastcgi_intercept_errors) to its location.
        # A location with error_page lines of its own does not inherit these.


        """
        let (usable, skipped) = split(codes, by: nginxAccepts)
        if !skipped.isEmpty { out += leftOut(skipped, because: "nginx takes error_page codes from 300 to 599, except 499") }
        for code in usable { out += "error_page \(code) /\(ErrorPages.folder)/\(code).html;\n" }
        out += """

        location ^~ /\(ErrorPages.folder)/ {
            # Only error_page may show these files; a direct request gets a 404.
            internal;
            # ADJUST: the folder that holds errors/ (kb's Output/ folder as deployed).
            root \(ErrorPages.rootPlaceholder);
        }

        """
        return out
    }

    /// `ErrorDocument` lines plus an `Alias` that serves `/errors/`; goes inside a `<VirtualHost>`.
    static func apache(codes: [Int]) -> String {
        let errors = ErrorPages.rootPlaceholder + "/" + ErrorPages.folder
        var out = """
        # kb error pages for Apache httpd: paste into the <VirtualHost> that should show them,
        # or put this file on the server and `Include` it there.
        # ADJUST both paths: the errors/ folder of kb's Output/ folder as deployed.
        # Behind mod_proxy, keep the ProxyPass exclusion above your other ProxyPass lines, and add
        # `ProxyErrorOverride On` to use these pages for errors your application sends too.

        Alias /\(ErrorPages.folder)/ "\(errors)/"
        <Directory "\(errors)">
            Require all granted
        </Directory>
        <IfModule mod_proxy.c>
            ProxyPass /\(ErrorPages.folder)/ !
        </IfModule>


        """
        let (usable, skipped) = split(codes, by: apacheAccepts)
        if !skipped.isEmpty { out += leftOut(skipped, because: "Apache httpd takes ErrorDocument only for the codes it knows") }
        for code in usable { out += "ErrorDocument \(code) /\(ErrorPages.folder)/\(code).html\n" }
        return out
    }

    /// nginx refuses other codes in `error_page` ("value must be between 300 and 599").
    static func nginxAccepts(_ code: Int) -> Bool { (300...599).contains(code) && code != 499 }

    /// Codes httpd 2.4 accepts in `ErrorDocument` (its status table); any other stops it with "Unsupported HTTP response code".
    static let apacheCodes: Set<Int> = [
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ]

    static func apacheAccepts(_ code: Int) -> Bool { apacheCodes.contains(code) }

    static func split(_ codes: [Int], by accepts: (Int) -> Bool) -> (usable: [Int], skipped: [Int]) {
        (codes.filter(accepts), codes.filter { !accepts($0) })
    }

    /// A comment naming the pages a server cannot use, so nobody wonders where they went.
    static func leftOut(_ codes: [Int], because reason: String) -> String {
        "# Left out, because \(reason): \(codes.map(String.init).joined(separator: ", ")).\n"
    }

    /// A `handle_errors` block that serves `/errors/<code>.html` for the generated codes; goes inside a site block.
    static func caddy(codes: [Int]) -> String {
        // Caddy runs handle_errors for 4xx and 5xx errors only.
        let list = codes.filter { (400...599).contains($0) }.map(String.init).joined(separator: ", ")
        return """
        # kb error pages for Caddy: paste inside your site block (help.example.com { ... }).
        # Caddy uses them for errors it raises itself: 502 when reverse_proxy cannot reach the upstream,
        # 404 from file_server. Other codes keep Caddy's default answer.
        # ADJUST root: the folder that holds errors/ (kb's Output/ folder as deployed).
        handle_errors {
        \t@kb_error_page expression `{err.status_code} in [\(list)]`
        \thandle @kb_error_page {
        \t\troot * \(ErrorPages.rootPlaceholder)
        \t\trewrite * /\(ErrorPages.folder)/{err.status_code}.html
        \t\tfile_server
        \t}
        }

        """
    }
}

/// Reads the first items of the list under `## What you can do` straight from the Markdown source.
///
/// The Markdown module's block summaries treat a list as one block, so the items are found here, line by line.
enum QuickSteps {
    static let sectionTitle = "what you can do"
    /// Longest item source taken, so even a hostile item stays cheap to reduce to text.
    static let itemByteLimit = 1_000

    /// Up to `limit` items of the first list in the `## What you can do` section, as plain text.
    static func extract(from source: some Collection<UInt8>, limit: Int) -> [QuickStep] {
        let bytes = Array(source)
        let lines = MarkdownLines(bytes)
        var fence: Fence?
        var inSection = false
        for index in lines.indices {
            let line = lines[index]
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                continue
            }
            if let opening = Fence(opening: line) {
                fence = opening
                continue
            }
            if let level = line.headingLevel {
                if level <= 2 { inSection = level == 2 && line.headingText.lowercased() == sectionTitle }
                continue
            }
            if inSection, let marker = line.listMarker {
                return items(of: lines, from: index, marker: marker, limit: limit)
            }
        }
        return []
    }

    /// Collects the first paragraph of each item of the list that starts at line `start`.
    static func items(of lines: MarkdownLines, from start: Int, marker first: ListMarker, limit: Int) -> [QuickStep] {
        var steps: [QuickStep] = []
        var text: [UInt8] = []
        var contentIndent = first.contentIndent
        var paragraphOpen = false

        func finishItem() {
            if let step = InlineText.step(text) { steps.append(step) }
            text = []
        }
        func append(_ line: MarkdownLine, from offset: Int) {
            if !text.isEmpty { text.append(UInt8(ascii: " ")) }
            text += line.bytes(from: offset)
        }

        for index in start..<lines.count {
            let line = lines[index]
            if line.isBlank {
                paragraphOpen = false
                continue
            }
            if index == start {
                append(line, from: first.contentIndent)
                paragraphOpen = true
                continue
            }
            if line.indent >= contentIndent {
                // Inside the item: only its first paragraph is a quick step; nested lists and code are left out.
                if paragraphOpen, !line.startsBlock(at: contentIndent) { append(line, from: line.indent) } else { paragraphOpen = false }
                continue
            }
            if let marker = line.listMarker, marker.isSibling(of: first) {
                finishItem()
                if steps.count >= limit { return steps }
                contentIndent = marker.contentIndent
                append(line, from: marker.contentIndent)
                paragraphOpen = true
                continue
            }
            // A lazy continuation line of the paragraph, or the end of the list.
            if paragraphOpen, !line.startsBlock(at: line.indent) { append(line, from: line.indent) } else { break }
        }
        finishItem()
        return Array(steps.prefix(limit))
    }
}

/// A list item marker: `-`, `*`, `+`, or digits followed by `.` or `)`.
struct ListMarker: Equatable {
    /// The bullet character, or the delimiter of an ordered marker.
    var symbol: UInt8
    var ordered: Bool
    /// Column where the item's text starts.
    var contentIndent: Int

    /// Items of one list share the bullet or the delimiter.
    func isSibling(of other: ListMarker) -> Bool { symbol == other.symbol && ordered == other.ordered }
}

/// The source split into lines, as byte ranges.
struct MarkdownLines: RandomAccessCollection {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var ranges: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            ranges.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        self.ranges = ranges
    }

    var startIndex: Int { 0 }
    var endIndex: Int { ranges.count }
    subscript(position: Int) -> MarkdownLine { MarkdownLine(bytes: bytes, range: ranges[position]) }
}

/// One source line, with the few block-level facts the quick-step reader needs.
struct MarkdownLine {
    let bytes: [UInt8]
    let range: Range<Int>

    private func byte(_ offset: Int) -> UInt8? {
        let index = range.lowerBound + offset
        guard index < range.upperBound else { return nil }
        let value = bytes[index]
        return value == UInt8(ascii: "\r") && index + 1 == range.upperBound ? nil : value
    }

    private static func isSpace(_ byte: UInt8?) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Leading spaces (a tab counts as one; articles indent with spaces).
    var indent: Int {
        var count = 0
        while MarkdownLine.isSpace(byte(count)) { count += 1 }
        return count
    }

    var isBlank: Bool { byte(indent) == nil }

    /// The bytes from column `offset` to the end of the line, without a trailing `\r`.
    func bytes(from offset: Int) -> ArraySlice<UInt8> {
        var end = range.upperBound
        if end > range.lowerBound, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let start = min(range.lowerBound + offset, end)
        return bytes[start..<end]
    }

    /// The level of an ATX heading (`## Title`), or nil.
    var headingLevel: Int? {
        let start = indent
        guard start <= 3 else { return nil }
        var level = 0
        while byte(start + level) == UInt8(ascii: "#") { level += 1 }
        guard (1...6).contains(level) else { return nil }
        let after = byte(start + level)
        return after == nil || MarkdownLine.isSpace(after) ? level : nil
    }

    /// A heading's text without the `#` marks around it.
    var headingText: String {
        var slice = bytes(from: indent)
        while slice.first == UInt8(ascii: "#") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
        var closing = slice
        while closing.last == UInt8(ascii: "#") { closing = closing.dropLast() }
        if closing.isEmpty || MarkdownLine.isSpace(closing.last) { slice = closing }
        let text = String(decoding: slice, as: UTF8.self)
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A list item marker at this line's indentation (at most three spaces), or nil.
    var listMarker: ListMarker? { indent <= 3 ? marker(at: indent) : nil }

    private func marker(at start: Int) -> ListMarker? {
        guard let first = byte(start) else { return nil }
        var end: Int
        let ordered: Bool
        let symbol: UInt8
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            if isThematicBreak { return nil }
            end = start + 1
            ordered = false
            symbol = first
        } else {
            var digits = 0
            while let digit = byte(start + digits), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit), digits < 9 { digits += 1 }
            guard digits > 0, let delimiter = byte(start + digits), delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
            end = start + digits + 1
            ordered = true
            symbol = delimiter
        }
        guard byte(end) == nil || MarkdownLine.isSpace(byte(end)) else { return nil }
        var spaces = 0
        while MarkdownLine.isSpace(byte(end + spaces)) { spaces += 1 }
        // Five or more spaces mean indented code inside the item; its text starts one space after the marker.
        let content = byte(end + spaces) == nil || spaces > 4 ? end + 1 : end + spaces
        return ListMarker(symbol: symbol, ordered: ordered, contentIndent: content)
    }

    /// `---`, `***` or `___`, possibly spaced: a rule, not a bullet.
    private var isThematicBreak: Bool {
        var offset = indent
        guard let mark = byte(offset), mark == UInt8(ascii: "-") || mark == UInt8(ascii: "*") || mark == UInt8(ascii: "_") else { return false }
        var count = 0
        while let value = byte(offset) {
            if value == mark { count += 1 } else if !MarkdownLine.isSpace(value) { return false }
            offset += 1
        }
        return count >= 3
    }

    /// Whether the text at column `column` opens a block that ends a paragraph: a list item, heading, fence or quote.
    func startsBlock(at column: Int) -> Bool {
        var offset = column
        while MarkdownLine.isSpace(byte(offset)) { offset += 1 }
        guard offset - column <= 3 else { return false }
        if byte(offset) == UInt8(ascii: ">") { return true }
        if marker(at: offset) != nil || isThematicBreak { return true }
        let shifted = MarkdownLine(bytes: bytes, range: (range.lowerBound + offset)..<range.upperBound)
        return shifted.headingLevel != nil || Fence(opening: shifted) != nil
    }
}

/// A fenced code block's opening: its character and length, so headings and lists inside it are skipped.
struct Fence {
    var mark: UInt8
    var length: Int

    init?(opening line: MarkdownLine) {
        let start = line.indent
        guard start <= 3 else { return nil }
        let rest = line.bytes(from: start)
        guard let first = rest.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let length = rest.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        // A backtick fence's info string may not contain backticks.
        if first == UInt8(ascii: "`"), rest.dropFirst(length).contains(first) { return nil }
        mark = first
        self.length = length
    }

    func isClosed(by line: MarkdownLine) -> Bool {
        guard line.indent <= 3 else { return false }
        let rest = line.bytes(from: line.indent)
        let run = rest.prefix { $0 == mark }.count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}

/// Inline Markdown of one list item reduced to plain text: markup dropped, link text kept, entities decoded.
enum InlineText {
    /// The item as a quick step, its leading bold phrase split off; nil when the item has no text.
    static func step(_ markdown: [UInt8]) -> QuickStep? {
        var source = markdown
        var truncated = false
        if source.count > QuickSteps.itemByteLimit {
            // Cut at a space so no character is split.
            var cut = QuickSteps.itemByteLimit
            while cut > 0, source[cut] != UInt8(ascii: " ") { cut -= 1 }
            source = Array(source[..<cut])
            truncated = true
        }
        let ellipsis = truncated ? "\u{2026}" : ""
        let text = plain(source[...]) + ellipsis
        guard !text.isEmpty else { return nil }
        if let close = leadEnd(source) {
            let lead = plain(source[2..<close])
            var rest = plain(source[(close + 2)...], keepLeadingSpace: true)
            if rest == " " { rest = "" }
            if !lead.isEmpty { return QuickStep(lead: lead, rest: rest + ellipsis, text: text) }
        }
        return QuickStep(lead: "", rest: "", text: text)
    }

    /// Where the closing `**` (or `__`) of a bold phrase that opens the item starts, or nil.
    static func leadEnd(_ source: [UInt8]) -> Int? {
        guard source.count > 4, let mark = source.first, mark == UInt8(ascii: "*") || mark == UInt8(ascii: "_"),
              source[1] == mark, source[2] != mark, !isWhitespace(source[2]) else { return nil }
        var index = 3
        while index + 1 < source.count {
            if source[index] == UInt8(ascii: "\\") { index += 2; continue }
            if source[index] == mark, source[index + 1] == mark, !isWhitespace(source[index - 1]),
               index + 2 >= source.count || source[index + 2] != mark {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Plain text of inline Markdown, with runs of whitespace collapsed to one space and trimmed.
    static func plain(_ source: ArraySlice<UInt8>, keepLeadingSpace: Bool = false) -> String {
        let input = Array(source)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        // Link text is kept; the destination after its `]` is skipped: `]` position → where to resume.
        var skipAfter: [Int: Int] = [:]
        var index = 0
        while index < input.count {
            let byte = input[index]
            if let resume = skipAfter[index] {
                index = resume
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"):
                if index + 1 < input.count, isPunctuation(input[index + 1]) {
                    out.append(input[index + 1])
                    index += 2
                } else {
                    out.append(byte)
                    index += 1
                }
            case UInt8(ascii: "`"):
                index = codeSpan(input, at: index, into: &out)
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                var end = index
                while end < input.count, input[end] == byte { end += 1 }
                let before: UInt8? = index > 0 ? input[index - 1] : nil
                let after: UInt8? = end < input.count ? input[end] : nil
                if !isDelimiter(byte, run: end - index, before: before, after: after) {
                    out += input[index..<end]
                }
                index = end
            case UInt8(ascii: "!") where index + 1 < input.count && input[index + 1] == UInt8(ascii: "[")
                && linkEnd(input, openAt: index + 1) != nil:
                // An image: its alt text stands in for it.
                index += 1
            case UInt8(ascii: "["):
                if let (close, resume) = linkEnd(input, openAt: index) {
                    skipAfter[close] = resume
                } else {
                    out.append(byte)
                }
                index += 1
            case UInt8(ascii: "<"):
                index = angle(input, at: index, into: &out)
            case UInt8(ascii: "&"):
                index = entity(input, at: index, into: &out)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if out.last != UInt8(ascii: " ") && (keepLeadingSpace || !out.isEmpty) { out.append(UInt8(ascii: " ")) }
                index += 1
            default:
                out.append(byte)
                index += 1
            }
        }
        while out.last == UInt8(ascii: " ") { out.removeLast() }
        if !keepLeadingSpace { while out.first == UInt8(ascii: " ") { out.removeFirst() } }
        return String(decoding: out, as: UTF8.self)
    }

    /// A code span's content in curly quotes, so `.` or `/blog/` still reads as something to type;
    /// an unclosed run of backticks is literal text.
    static func codeSpan(_ input: [UInt8], at start: Int, into out: inout [UInt8]) -> Int {
        var end = start
        while end < input.count, input[end] == UInt8(ascii: "`") { end += 1 }
        let length = end - start
        var search = end
        while search < input.count {
            guard input[search] == UInt8(ascii: "`") else { search += 1; continue }
            var run = search
            while run < input.count, input[run] == UInt8(ascii: "`") { run += 1 }
            if run - search == length {
                var content = input[end..<search].map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
                if content.count >= 2, content.first == UInt8(ascii: " "), content.last == UInt8(ascii: " "),
                   content.contains(where: { $0 != UInt8(ascii: " ") }) {
                    content = Array(content.dropFirst().dropLast())
                }
                out += Array("\u{201C}".utf8) + content + Array("\u{201D}".utf8)
                return run
            }
            search = run
        }
        out += input[start..<end]
        return end
    }

    /// Whether a run of `*`, `_` or `~` is emphasis markup rather than text.
    static func isDelimiter(_ mark: UInt8, run: Int, before: UInt8?, after: UInt8?) -> Bool {
        let spaceBefore = before.map(isWhitespace) ?? true
        let spaceAfter = after.map(isWhitespace) ?? true
        if spaceBefore && spaceAfter { return false }
        switch mark {
        case UInt8(ascii: "_"):
            // snake_case words keep their underscores.
            return !(before.map(isAlphanumeric) ?? false) || !(after.map(isAlphanumeric) ?? false)
        case UInt8(ascii: "~"):
            return run <= 2
        default:
            return true
        }
    }

    /// For `[` at `openAt`: the matching `]` and where text resumes after `(destination)` or `[label]`.
    static func linkEnd(_ input: [UInt8], openAt: Int) -> (close: Int, resume: Int)? {
        var depth = 0
        var index = openAt
        var close: Int?
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == UInt8(ascii: "`") { return nil }
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { close = index; break }
            }
            index += 1
        }
        guard let close, close + 1 < input.count else { return nil }
        let opener = input[close + 1]
        let closer: UInt8
        switch opener {
        case UInt8(ascii: "("): closer = UInt8(ascii: ")")
        case UInt8(ascii: "["): closer = UInt8(ascii: "]")
        default: return nil
        }
        var nesting = 0
        index = close + 1
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == opener { nesting += 1 }
            if byte == closer {
                nesting -= 1
                if nesting == 0 { return (close, index + 1) }
            }
            index += 1
        }
        return nil
    }

    /// An autolink keeps its address; an HTML tag is dropped; any other `<` is text.
    static func angle(_ input: [UInt8], at start: Int, into out: inout [UInt8]) -> Int {
        var end = start + 1
        while end < input.count, input[end] != UInt8(ascii: ">"), input[end] != UInt8(ascii: "<"), input[end] != UInt8(ascii: "\n") { end += 1 }
        guard end < input.count, input[end] == UInt8(ascii: ">"), end > start + 1 else {
            out.append(input[start])
            return start + 1
        }
        let inner = input[(start + 1)..<end]
        let first = inner[inner.startIndex]
        if !inner.contains(UInt8(ascii: " ")), inner.contains(UInt8(ascii: ":")) || inner.contains(UInt8(ascii: "@")) {
            out += inner
            return end + 1
        }
        if isLetter(first) || first == UInt8(ascii: "/") || first == UInt8(ascii: "!") { return end + 1 }
        out.append(input[start])
        return start + 1
    }

    static let namedEntities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
                                                  "mdash": "\u{2014}", "ndash": "\u{2013}", "hellip": "\u{2026}", "copy": "\u{00A9}"]

    /// Decodes `&amp;`, `&#39;`, `&#x2014;` and a few common names; anything else stays as written.
    static func entity(_ input: [UInt8], at start: Int, into out: inout [UInt8]) -> Int {
        var end = start + 1
        while end < input.count, end - start <= 10, isAlphanumeric(input[end]) || input[end] == UInt8(ascii: "#") { end += 1 }
        guard end < input.count, input[end] == UInt8(ascii: ";"), end > start + 1 else {
            out.append(input[start])
            return start + 1
        }
        let name = String(decoding: input[(start + 1)..<end], as: UTF8.self)
        var decoded: String?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else if name.hasPrefix("#") {
            decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else {
            decoded = namedEntities[name]
        }
        guard let decoded, decoded != "\u{0}" else {
            out.append(input[start])
            return start + 1
        }
        out += Array(decoded.utf8)
        return end + 1
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte >= 0x80
    }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}
