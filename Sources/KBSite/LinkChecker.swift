import Foundation
import KBMarkdown

/// Checks every link of every article and works out what each internal link becomes in HTML.
struct LinkChecker {
    let articles: [Article]
    let settings: SiteSettings
    /// Site paths that exist (pages, redirects, assets, static files), e.g. `/tags/`, `/assets/style.css`.
    let knownPaths: Set<String>
    let staticFiles: Set<String>
    let sectionFolders: Set<String>
    /// Theme asset names → hashed output paths, so `/assets/style.css` links get the hashed name.
    let assetPaths: [String: String]

    private let articleIndexByPath: [String: Int]
    /// Articles that could not be read or have a front matter mistake, by path and by slug: already reported,
    /// so a link to one is not reported again.
    private let unreadableByPath: [String: UnreadableArticle]
    private let unreadableSlugs: Set<String>

    init(articles: [Article], indexByPath: [String: Int], settings: SiteSettings, knownPaths: Set<String>, staticFiles: [String],
         sectionFolders: [String], assetPaths: [String: String], unreadableArticles: [UnreadableArticle] = []) {
        self.assetPaths = assetPaths
        var unreadable: [String: UnreadableArticle] = [:]
        for article in unreadableArticles { unreadable[article.relativePath] = article }
        unreadableByPath = unreadable
        unreadableSlugs = Set(unreadableArticles.map(\.slug))
        self.articles = articles
        self.settings = settings
        self.knownPaths = knownPaths
        self.staticFiles = Set(staticFiles)
        self.sectionFolders = Set(sectionFolders)
        articleIndexByPath = indexByPath
    }

    /// The rewritten destinations of one article (original → site URL) and the problems found.
    func check(_ index: Int) -> (rewrites: [String: String], diagnostics: [Diagnostic]) {
        let article = articles[index]
        var rewrites: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for link in article.document.links {
            // A link written in a snippet is reported at its line in the snippet, but resolved from this article.
            let place = article.place(line: link.line, column: link.column, origin: link.origin)
            func problem(_ message: String, _ hint: String?) {
                guard let severity = settings.linkCheck.severity(for: link.destination) else { return }
                diagnostics.append(Diagnostic(path: place.path, line: place.line, column: place.column, severity: severity,
                                              message: message, hint: hint, detail: place.detail))
            }
            let destination = link.destination
            if destination.isEmpty || isExternal(destination) { continue }
            let (path, fragment) = splitFragment(destination)
            if path.isEmpty {
                // Same-page anchor.
                if let fragment, !fragment.isEmpty, !hasHeading(index, fragment) {
                    problem("link to a missing heading '#\(fragment)' in this article", suggestion(fragment, in: headingIDs(index), prefix: "#"))
                }
                continue
            }
            if path.hasSuffix(".md") {
                // `my%20page.md` is how a Markdown link names `my page.md`.
                let resolved = resolve(path.removingPercentEncoding ?? path, from: article.folder)
                if resolved.hasSuffix("_index.md") {
                    let folder = (resolved as NSString).deletingLastPathComponent
                    if folder.isEmpty { rewrites[destination] = settings.relativeURL("/") + (fragment.map { "#" + $0 } ?? ""); continue }
                    if sectionFolders.contains(folder) {
                        rewrites[destination] = settings.relativeURL("/\(folder)/") + (fragment.map { "#" + $0 } ?? "")
                        continue
                    }
                }
                if articleIndexByPath[resolved] == nil, let unreadable = unreadableByPath[resolved] {
                    // Its own file reports its mistake; only a heading it really lacks is this link's problem.
                    if let fragment, !fragment.isEmpty, !unreadable.mayHaveHeading(fragment) {
                        problem("link to a missing heading '#\(fragment)' in \(unreadable.relativePath)",
                                suggestion(fragment, in: unreadable.headingIDs ?? [], prefix: "#"))
                    }
                    continue
                }
                guard let target = articleIndexByPath[resolved] else {
                    let names = articles.map(\.relativePath)
                    problem("link to a missing article '\(path)'",
                            suggestion(resolved, in: Set(names), prefix: "").map { $0 + " (paths are relative to this file)" }
                                ?? "check the file name; paths are relative to this file")
                    continue
                }
                if let fragment, !fragment.isEmpty, !hasHeading(target, fragment) {
                    problem("link to a missing heading '#\(fragment)' in \(articles[target].relativePath)",
                            suggestion(fragment, in: headingIDs(target), prefix: "#"))
                    continue
                }
                rewrites[destination] = settings.relativeURL(articles[target].url) + (fragment.map { "#" + $0 } ?? "")
                continue
            }
            if path.hasPrefix("/") {
                let decoded = path.removingPercentEncoding ?? path
                let candidates = [decoded, decoded.hasSuffix("/") ? decoded : decoded + "/", decoded.hasSuffix("/index.html") ? String(decoded.dropLast(10)) : decoded]
                if decoded.hasPrefix("/assets/"), let hashed = assetPaths[String(decoded.dropFirst(8))] {
                    rewrites[destination] = settings.relativeURL("/" + hashed) + (fragment.map { "#" + $0 } ?? "")
                } else if candidates.contains(where: { knownPaths.contains($0.lowercased()) }) {
                    rewrites[destination] = settings.relativeURL(path) + (fragment.map { "#" + $0 } ?? "")
                } else if let slug = decoded.split(separator: "/").first, decoded.split(separator: "/").count == 1,
                          unreadableSlugs.contains(String(slug)) {
                    continue
                } else {
                    problem("link to a missing page or file '\(path)'", "site paths start at the site root, e.g. /502-bad-gateway/ or /assets/style.css")
                }
                continue
            }
            // A relative file next to the article (an image, a PDF): it must exist under Articles/.
            let resolved = resolve(path.removingPercentEncoding ?? path, from: article.folder)
            if staticFiles.contains(resolved) {
                rewrites[destination] = settings.relativeURL("/" + resolved) + (fragment.map { "#" + $0 } ?? "")
            } else {
                problem(link.isImage ? "image '\(path)' does not exist" : "link to a missing file '\(path)'",
                        "put the file in the articles folder next to this article, or fix the path (relative to this file)")
            }
        }
        return (rewrites, diagnostics)
    }

