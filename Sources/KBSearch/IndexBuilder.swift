import Foundation

/// Builds the index files (see Docs/search-reference.md, "Index format"): analyzes the documents the cache does not know, on all
/// cores, then scores and writes everything. Output depends only on the documents and options, never on term
/// ids, chunking or what the cache held: every order is by document, term text or word text.
struct IndexBuilder {
    let options: SearchIndexOptions
    /// Documents are analyzed in this many runs (nil: a few per core).
    var chunkCount: Int?

    init(options: SearchIndexOptions, chunkCount: Int? = nil) {
        self.options = options
        self.chunkCount = chunkCount
    }

    func build(_ input: [SearchDocument], cache: SearchIndexCache) -> [String: [UInt8]] {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        // Ids of terms and words no document uses any more are not reused; start over once they are many.
        if cache.options != options || cache.tables.terms.count > 2 * cache.liveTerms + 100_000
            || cache.tables.words.count > 2 * cache.liveWords + 100_000 {
            cache.reset(options)
        }

        // Stable order: by URL, then by input position for equal URLs.
        let documents = UTF16Order.sortedPositions(input.map(\.url)).map { input[Int($0)] }

        // Both lists are in URL order: walk them together to find the documents analyzed last time.
        var analyses: [DocumentAnalysis?] = []
        analyses.reserveCapacity(documents.count)
        var missing: [Int] = []
        var cached = 0
        var runURL: String?
        var runStart = 0
        for (index, document) in documents.enumerated() {
            while cached < cache.documents.count && cache.documents[cached].url != document.url
                    && UTF16Order.precedes(cache.documents[cached].url, document.url) {
                cached += 1
            }
            // Among documents sharing a URL, look a few places past the last match: a miss only costs an
            // analysis, while scanning whole runs would be quadratic.
            if runURL != document.url { runURL = document.url; runStart = cached }
            var candidate = runStart
            var hit: DocumentAnalysis?
            while candidate < Swift.min(cache.documents.count, runStart + 8)
                    && cache.documents[candidate].url == document.url {
                if cache.documents[candidate] == document {
                    hit = cache.analyses[candidate]
                    runStart = candidate + 1
                    break
                }
                candidate += 1
            }
            if hit == nil { missing.append(index) }
            analyses.append(hit)
        }
        analyzeMissing(missing, of: documents, into: &analyses, tables: &cache.tables)
        cache.tables.sortNewTerms()

        let complete = analyses.compactMap { $0 }
        cache.documents = documents
        cache.analyses = complete
        var writer = IndexFiles(options: options, documents: documents, analyses: complete, tables: cache.tables)
        let files = writer.files()
        cache.liveTerms = writer.liveTerms
        cache.liveWords = writer.liveWords
        return files
    }

    /// Analyzes `missing` (indices into `documents`) in parallel chunks and merges the chunk tables into
    /// `tables`, rewriting the new analyses to global ids.
    private func analyzeMissing(_ missing: [Int], of documents: [SearchDocument], into analyses: inout [DocumentAnalysis?],
                                tables: inout TermTables) {
        guard !missing.isEmpty else { return }
        let wanted = chunkCount ?? Swift.min(missing.count / 16 + 1, Parallel.coreCount * 2)
        let chunks = Swift.max(1, Swift.min(missing.count, wanted))
        let options = self.options
        let results = ParallelSlots<(ChunkAnalyzer, [DocumentAnalysis])>(count: chunks)
        Parallel.forEach(chunks) { chunk in
            let range = (missing.count * chunk / chunks)..<(missing.count * (chunk + 1) / chunks)
            var analyzer = ChunkAnalyzer(options: options)
            var done: [DocumentAnalysis] = []
            done.reserveCapacity(range.count)
            for position in range { done.append(analyzer.analyze(documents[missing[position]])) }
            results.set(chunk, (analyzer, done))
        }
        // Merging is sequential; rewriting ids is not.
        let chunkResults = results.take()
        var merged: [(terms: [Int32], words: [Int32])] = []
        for (analyzer, _) in chunkResults { merged.append(tables.merge(analyzer)) }
        let maps = merged
        let rewritten = ParallelSlots<[DocumentAnalysis]>(count: chunks)
        Parallel.forEach(chunks) { chunk in
            let (termMap, wordMap) = maps[chunk]
            var done = chunkResults[chunk].1
            for index in done.indices {
                done[index].termIds = done[index].termIds.map { termMap[Int($0)] }
                done[index].wordIds = done[index].wordIds.map { wordMap[Int($0)] }
            }
            rewritten.set(chunk, done)
        }
        var position = 0
        for done in rewritten.take() {
            for analysis in done {
                analyses[missing[position]] = analysis
                position += 1
            }
        }
    }
}

