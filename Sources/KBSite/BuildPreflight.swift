import Foundation

/// Checks of the folders a build names, made before any article is read: a wrong folder is reported at once,
/// not after parsing thousands of articles.
enum BuildPreflight {
    /// The problems with the template and articles folders (a missing articles folder is thrown by `ContentLoader`).
    static func diagnostics(_ options: BuildOptions) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if options.templatesNamed {
            let shown = ContentLoader.displayName(options.templatesDirectory) + "/"
            if !fileManager.fileExists(atPath: options.templatesDirectory, isDirectory: &isDirectory) {
                diagnostics.append(Diagnostic(path: shown, message: "the template folder named by --templates does not exist",
                    hint: "create it (kb theme eject copies the default theme there) or leave out --templates to use the theme built into kb"))
            } else if !isDirectory.boolValue {
                diagnostics.append(Diagnostic(path: shown, message: "--templates names a file, not a folder",
                    hint: "name the folder holding the templates, or leave out --templates to use the theme built into kb"))
            }
        }
        let articles = options.articlesDirectory
        if fileManager.fileExists(atPath: articles, isDirectory: &isDirectory), isDirectory.boolValue,
           !containsMarkdown(articles) {
            diagnostics.append(Diagnostic(path: ContentLoader.displayName(articles) + "/",
                message: "the articles folder has no Markdown files",
                hint: "add one with kb new \"Title\", or run kb init in an empty folder to start a help center"))
        }
        return diagnostics
    }

    /// Whether any `.md` file lies under `folder`; stops at the first one, and skips hidden entries as the loader does.
    static func containsMarkdown(_ folder: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return false }
        while let relative = enumerator.nextObject() as? String {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if name.hasSuffix(".md") { return true }
        }
        return false
    }
}
