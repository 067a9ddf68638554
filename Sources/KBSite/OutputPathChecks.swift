/// Every site path that comes from input (aliases, file and folder names, tags) must become an output path that
/// stays inside the output folder; each one that cannot is reported where it was written.
extension SiteChecks {
    mutating func checkOutputPaths() {
        for article in model.articles {
            if let problem = OutputPath.problem(sitePath: article.url) {
                diagnostics.append(Diagnostic(path: article.displayPath, line: 0, column: 0,
                                              message: "the article's file name gives the address \(article.url), which \(problem.message)",
                                              hint: "rename the file to letters, digits and dashes, e.g. 502-bad-gateway.md"))
            }
            let entry = article.frontMatter.entry("aliases")
            for alias in article.aliases {
                guard let problem = OutputPath.problem(sitePath: alias) else { continue }
                diagnostics.append(Diagnostic(path: article.displayPath, line: entry?.line ?? 1, column: entry?.column ?? 1,
                                              message: "the alias \(alias) \(problem.message)",
                                              hint: "an alias is a path inside the site such as /bad-gateway/; it may not use '..', '.', '//' or backslashes"))
            }
        }
        for section in model.sections {
            if let problem = OutputPath.problem(sitePath: section.url) {
                diagnostics.append(Diagnostic(path: section.folder, line: 0, column: 0,
                                              message: "the section folder gives the address \(section.url), which \(problem.message)",
                                              hint: "rename the folder to letters, digits and dashes"))
            }
        }
        for file in staticFiles {
            if let problem = OutputPath.problem(sitePath: "/" + file) {
                diagnostics.append(Diagnostic(path: file, line: 0, column: 0, message: "the file's path \(problem.message)",
                                              hint: "rename the file"))
            }
        }
        for tag in model.tags {
            if let problem = OutputPath.problem(sitePath: tag.url) {
                diagnostics.append(Diagnostic(path: "tag '\(tag.name)'", line: 0, column: 0,
                                              message: "the tag's address \(tag.url) \(problem.message)", hint: "choose another tag name"))
            }
        }
    }
}