/// Scores the analyzed documents and lays out the files.
private struct IndexFiles {
    let options: SearchIndexOptions
    let documents: [SearchDocument]
    let analyses: [DocumentAnalysis]
    let tables: TermTables
    private(set) var averages: [Double] = []
    /// Per term: documents containing it, and where its postings start in `postingDocuments`.
    private var documentFrequency: [Int32] = []
    private var strong: [Bool] = []
    private var postingStart: [Int] = []
    private var postingDocuments: [Int32] = []
    private var postingScores: [UInt8] = []
    private(set) var liveTerms = 0
    private(set) var liveWords = 0

    private static let fieldCount = SearchField.allCases.count

    init(options: SearchIndexOptions, documents: [SearchDocument], analyses: [DocumentAnalysis], tables: TermTables) {
        self.options = options
        self.documents = documents
        self.analyses = analyses
        self.tables = tables
        computeAverages()
        computeFrequencies()
        computePostings()
    }

    private mutating func computeAverages() {
        var totals = [Double](repeating: 0, count: Self.fieldCount)
        for analysis in analyses {
            for field in 0..<Self.fieldCount { totals[field] += Double(analysis.lengths[field]) }
        }
        averages = totals.map { analyses.isEmpty ? 0 : $0 / Double(analyses.count) }
    }

    private mutating func computeFrequencies() {
        var frequency = [Int32](repeating: 0, count: tables.terms.count)
        var strong = [Bool](repeating: false, count: tables.terms.count)
        let body = SearchField.body.rawValue
        let summary = SearchField.summary.rawValue
        for analysis in analyses {
            var slot = 0
            for cell in analysis.cells {
                let term = Int(analysis.termIds[slot])
                let field = DocumentAnalysis.field(of: cell)
                if field != body && field != summary { strong[term] = true }
                if cell & DocumentAnalysis.lastCell != 0 {
                    frequency[term] += 1
                    slot += 1
                }
            }
        }
        liveTerms = frequency.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        documentFrequency = frequency
        self.strong = strong
    }

    /// Per-document scores on all cores, then each term's postings gathered in document order.
    private mutating func computePostings() {
        var starts = [Int](repeating: 0, count: analyses.count + 1)
        for (index, analysis) in analyses.enumerated() { starts[index + 1] = starts[index] + analysis.termIds.count }
        let slotStart = starts
        var scores = [UInt8](repeating: 0, count: slotStart[analyses.count])
        let analyses = self.analyses
        let averages = self.averages
        let fieldCount = Self.fieldCount
        let weights = SearchField.allCases.map(\.weight)
        let normalizations = SearchField.allCases.map(\.lengthNormalization)
        let blocks = Swift.min(analyses.count, Parallel.coreCount * 4)
        scores.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeSendable(buffer)
            Parallel.forEach(blocks) { block in
                var norms = [Double](repeating: 0, count: fieldCount)
                for document in (analyses.count * block / blocks)..<(analyses.count * (block + 1) / blocks) {
                    let analysis = analyses[document]
                    for field in 0..<fieldCount {
                        let average = averages[field] > 0 ? averages[field] : 1
                        let b = normalizations[field]
                        norms[field] = 1 - b + b * Double(analysis.lengths[field]) / average
                    }
                    // Fields are summed in field order, as the scores were always computed.
                    var slot = slotStart[document]
                    var partial = 0.0
                    for cell in analysis.cells {
                        let field = DocumentAnalysis.field(of: cell)
                        let count = Double(DocumentAnalysis.count(of: cell))
                        let norm = norms[field]
                        partial += weights[field] * count * (SearchScoring.k1 + 1) / (count + SearchScoring.k1 * norm)
                        if cell & DocumentAnalysis.lastCell != 0 {
                            output.value[slot] = UInt8(SearchScoring.quantize(partial))
                            partial = 0
                            slot += 1
                        }
                    }
                }
            }
        }

