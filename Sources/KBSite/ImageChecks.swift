import Foundation
import KBMarkdown

extension LinkChecker {
    /// The `<img>` attributes of one article's images (sizes read from the files next to it) and the
    /// warnings found: an image without alt text, a header that cannot be read. A missing file is
    /// reported by `check` as a missing link.
    func images(_ index: Int, articlesDirectory: String?) -> (attributes: [String: ImageAttributes], diagnostics: [Diagnostic]) {
        let article = articles[index]
        var attributes: [String: ImageAttributes] = [:]
        var diagnostics: [Diagnostic] = []
        for link in article.document.links where link.isImage {
            let place = article.place(line: link.line, column: link.column, origin: link.origin)
            func warn(_ message: String, _ hint: String) {
                diagnostics.append(Diagnostic(path: place.path, line: place.line, column: place.column, severity: .warning,
                                              message: message, hint: hint, detail: place.detail))
            }
            if link.altText.allSatisfy(\.isWhitespace) {
                warn("image '\(link.destination)' has no alt text",
                     "describe the image between the brackets, e.g. ![The browser's 502 page](502.png), for readers who cannot see it")
            }
            let destination = link.destination
            guard let articlesDirectory, !destination.isEmpty, !isExternal(destination), !destination.hasPrefix("/"),
                  attributes[destination] == nil else { continue }
            let (path, _) = splitFragment(destination)
            let resolved = resolve(path.removingPercentEncoding ?? path, from: article.folder)
            guard staticFiles.contains(resolved) else { continue }
            let ext = (resolved as NSString).pathExtension
            guard ImageHeader.extensions.contains(ext.lowercased()) else { continue }
            let file = (articlesDirectory as NSString).appendingPathComponent(resolved)
            guard let handle = FileHandle(forReadingAtPath: file) else { continue }
            let bytes = (try? handle.read(upToCount: ImageHeader.maxBytes)) ?? Data()
            try? handle.close()
            switch ImageHeader.read(Array(bytes)[...], fileExtension: ext) {
            case .size(let width, let height)?:
                attributes[destination] = ImageAttributes(width: width, height: height)
            case .corrupt(let reason)?:
                warn("cannot read the size of image '\(path)': \(reason)",
                     "the page shows it without width and height; re-export the file or check that its extension matches its format")
            case nil:
                break
            }
        }
        return (attributes, diagnostics)
    }
}