    /// Looked up per link rather than precomputed, so a rebuild checking one article does not index them all.
    func hasHeading(_ article: Int, _ id: String) -> Bool {
        articles[article].document.headings.contains { $0.id == id }
    }

    func headingIDs(_ article: Int) -> Set<String> { Set(articles[article].document.headings.map(\.id)) }

    func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        // A scheme: letters, digits, + - . before the first colon, and no slash before it.
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    func splitFragment(_ destination: String) -> (String, String?) {
        var rest = destination
        if let query = rest.firstIndex(of: "?"), !rest[..<query].contains("#") { rest = String(rest[..<query]) + (rest.firstIndex(of: "#").map { String(rest[$0...]) } ?? "") }
        guard let hash = rest.firstIndex(of: "#") else { return (rest, nil) }
        return (String(rest[..<hash]), String(rest[rest.index(after: hash)...]))
    }

    /// Resolves `path` against `folder` (both relative to Articles/), removing `.` and `..` segments.
    func resolve(_ path: String, from folder: String) -> String {
        var parts: [Substring] = path.hasPrefix("/") ? [] : folder.split(separator: "/")
        for segment in path.split(separator: "/") {
            if segment == "." || segment.isEmpty { continue }
            if segment == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(segment)
        }
        return parts.joined(separator: "/")
    }

    func suggestion(_ word: String, in candidates: Set<String>, prefix: String) -> String? {
        guard let best = Suggest.closest(to: word, in: candidates.sorted()) else { return nil }
        return "did you mean '\(prefix)\(best)'?"
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggest {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate, limit: limit)
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Levenshtein distance on bytes, giving up (returning limit + 1) when lengths differ too much.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
