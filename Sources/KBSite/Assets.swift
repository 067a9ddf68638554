import Foundation

/// Theme assets (the embedded theme's, overridden by `Templates/assets/`), published under content-hashed names for long caching.
struct AssetCatalog: Sendable {
    /// Where an asset's bytes come from.
    enum Source: Sendable, Equatable {
        case file(String)
        case embedded([UInt8])
    }
    /// Logical name (`style.css`, `img/logo.svg`) → hashed output path (`assets/style.3f9a1c2b.css`).
    var outputPaths: [String: String] = [:]
    /// Logical name → where its bytes come from.
    var sources: [String: Source] = [:]

    static func load(templatesDirectory: String) throws(SiteIOError) -> AssetCatalog {
        var catalog = AssetCatalog()
        for (path, bytes) in Theme.files where path.hasPrefix("assets/") {
            catalog.add(String(path.dropFirst("assets/".count)), bytes: bytes, source: .embedded(bytes))
        }
        let root = templatesDirectory + "/assets"
        guard FileManager.default.fileExists(atPath: root) else { return catalog }
        for file in try ContentLoader.listFiles(root) {
            guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                throw SiteIOError(path: file.absolutePath, message: "cannot read asset")
            }
            catalog.add(file.relativePath, bytes: data, source: .file(file.absolutePath))
        }
        return catalog
    }

    /// The bytes of the asset `name` (the site's file or the theme's), or nil when there is none or it is unreadable.
    func bytes(of name: String) -> [UInt8]? {
        switch sources[name] {
        case .embedded(let bytes): return bytes
        case .file(let path): return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        case nil: return nil
        }
    }

    private mutating func add(_ name: String, bytes: some Collection<UInt8>, source: Source) {
        let hash = ContentHash.hex(bytes)
        let nsName = name as NSString
        let ext = nsName.pathExtension
        let stem = nsName.deletingPathExtension
        outputPaths[name] = "assets/" + stem + "." + String(hash.prefix(10)) + (ext.isEmpty ? "" : "." + ext)
        sources[name] = source
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

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let hash = value(bytes)
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
