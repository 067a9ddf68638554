import Foundation

/// What a finished build in an output folder tells about itself, read back by `kb serve --no-build`.
public enum BuiltSite {
    /// The most of robots.txt read: its `Sitemap:` line comes early, and the file is kb's own.
    static let maxRobotsBytes = 64 * 1024

    /// The URL path the build in `outputDirectory` was made for (`/help/` for `base_url: https://x.com/help/`),
    /// from the `Sitemap:` line kb writes into its robots.txt; `/` when that is missing or unreadable.
    public static func basePath(outputDirectory: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: outputDirectory + "/robots.txt") else { return "/" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxRobotsBytes)) ?? Data()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard line.hasPrefix("Sitemap:") else { continue }
            return basePath(sitemapURL: line.dropFirst("Sitemap:".count).trimmingCharacters(in: .whitespaces))
        }
        return "/"
    }

    /// `https://x.com/help/sitemap.xml` → `/help/`; anything else → `/`.
    static func basePath(sitemapURL: String) -> String {
        var path = Substring(sitemapURL)
        if let scheme = path.range(of: "://") {
            let afterHost = path[scheme.upperBound...]
            guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
            path = afterHost[slash...]
        }
        guard path.hasPrefix("/"), path.hasSuffix("/sitemap.xml") else { return "/" }
        return String(path.dropLast("sitemap.xml".count))
    }
}
