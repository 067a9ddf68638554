import Foundation

/// `kb new`: a new article with every front matter field and the standard sections.
public enum ArticleScaffold {
    /// Why `kb new` could not write the article.
    public enum ScaffoldError: Error, CustomStringConvertible {
        case exists(String)
        case invalidCode(Int)
        case emptyTitle
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .exists(let path): return "\(path) already exists; kb new never overwrites (choose another title or edit that file)"
            case .invalidCode(let code): return "--code \(code) is not an HTTP status code; use a number from 100 to 599"
            case .emptyTitle: return "the title is empty; pass it in quotes, e.g. kb new \"502 Bad Gateway\""
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// The slug kb new uses for a title: `502 Bad Gateway` → `502-bad-gateway`.
    public static func slug(for title: String) -> String { Slug.make(title) }

    /// Writes `articlesDirectory/<slug>.md` and returns its path.
    public static func create(title: String, code: Int?, articlesDirectory: String, today: String) throws(ScaffoldError) -> String {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .emptyTitle }
        if let code, !(100...599).contains(code) { throw .invalidCode(code) }
        let path = articlesDirectory + "/" + slug(for: trimmed) + ".md"
        if FileManager.default.fileExists(atPath: path) { throw .exists(path) }
        do {
            try FileManager.default.createDirectory(atPath: articlesDirectory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(articlesDirectory, error.localizedDescription)
        }
        // O_EXCL: never overwrite, even if the file appears between the check and the write.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
        let bytes = Array(text(title: trimmed, code: code, today: today).utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw .cannotWrite(path, "short write") }
        return path
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The article text: front matter with every field, then the standard sections.
    public static func text(title: String, code: Int?, today: String) -> String {
        let plainName = code.map { c in title.hasPrefix("\(c) ") ? String(title.dropFirst("\(c) ".count)) : title } ?? title
        let classTag = code.map { $0 >= 500 ? "server-error" : $0 >= 400 ? "client-error" : "status" } ?? "guide"
        var lines = ["---", "title: \(quoted(title))"]
        if let code { lines.append("code: \(code)") }
        lines += [
            "summary: \"One or two plain sentences: what happened and whose side it is usually on.\"",
            "description: \"\"",
            "tags: [\(classTag)]",
            "keywords: [\(quoted(plainName.lowercased()))]",
            // An alias equal to the article's own URL would collide with it, so a guide gets none.
            "aliases: [\(Slug.make(plainName) == Slug.make(title) ? "" : quoted("/" + Slug.make(plainName) + "/"))]",
            "related: []",
            "updated: \(today)",
            "draft: true",
            "weight: 0",
            "---",
            "",
            "## What it means",
            "",
            "Say in plain words what the reader is seeing, then precisely, citing the RFC section.",
            "",
            "## Common causes",
            "",
            "1. **First cause.** Explain it and say whether it is on the reader's side or the site's.",
            "",
            "## How long it usually lasts",
            "",
            "Give typical ranges and what changes the odds.",
            "",
            "## What you can do",
            "",
            "1. Refresh the page.",
            "",
            // A callout, so writers see the syntax (GitHub's alert syntax; see Docs/writing-articles.md).
            "> [!TIP]",
            "> If the page works on another network or device, the problem is on your side of the connection.",
            "",
            "## For site owners",
            "",
            "How to diagnose and fix it:",
            "",
            "```sh",
            "curl -I https://example.com/",
            "```",
            "",
            "## Is my data safe?",
            "",
            "### Was my request processed?",
            "",
            "Answer for this error.",
            "",
            "### Will I lose what I typed?",
            "",
            "Answer for this error.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
