/// One section of an article for snippet passages: its heading and its paragraphs as plain text.
public struct SearchSection: Sendable, Equatable {
    /// How a section's passages compete for the snippet.
    public enum Role: Sendable, Equatable {
        /// The article's own explanation ("What it means"): its passages are stored first and whole.
        case primary
        case normal
        /// About other codes ("Other codes"): shown only when it matches more of the query than the rest.
        case aside
    }
    public var heading: String
    public var paragraphs: [String]
    public var role: Role
    public init(heading: String, paragraphs: [String], role: Role = .normal) {
        self.heading = heading; self.paragraphs = paragraphs; self.role = role
    }
}

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
    /// The body by section, for snippet passages; when empty, passages come from the lines of `text`.
    public var sections: [SearchSection]
    public init(url: String, title: String, code: Int?, summary: String, headings: [String], text: String,
                keywords: [String], aliases: [String], tags: [String], sections: [SearchSection] = []) {
        self.url = url; self.title = title; self.code = code; self.summary = summary; self.headings = headings
        self.text = text; self.keywords = keywords; self.aliases = aliases; self.tags = tags; self.sections = sections
    }
}

/// Size knobs of the index layout; the defaults keep one query under 300 KB on a 10,000-article site.
public struct SearchIndexOptions: Sendable, Equatable {
    /// Sites with fewer documents than this get a single `index.json`...
    public var singleFileLimit: Int
    /// ...unless that file would be larger than this many bytes (one query stays small at any size).
    public var singleFileMaxBytes: Int
    /// A term shard is closed once it holds about this many bytes.
    public var shardTargetBytes: Int
    /// Documents per `docs/N.json` chunk on sharded sites.
    public var documentsPerChunk: Int
    /// Longest snippet passage, in bytes of UTF-8.
    public var passageLength: Int
    /// Snippet text stored per document, in bytes of UTF-8 (the summary is always kept).
    public var passageBudget: Int

    /// The default layout.
    public init(singleFileLimit: Int = 300, singleFileMaxBytes: Int = 300_000, shardTargetBytes: Int = 8_192,
                documentsPerChunk: Int = 2, passageLength: Int = 220, passageBudget: Int = 1_200) {
        self.singleFileLimit = singleFileLimit; self.singleFileMaxBytes = singleFileMaxBytes
        self.shardTargetBytes = shardTargetBytes
        self.documentsPerChunk = documentsPerChunk; self.passageLength = passageLength
        self.passageBudget = passageBudget
    }
}

/// Builds the files of `Output/search/`.
public enum SearchIndexBuilder {
    /// The version written in `index.json`; it changes whenever the format does.
    public static let formatVersion = 1

    /// Returns file path (relative to `Output/search/`, e.g. `index.json`) → contents.
    public static func build(_ documents: [SearchDocument]) -> [String: [UInt8]] {
        build(documents, options: SearchIndexOptions())
    }

    /// Same as `build(_:)` with an explicit layout.
    public static func build(_ documents: [SearchDocument], options: SearchIndexOptions) -> [String: [UInt8]] {
        IndexBuilder(options: options).build(documents, cache: SearchIndexCache())
    }

    /// Same as `build(_:options:)`, reusing the analysis of documents unchanged since the last build with
    /// `cache`; the files are identical to a build without a cache.
    public static func build(_ documents: [SearchDocument], options: SearchIndexOptions = SearchIndexOptions(),
                             cache: SearchIndexCache) -> [String: [UInt8]] {
        IndexBuilder(options: options).build(documents, cache: cache)
    }
}
