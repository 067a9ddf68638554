import Foundation

/// Theme assets from `Templates/assets/`, published under content-hashed names for long caching.
struct AssetCatalog: Sendable {
    /// Logical name (`style.css`, `img/logo.svg`) → hashed output path (`assets/style.3f9a1c2b.css`).
    var outputPaths: [String: String] = [:]
    /// Logical name → absolute source path.
    var sources: [String: String] = [:]

    static func load(templatesDirectory: String) throws(SiteIOError) -> AssetCatalog {
        var catalog = AssetCatalog()
        let root = templatesDirectory + "/assets"
        guard FileManager.default.fileExists(atPath: root) else { return catalog }
        for file in try ContentLoader.listFiles(root) {
            guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                throw SiteIOError(path: file.absolutePath, message: "cannot read asset")
            }
            let hash = ContentHash.hex(data)
            let name = file.relativePath as NSString
            let ext = name.pathExtension
            let stem = name.deletingPathExtension
            catalog.outputPaths[file.relativePath] = "assets/" + stem + "." + String(hash.prefix(10)) + (ext.isEmpty ? "" : "." + ext)
            catalog.sources[file.relativePath] = file.absolutePath
        }
        return catalog
    }
}

/// FNV-1a 64-bit: a fast, stable content fingerprint (not a security hash) for cache-busting names.
enum ContentHash {
    static func value(_ bytes: some Collection<UInt8>) -> UInt64 {
        if let hash = bytes.withContiguousStorageIfAvailable({ fnv1a($0) }) { return hash }
        return Array(bytes).withUnsafeBufferPointer { fnv1a($0) }
    }

    private static func fnv1a(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in buffer {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ data: Data) -> String {
        let hash = value(data)
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
