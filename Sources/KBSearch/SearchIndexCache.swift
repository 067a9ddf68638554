import Foundation

/// What one search index build leaves for the next: the analysis of each document and the term tables.
/// Keep one per site and pass it to every `SearchIndexBuilder.build(_:options:cache:)`; unchanged documents
/// are then not analyzed again. Builds sharing a cache run one at a time.
public final class SearchIndexCache: @unchecked Sendable {
    let lock = NSLock()
    var options: SearchIndexOptions?
    var tables = TermTables()
    /// The documents of the last build in index order (by URL), and their analyses.
    var documents: [SearchDocument] = []
    var analyses: [DocumentAnalysis] = []
    /// Terms and words some document of the last build used; the tables are rebuilt once dead ones dominate.
    var liveTerms = 0
    var liveWords = 0

    /// An empty cache: the first build with it analyzes every document.
    public init() {}

    func reset(_ options: SearchIndexOptions) {
        self.options = options
        tables = TermTables()
        documents = []
        analyses = []
        liveTerms = 0
        liveWords = 0
    }
}

/// The global term and word tables. Ids only grow while the cache lives, so cached analyses stay valid; terms
/// no document uses any more are skipped when writing.
struct TermTables {
    var terms: [String] = []
    private var termIds: [String: Int32] = [:]
    /// Every term id, ordered by the term's UTF-16 code units (the order of the index files).
    private(set) var sortedTerms: [Int32] = []
    private var sortedCount = 0
    var words: [[UInt8]] = []
    var wordTerm: [Int32] = []
    private var wordIds = WordTable()

    private mutating func termId(_ term: String) -> Int32 {
        if let existing = termIds[term] { return existing }
        let new = Int32(terms.count)
        termIds[term] = new
        terms.append(term)
        return new
    }

    private mutating func wordId(_ word: [UInt8], term: Int32) -> Int32 {
        word.withUnsafeBufferPointer { buffer in
            let (found, hash) = wordIds.find(buffer)
            if found >= 0 { return found }
            words.append(word)
            wordTerm.append(term)
            return wordIds.insert(buffer, hash: hash)
        }
    }

    /// Adds a chunk's terms and words; returns chunk id -> global id for each (-1 for words without a term).
    mutating func merge(_ chunk: ChunkAnalyzer) -> (terms: [Int32], words: [Int32]) {
        let termMap = chunk.terms.map { termId($0) }
        var wordMap = [Int32](repeating: -1, count: chunk.words.count)
        for (index, word) in chunk.words.enumerated() where chunk.wordTerm[index] >= 0 {
            wordMap[index] = wordId(word, term: termMap[Int(chunk.wordTerm[index])])
        }
        return (termMap, wordMap)
    }

    /// Sorts the terms added since the last call into `sortedTerms`.
    mutating func sortNewTerms() {
        guard sortedCount < terms.count else { return }
        let terms = self.terms
        let base = Int32(sortedCount)
        let added = UTF16Order.sortedPositions(Array(terms[sortedCount...])).map { $0 + base }
        if sortedTerms.isEmpty {
            sortedTerms = added
        } else {
            var merged: [Int32] = []
            merged.reserveCapacity(sortedTerms.count + added.count)
            var old = 0
            var new = 0
            while old < sortedTerms.count && new < added.count {
                if UTF16Order.precedes(terms[Int(added[new])], terms[Int(sortedTerms[old])]) {
                    merged.append(added[new]); new += 1
                } else {
                    merged.append(sortedTerms[old]); old += 1
                }
            }
            merged.append(contentsOf: sortedTerms[old...])
            merged.append(contentsOf: added[new...])
            sortedTerms = merged
        }
        sortedCount = terms.count
    }
}

/// Ordering of strings by UTF-16 code units (as JavaScript compares them), computed on UTF-8 bytes.
enum UTF16Order {
    /// True when `left` sorts before `right`; same as `left.utf16.lexicographicallyPrecedes(right.utf16)`.
    static func precedes(_ left: String, _ right: String) -> Bool {
        let fast = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in precedes(leftBytes, rightBytes) }
        }
        if let fast, let result = fast { return result }
        return left.utf16.lexicographicallyPrecedes(right.utf16)
    }

    /// The same on valid UTF-8. UTF-8 byte order is code point order; UTF-16 differs only in putting
    /// U+E000...U+FFFF (lead bytes EE, EF) after the supplementary planes (lead bytes F0...F4). At the first
    /// differing byte both strings sit at the same place in a code point, so moving those two lead bytes above
    /// F4 gives the UTF-16 order.
    static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let shared = Swift.min(left.count, right.count)
        var index = 0
        while index < shared {
            let a = left[index]
            let b = right[index]
            if a != b { return adjusted(a) < adjusted(b) }
            index += 1
        }
        return left.count < right.count
    }

    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBufferPointer { leftBytes in right.withUnsafeBufferPointer { precedes(leftBytes, $0) } }
    }

    /// The first 8 bytes of `text` in comparison order (EE, EF moved above F4), zero-padded: when two keys
    /// differ they order their strings; when equal, the strings must be compared in full.
    static func prefixKey(_ text: String) -> UInt64 {
        var key: UInt64 = 0
        var taken = 0
        for byte in text.utf8 {
            key = key << 8 | UInt64(byte == 0xEE || byte == 0xEF ? byte + 0x10 : byte)
            taken += 1
            if taken == 8 { return key }
        }
        return taken == 0 ? 0 : key << (8 * UInt64(8 - taken))
    }

    /// Positions of `strings` in UTF-16 order, ties by position; sorted in two halves on two cores.
    static func sortedPositions(_ strings: [String]) -> [Int32] {
        let keys = strings.map(prefixKey)
        let precedes: @Sendable (Int32, Int32) -> Bool = { left, right in
            let a = keys[Int(left)], b = keys[Int(right)]
            if a != b { return a < b }
            let x = strings[Int(left)], y = strings[Int(right)]
            if x == y { return left < right }
            return UTF16Order.precedes(x, y)
        }
        let halves = strings.count >= 4_096 ? 2 : 1
        let sorted = ParallelSlots<[Int32]>(count: halves)
        Parallel.forEach(halves) { half in
            let range = (strings.count * half / halves)..<(strings.count * (half + 1) / halves)
            sorted.set(half, range.map { Int32($0) }.sorted(by: precedes))
        }
        let parts = sorted.take()
        guard parts.count == 2 else { return parts.first ?? [] }
        var merged: [Int32] = []
        merged.reserveCapacity(strings.count)
        var left = 0
        var right = 0
        let first = parts[0], second = parts[1]
        while left < first.count && right < second.count {
            if precedes(second[right], first[left]) {
                merged.append(second[right]); right += 1
            } else {
                merged.append(first[left]); left += 1
            }
        }
        merged.append(contentsOf: first[left...])
        merged.append(contentsOf: second[right...])
        return merged
    }

    private static func adjusted(_ byte: UInt8) -> UInt16 {
        byte == 0xEE || byte == 0xEF ? UInt16(byte) + 0x10 : UInt16(byte)
    }
}
