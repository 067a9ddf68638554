// PLACEHOLDER API: the Search issue replaces the bodies; the public shapes are the contract.

/// One article as the search index sees it.
public struct SearchDocument: Sendable, Equatable {
    public var url: String
    public var title: String
    public var code: Int?
    public var summary: String
    public var headings: [String]
    public var text: String
    public var keywords: [String]
    public var aliases: [String]
    public var tags: [String]
    public init(url: String, title: String, code: Int?, summary: String, headings: [String], text: String,
                keywords: [String], aliases: [String], tags: [String]) {
        self.url = url; self.title = title; self.code = code; self.summary = summary; self.headings = headings
        self.text = text; self.keywords = keywords; self.aliases = aliases; self.tags = tags
    }
}

/// Builds the files of `Output/search/`.
public enum SearchIndexBuilder {
    /// Returns file path (relative to `Output/search/`, e.g. `index.json`) → contents.
    public static func build(_ documents: [SearchDocument]) -> [String: [UInt8]] {
        ["index.json": Array("{\"version\":0,\"documents\":[]}".utf8)]
    }
}