        var start = [Int](repeating: 0, count: documentFrequency.count + 1)
        for term in documentFrequency.indices { start[term + 1] = start[term] + Int(documentFrequency[term]) }
        var cursor = start
        var postingDocuments = [Int32](repeating: 0, count: start[documentFrequency.count])
        var postingScores = [UInt8](repeating: 0, count: start[documentFrequency.count])
        // Each core gathers the postings of its own range of term ids, reading every document in order.
        let termCount = documentFrequency.count
        let parts = Swift.max(1, Swift.min(Parallel.coreCount, termCount))
        let slotScores = scores
        postingDocuments.withUnsafeMutableBufferPointer { documentsOut in
            postingScores.withUnsafeMutableBufferPointer { scoresOut in
                cursor.withUnsafeMutableBufferPointer { cursors in
                    let output = UnsafeSendable((documentsOut, scoresOut, cursors))
                    Parallel.forEach(parts) { part in
                        let (documentsOut, scoresOut, cursors) = output.value
                        let terms = (termCount * part / parts)..<(termCount * (part + 1) / parts)
                        for (document, analysis) in analyses.enumerated() {
                            var slot = slotStart[document]
                            for termId in analysis.termIds {
                                let term = Int(termId)
                                if terms.contains(term) {
                                    let position = cursors[term]
                                    documentsOut[position] = Int32(document)
                                    scoresOut[position] = slotScores[slot]
                                    cursors[term] = position + 1
                                }
                                slot += 1
                            }
                        }
                    }
                }
            }
        }
        postingStart = start
        self.postingDocuments = postingDocuments
        self.postingScores = postingScores
    }

    /// Calls `body` with each term and its encoded postings, in UTF-16 order of the terms.
    private func forEachEntry(_ body: (String, [UInt8]) -> Void) {
        // Status codes: "#502" lists the articles about status 502 (search.js puts them first).
        var codeDocuments: [Int: [Int]] = [:]
        for (documentId, document) in documents.enumerated() {
            if let code = document.code { codeDocuments[code, default: []].append(documentId) }
        }
        var codeEntries: [(term: String, postings: [UInt8])] = codeDocuments.map { code, ids in
            var list: [UInt8] = []
            var previous = 0
            for documentId in ids {
                PostingCodec.appendVarint(documentId - previous, to: &list)
                PostingCodec.appendDigit(SearchScoring.maximumScore, to: &list)
                previous = documentId
            }
            return ("#" + String(code), list)
        }
        codeEntries.sort { UTF16Order.precedes($0.term, $1.term) }

        var nextCode = 0
        var postings: [UInt8] = []
        let alphabet = PostingCodec.alphabet
        for termId in tables.sortedTerms {
            let term = Int(termId)
            let count = Int(documentFrequency[term])
            guard count > 0 else { continue }
            let text = tables.terms[term]
            while nextCode < codeEntries.count && UTF16Order.precedes(codeEntries[nextCode].term, text) {
                body(codeEntries[nextCode].term, codeEntries[nextCode].postings)
                nextCode += 1
            }
            postings.removeAll(keepingCapacity: true)
            var previous = 0
            for position in postingStart[term]..<(postingStart[term] + count) {
                let document = Int(postingDocuments[position])
                var gap = document - previous
                while gap >= 32 {
                    postings.append(alphabet[gap & 31 | 32])
                    gap >>= 5
                }
                postings.append(alphabet[gap])
                postings.append(alphabet[Int(postingScores[position]) & 63])
                previous = document
            }
            body(text, postings)
        }
        while nextCode < codeEntries.count {
            body(codeEntries[nextCode].term, codeEntries[nextCode].postings)
            nextCode += 1
        }
    }

    /// Words offered for typo correction and "did you mean": the most common surface form of each term that
    /// is not a number, has at least 3 letters, and appears in a strong field or in two documents.
    private mutating func vocabularyWords() -> [String] {
        var occurrences = [Int](repeating: 0, count: tables.words.count)
        for analysis in analyses {
            for (word, count) in zip(analysis.wordIds, analysis.wordCounts) { occurrences[Int(word)] += Int(count) }
        }
        liveWords = occurrences.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        // The most frequent word of each term (ties: the earlier in UTF-8 byte order).
        var bestWord = [Int](repeating: -1, count: tables.terms.count)
        for (wordIndex, termId) in tables.wordTerm.enumerated() where termId >= 0 && occurrences[wordIndex] > 0 {
            let term = Int(termId)
            let current = bestWord[term]
            if current < 0 || occurrences[wordIndex] > occurrences[current]
                || (occurrences[wordIndex] == occurrences[current]
                    && tables.words[wordIndex].lexicographicallyPrecedes(tables.words[current])) {
                bestWord[term] = wordIndex
            }
        }
        var chosen: [[UInt8]] = []
        for (index, term) in tables.terms.enumerated() {
            guard documentFrequency[index] > 0, strong[index] || documentFrequency[index] >= 2,
                  bestWord[index] >= 0 else { continue }
            guard !term.utf8.contains(where: { $0 == 0x20 || ($0 >= 0x30 && $0 <= 0x39) }) else { continue }
            let word = tables.words[bestWord[index]]
            guard Self.scalarCount(word) >= 3 else { continue }
            chosen.append(word)
        }
        chosen.sort { UTF16Order.precedes($0, $1) }
        return chosen.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func scalarCount(_ utf8: [UInt8]) -> Int {
        var count = 0
        for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    mutating func files() -> [String: [UInt8]] {
        let vocabulary = vocabularyWords()
        if documents.count < options.singleFileLimit {
            let single = singleFile(vocabulary)
            if single.count <= options.singleFileMaxBytes { return ["index.json": single] }
        }
        return shardedFiles(vocabulary)
    }

    private func writeHeader(_ writer: inout JSONWriter) {
        writer.key("documents"); writer.int(documents.count)
        writer.key("fields")
        writer.beginObject()
        for field in SearchField.allCases.sorted(by: { $0.name < $1.name }) {
            writer.key(field.name)
            writer.beginObject()
            writer.key("averageLength"); writer.decimal(averages[field.rawValue])
            writer.key("b"); writer.decimal(field.lengthNormalization)
            writer.key("weight"); writer.decimal(field.weight)
            writer.endObject()
        }
        writer.endObject()
        writer.key("format"); writer.string("kb-search")
        writer.key("k1"); writer.decimal(SearchScoring.k1)
    }

    private func singleFile(_ vocabulary: [String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("docs")
        writer.beginArray()
        for analysis in analyses { writer.raw(analysis.record) }
        writer.endArray()
        writeHeader(&writer)
        writer.key("layout"); writer.string("single")
        writer.key("scoreSteps"); writer.decimal(SearchScoring.steps)
        writer.key("terms")
        writer.beginObject()
        forEachEntry { term, postings in writer.stringMember(term, postings) }
        writer.endObject()
        writer.key("version"); writer.int(SearchIndexBuilder.formatVersion)
        writer.key("vocabulary")
        writer.beginArray()
        for word in vocabulary { writer.string(word) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    private func shardedFiles(_ vocabulary: [String]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]

        // Term shards: contiguous ranges of the sorted terms of about shardTargetBytes each.
        var bounds: [String] = []
        var shard = JSONWriter()
        var size = 0
        func closeShard() {
            guard size > 0 else { return }
            shard.endObject()
            files["terms/\(bounds.count - 1).json"] = shard.bytes
            size = 0
        }
        forEachEntry { term, postings in
            let entrySize = term.utf8.count + postings.count + 6
            if size > 0 && size + entrySize > options.shardTargetBytes { closeShard() }
            if size == 0 {
                shard = JSONWriter()
                shard.beginObject()
                bounds.append(term)
            }
            shard.stringMember(term, postings)
            size += entrySize
        }
        closeShard()

        let perChunk = Swift.max(1, options.documentsPerChunk)
        var chunk = 0
        while chunk * perChunk < analyses.count {
            var writer = JSONWriter()
            writer.beginArray()
            for analysis in analyses[(chunk * perChunk)..<Swift.min(analyses.count, (chunk + 1) * perChunk)] {
                writer.raw(analysis.record)
            }
            writer.endArray()
            files["docs/\(chunk).json"] = writer.bytes
            chunk += 1
        }

        var buckets: [Int: [String]] = [:]
        for word in vocabulary { buckets[IndexBuilder.vocabularyBucket(word), default: []].append(word) }
        for (length, words) in buckets {
            var writer = JSONWriter()
            writer.beginArray()
            for word in words { writer.string(word) }
            writer.endArray()
            files["vocabulary/\(length).json"] = writer.bytes
        }

        var writer = JSONWriter()
        writer.beginObject()
        writer.key("documentsPerChunk"); writer.int(perChunk)
        writeHeader(&writer)
        writer.key("layout"); writer.string("sharded")
        writer.key("scoreSteps"); writer.decimal(SearchScoring.steps)
        writer.key("shards")
        writer.beginArray()
        for bound in bounds { writer.string(bound) }
        writer.endArray()
        writer.key("version"); writer.int(SearchIndexBuilder.formatVersion)
        writer.key("vocabularyLengths")
        writer.beginArray()
        for length in buckets.keys.sorted() { writer.int(length) }
        writer.endArray()
        writer.endObject()
        files["index.json"] = writer.bytes
        return files
    }
}

extension IndexBuilder {
    /// The vocabulary file of a word: words of 3...15 code points by length, longer ones share file 16.
    static func vocabularyBucket(_ word: String) -> Int { Swift.min(16, word.unicodeScalars.count) }
}

/// A buffer written at distinct indices by concurrent iterations.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

