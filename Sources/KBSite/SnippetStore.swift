import Foundation
import KBMarkdown

/// The snippet files under the articles folder (`_snippets/NAME.md`, and `<folder>/_snippets/NAME.md` for a
/// top-level folder such as a language's), read once per build. Snippets are not articles and get no page.
struct SnippetStore: Sendable {
    /// Relative path → Markdown text.
    var texts: [String: String] = [:]
    /// Relative path → stamp, so the parse cache can tell which articles an edited snippet touches.
    var stamps: [String: FileStamp] = [:]
    var displayRoot = ""

    /// Whether `relativePath` is a snippet file (a `.md` directly inside a `_snippets` folder at the top or one level down).
    static func isSnippet(_ relativePath: String) -> Bool {
        let parts = relativePath.split(separator: "/")
        guard parts.count == 2 || parts.count == 3 else { return false }
        return parts[parts.count - 2] == "_snippets"
    }

    /// Reads every snippet file; unreadable ones are diagnostics.
    static func read(_ files: [SourceFile], displayRoot: String) -> (SnippetStore, [Diagnostic]) {
        var store = SnippetStore(displayRoot: displayRoot)
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                diagnostics.append(Diagnostic(path: displayRoot + "/" + file.relativePath, message: "cannot read this snippet", hint: "check its permissions"))
                continue
            }
            store.texts[file.relativePath] = String(decoding: data, as: UTF8.self)
            store.stamps[file.relativePath] = file.stamp
        }
        return (store, diagnostics)
    }

    /// Where `name` is looked for from an article in `folder`: its top folder's `_snippets/` first, then the root's.
    func candidates(_ name: String, folder: String) -> [String] {
        let top = folder.split(separator: "/").first.map(String.init)
        return (top.map { ["\($0)/_snippets/\(name).md"] } ?? []) + ["_snippets/\(name).md"]
    }

    /// The lookup one article's parse uses; `looked` collects every path it tried, found or not.
    func lookup(folder: String, looked: inout [String], _ name: String) -> SnippetLookup {
        for path in candidates(name, folder: folder) {
            looked.append(path)
            if let text = texts[path] { return .found(source: text, file: path) }
        }
        let visible = Set(texts.keys.compactMap { path -> String? in
            let parts = path.split(separator: "/")
            let isRoot = parts.count == 2
            let top = folder.split(separator: "/").first
            guard isRoot || parts.first == top else { return nil }
            return String((parts.last ?? "").dropLast(3))
        })
        if let close = Suggest.closest(to: name, in: visible.sorted()) { return .missing(hint: "did you mean '\(close)'?") }
        return .missing(hint: "create \(displayRoot)/_snippets/\(name).md" + (visible.isEmpty ? "" : "; the snippets are " + visible.sorted().joined(separator: ", ")))
    }

    /// The stamps of `paths` now (nil for one that does not exist), to store with a parse.
    func dependencyStamps(_ paths: [String]) -> [String: FileStamp?] {
        var result: [String: FileStamp?] = [:]
        for path in paths { result[path] = .some(stamps[path]) }
        return result
    }

    /// Whether every dependency still has the stamp it had (and missing ones are still missing).
    func unchanged(_ dependencies: [String: FileStamp?]) -> Bool {
        dependencies.allSatisfy { stamps[$0.key] == $0.value }
    }
}

extension Article {
    /// Where a position in this article's body is in a file: the snippet's own file and position when
    /// `origin` is set (with the including line as detail), else this file with the front matter counted.
    func place(line: Int, column: Int, origin: SnippetOrigin?) -> (path: String, line: Int, column: Int, detail: String?) {
        guard let origin else { return (displayPath, line + bodyStartLine - 1, column, nil) }
        let root = displayPath.hasSuffix(relativePath) ? String(displayPath.dropLast(relativePath.count)) : ""
        return (root + origin.file, line, column,
                "  included from \(displayPath):\(origin.line + bodyStartLine - 1):\(origin.column)")
    }
}
