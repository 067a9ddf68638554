/// Media types by file extension; anything unknown is served as opaque bytes.
enum ContentType {
    static let html = "text/html; charset=utf-8"
    static let fallback = "application/octet-stream"

    /// The Content-Type for a file name, chosen by its extension (case-insensitive).
    static func forFileName(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: 46) else { return fallback }
        let extensionBytes = name.utf8[name.utf8.index(after: dot)...]
        guard extensionBytes.count <= 5 else { return fallback }
        let lowered = String(decoding: extensionBytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        switch lowered {
        case "html", "htm": return html
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "txt": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        default: return fallback
        }
    }
}
