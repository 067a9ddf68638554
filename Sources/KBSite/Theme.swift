import Foundation
import KBTemplates

/// The theme a build uses: the default theme compiled into kb, overridden file by file by the site's `Templates/`.
public enum Theme {
    /// The display prefix of a file taken from the embedded theme, as diagnostics show it.
    public static let embeddedPrefix = "(theme)/"

    /// The embedded theme's files, relative path (`partials/footer.html`, `assets/style.css`) → bytes.
    public static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        for entry in EmbeddedTheme.base64Files {
            // The generator writes valid base64; an undecodable entry would be a generator bug, so it is skipped.
            if let data = Data(base64Encoded: entry.base64) { files[entry.path] = Array(data) }
        }
        return files
    }()

    /// The embedded theme's file names, sorted.
    public static var fileNames: [String] { files.keys.sorted() }

    /// Whether `path` names a template (rather than an asset) of a theme.
    static func isTemplate(_ path: String) -> Bool {
        !path.hasPrefix("assets/") && (path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".txt"))
    }

    /// Template sources for the engine: the site's files where present, the embedded theme's for the rest.
    static func templateSources(directory: String, displayPrefix: String) throws -> (sources: [String: String], displayNames: [String: String]) {
        var sources: [String: String] = [:]
        var displayNames: [String: String] = [:]
        for (path, bytes) in files where isTemplate(path) {
            sources[path] = String(decoding: bytes, as: UTF8.self)
            displayNames[path] = embeddedPrefix + path
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
            for (path, text) in try TemplateEngine.loadSources(directory: directory, displayPrefix: displayPrefix) {
                sources[path] = text
                displayNames[path] = displayPrefix + path
            }
        }
        // A theme that replaces the page frame but has no codes.html predates the /codes/ page; its base.html may
        // not have the blocks the default codes.html fills, so that page is left out (PagePlan checks hasTemplate).
        if displayNames["base.html"]?.hasPrefix(embeddedPrefix) == false, displayNames["codes.html"]?.hasPrefix(embeddedPrefix) == true {
            sources["codes.html"] = nil
            displayNames["codes.html"] = nil
        }
        return (sources, displayNames)
    }
}
