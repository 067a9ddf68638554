import Foundation

/// The fields of a document the index scores separately (Docs/search-reference.md, "Ranking").
enum SearchField: Int, CaseIterable {
    case code, title, aliases, keywords, tags, headings, summary, body, phrase

    var name: String {
        switch self {
        case .code: "code"
        case .title: "title"
        case .aliases: "aliases"
        case .keywords: "keywords"
        case .tags: "tags"
        case .headings: "headings"
        case .summary: "summary"
        case .body: "body"
        case .phrase: "phrase"
        }
    }

    /// How much one occurrence here counts against one in the body.
    var weight: Double {
        switch self {
        case .code: 10
        case .title: 8
        case .aliases: 7
        case .keywords: 5
        case .tags: 4
        case .headings: 3
        case .summary: 2
        case .body: 1
        case .phrase: 6
        }
    }

    /// BM25 length normalization: 0 ignores the field's length, 1 normalizes fully.
    var lengthNormalization: Double {
        switch self {
        case .code, .phrase: 0
        case .title, .aliases, .keywords, .tags: 0.3
        case .headings, .summary: 0.5
        case .body: 0.75
        }
    }
}

/// Shared scoring constants; search.js reads them from the manifest.
enum SearchScoring {
    static let k1 = 1.2
    /// A posting's score s (0...63) stands for the partial 2^(s/steps) - 1.
    static let steps = 9.0
    static let maximumScore = 63

    static func quantize(_ partial: Double) -> Int {
        guard partial > 0 else { return 0 }
        let step = (log2(1 + partial) * steps).rounded()
        return Swift.max(1, Swift.min(maximumScore, Int(step)))
    }
}

// The builder is in IndexBuilder.swift, per-document analysis in DocumentAnalyzer.swift, the cache in
// SearchIndexCache.swift.

/// The compact posting encoding (Docs/search-reference.md, "Postings"): per document, the gap to the previous document id as a
/// base-64 varint (5 data bits per character, 32 = "more follows"), then the score as one base-64 digit.
enum PostingCodec {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func appendDigit(_ value: Int, to bytes: inout [UInt8]) { bytes.append(alphabet[value & 63]) }

    static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var rest = value
        repeat {
            let low = rest & 31
            rest >>= 5
            appendDigit(rest > 0 ? low | 32 : low, to: &bytes)
        } while rest > 0
    }

    /// Decodes a posting string into (document id, score) pairs; nil if malformed.
    static func decode(_ bytes: [UInt8]) -> [(document: Int, score: Int)]? {
        var reverse = [Int](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { reverse[Int(byte)] = value }
        var result: [(document: Int, score: Int)] = []
        var index = 0
        var document = 0
        while index < bytes.count {
            var gap = 0
            var shift = 0
            while true {
                guard index < bytes.count, shift < 60 else { return nil }
                let digit = reverse[Int(bytes[index])]
                guard digit >= 0 else { return nil }
                index += 1
                gap |= (digit & 31) << shift
                shift += 5
                if digit & 32 == 0 { break }
            }
            guard index < bytes.count else { return nil }
            let score = reverse[Int(bytes[index])]
            guard score >= 0 else { return nil }
            index += 1
            document += gap
            result.append((document, score))
        }
        return result
    }
}
