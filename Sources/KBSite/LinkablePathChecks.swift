/// File and folder names become link paths, where `?` starts a query and `#` a fragment: `what?.md` would be
/// written as `what?/index.html` but every link to it would ask for `/what`. Such names are refused up front.
extension SiteChecks {
    mutating func checkLinkablePaths() {
        func problem(_ name: String) -> String? {
            if name.contains("?") { return "'?'" }
            if name.contains("#") { return "'#'" }
            return nil
        }
        for article in model.articles {
            guard let character = problem(article.relativePath) else { continue }
            diagnostics.append(Diagnostic(path: article.displayPath, line: 0, column: 0,
                                          message: "the file's path has \(character), which would cut every link to its page short",
                                          hint: "rename the file (or its folder) without ? and #, e.g. 502-bad-gateway.md"))
        }
        for file in staticFiles {
            guard let character = problem(file) else { continue }
            diagnostics.append(Diagnostic(path: file, line: 0, column: 0,
                                          message: "the file's path has \(character), which would cut every link to it short",
                                          hint: "rename the file without ? and #"))
        }
    }
}
