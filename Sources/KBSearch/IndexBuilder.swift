import Foundation

/// The fields of a document the index scores separately (README "Ranking").
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

/// A folded word as a dictionary key, hashed in one call instead of byte by byte.
private struct WordKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Builds the index files from analyzed documents (see README "Index format").
struct IndexBuilder {
    let options: SearchIndexOptions
    private var termIds: [String: Int32] = [:]
    private var terms: [String] = []
    private var strongTerm: [Bool] = []
    private var documentFrequency: [Int32] = []
    /// Folded word -> index into `wordTerm` / `wordOccurrences` / `words`: one hash per token.
    private var wordIds: [WordKey: Int32] = [:]
    private var words: [[UInt8]] = []
    /// The term of each word, or -1 for a stop word or a word too long.
    private var wordTerm: [Int32] = []
    private var wordOccurrences: [Int] = []
    /// Per term: its slot in the document being analyzed, valid when `slotDocument` is that document.
    private var termSlot: [Int32] = []
    private var slotDocument: [Int32] = []
    private var currentDocument: Int32 = -1

    init(options: SearchIndexOptions) { self.options = options }

    /// One document's terms: parallel arrays of term ids and per-field counts (`fieldCount` per term).
    private struct Analysis {
        var termIds: [Int32] = []
        var counts: [UInt16] = []
        var lengths = [Int](repeating: 0, count: SearchField.allCases.count)
    }

    private mutating func id(of term: String) -> Int32 {
        if let existing = termIds[term] { return existing }
        let new = Int32(terms.count)
        termIds[term] = new
        terms.append(term)
        strongTerm.append(false)
        documentFrequency.append(0)
        termSlot.append(0)
        slotDocument.append(-1)
        return new
    }

    private mutating func wordId(of word: [UInt8]) -> Int32 {
        if let existing = wordIds[WordKey(bytes: word)] { return existing }
        let new = Int32(words.count)
        wordIds[WordKey(bytes: word)] = new
        words.append(word)
        wordOccurrences.append(0)
        if let term = SearchTokenizer.term(ofWord: word) {
            wordTerm.append(id(of: String(decoding: term, as: UTF8.self)))
        } else {
            wordTerm.append(-1)
        }
        return new
    }

    private mutating func add(_ termId: Int32, _ field: SearchField, into analysis: inout Analysis) {
        let fieldCount = SearchField.allCases.count
        let term = Int(termId)
        let slot: Int
        if slotDocument[term] == currentDocument {
            slot = Int(termSlot[term])
        } else {
            slot = analysis.termIds.count
            slotDocument[term] = currentDocument
            termSlot[term] = Int32(slot)
            analysis.termIds.append(termId)
            analysis.counts.append(contentsOf: repeatElement(0, count: fieldCount))
            documentFrequency[term] += 1
        }
        let index = slot * fieldCount + field.rawValue
        if analysis.counts[index] < UInt16.max { analysis.counts[index] += 1 }
        analysis.lengths[field.rawValue] += 1
        if field != .body && field != .summary { strongTerm[term] = true }
    }

    private mutating func addText(_ text: String, _ field: SearchField, phrases: Bool, into analysis: inout Analysis) {
        var previous: Int32 = -1
        SearchTokenizer.forEachWord(text) { word in
            let wordIndex = Int(wordId(of: word))
            let termId = wordTerm[wordIndex]
            guard termId >= 0 else { return }
            wordOccurrences[wordIndex] += 1
            add(termId, field, into: &analysis)
            if phrases {
                if previous >= 0 {
                    add(id(of: terms[Int(previous)] + " " + terms[Int(termId)]), .phrase, into: &analysis)
                }
                previous = termId
            }
        }
    }

    private mutating func analyze(_ document: SearchDocument) -> Analysis {
        var analysis = Analysis()
        currentDocument += 1
        if let code = document.code {
            add(id(of: String(code)), .code, into: &analysis)
            add(id(of: String(code / 100) + "xx"), .code, into: &analysis)
        }
        addText(document.title, .title, phrases: true, into: &analysis)
        for alias in document.aliases { addText(alias, .aliases, phrases: true, into: &analysis) }
        for keyword in document.keywords { addText(keyword, .keywords, phrases: true, into: &analysis) }
        for tag in document.tags { addText(tag, .tags, phrases: true, into: &analysis) }
        for heading in document.headings { addText(heading, .headings, phrases: false, into: &analysis) }
        addText(document.summary, .summary, phrases: false, into: &analysis)
        addText(document.text, .body, phrases: false, into: &analysis)
        return analysis
    }

    mutating func build(_ input: [SearchDocument]) -> [String: [UInt8]] {
        // Stable order: by URL, then by input position for equal URLs.
        let documents = input.enumerated().sorted { left, right in
            left.element.url == right.element.url ? left.offset < right.offset
                : left.element.url.utf16.lexicographicallyPrecedes(right.element.url.utf16)
        }.map(\.element)

        var analyses: [Analysis] = []
        analyses.reserveCapacity(documents.count)
        for document in documents { analyses.append(analyze(document)) }

        let fieldCount = SearchField.allCases.count
        var averageLengths = [Double](repeating: 0, count: fieldCount)
        for analysis in analyses {
            for field in 0..<fieldCount { averageLengths[field] += Double(analysis.lengths[field]) }
        }
        for field in 0..<fieldCount {
            averageLengths[field] = documents.isEmpty ? 0 : averageLengths[field] / Double(documents.count)
        }

        // Postings in document order, so gaps are positive.
        var postings = [[UInt8]](repeating: [], count: terms.count)
        var previousDocument = [Int](repeating: 0, count: terms.count)
        for (documentId, analysis) in analyses.enumerated() {
            for (slot, termId) in analysis.termIds.enumerated() {
                var partial = 0.0
                for field in SearchField.allCases {
                    let count = Double(analysis.counts[slot * fieldCount + field.rawValue])
                    guard count > 0 else { continue }
                    let average = averageLengths[field.rawValue] > 0 ? averageLengths[field.rawValue] : 1
                    let b = field.lengthNormalization
                    let norm = 1 - b + b * Double(analysis.lengths[field.rawValue]) / average
                    partial += field.weight * count * (SearchScoring.k1 + 1) / (count + SearchScoring.k1 * norm)
                }
                let term = Int(termId)
                PostingCodec.appendVarint(documentId - previousDocument[term], to: &postings[term])
                PostingCodec.appendDigit(SearchScoring.quantize(partial), to: &postings[term])
                previousDocument[term] = documentId
            }
        }

        // Status codes: "#502" lists the articles about status 502 (search.js puts them first).
        var codeDocuments: [Int: [Int]] = [:]
        for (documentId, document) in documents.enumerated() {
            if let code = document.code { codeDocuments[code, default: []].append(documentId) }
        }
        var entries: [(term: String, postings: [UInt8])] = []
        entries.reserveCapacity(terms.count + codeDocuments.count)
        for (term, list) in zip(terms, postings) { entries.append((term, list)) }
        for (code, ids) in codeDocuments {
            var list: [UInt8] = []
            var previous = 0
            for documentId in ids {
                PostingCodec.appendVarint(documentId - previous, to: &list)
                PostingCodec.appendDigit(SearchScoring.maximumScore, to: &list)
                previous = documentId
            }
            entries.append(("#" + String(code), list))
        }
        entries.sort { $0.term.utf16.lexicographicallyPrecedes($1.term.utf16) }

        let vocabulary = vocabularyWords()
        let records = documents.map { documentRecord($0) }
        if documents.count < options.singleFileLimit {
            let single = singleFile(documents.count, averageLengths, entries, records, vocabulary)
            if single.count <= options.singleFileMaxBytes { return ["index.json": single] }
        }
        return shardedFiles(documents.count, averageLengths, entries, records, vocabulary)
    }

    /// Words offered for typo correction and "did you mean": the most common surface form of each term that
    /// is not a number, has at least 3 letters, and appears in a strong field or in two documents.
    private func vocabularyWords() -> [String] {
        // The most frequent word of each term (ties: the earlier in UTF-16 order).
        var bestWord = [Int](repeating: -1, count: terms.count)
        for (wordIndex, termId) in wordTerm.enumerated() where termId >= 0 {
            let term = Int(termId)
            let current = bestWord[term]
            if current < 0 || wordOccurrences[wordIndex] > wordOccurrences[current]
                || (wordOccurrences[wordIndex] == wordOccurrences[current]
                    && words[wordIndex].lexicographicallyPrecedes(words[current])) {
                bestWord[term] = wordIndex
            }
        }
        var result: [String] = []
        for (index, term) in terms.enumerated() {
            guard strongTerm[index] || documentFrequency[index] >= 2, bestWord[index] >= 0 else { continue }
            guard !term.utf8.contains(where: { $0 == 0x20 || ($0 >= 0x30 && $0 <= 0x39) }) else { continue }
            let word = String(decoding: words[bestWord[index]], as: UTF8.self)
            guard word.unicodeScalars.count >= 3 else { continue }
            result.append(word)
        }
        result.sort { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        return result
    }

    private func documentRecord(_ document: SearchDocument) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if let code = document.code { writer.key("c"); writer.int(code) }
        writer.key("p")
        writer.beginArray()
        for passage in PassageExtractor(options: options).passages(of: document) {
            writer.beginArray(); writer.string(passage.heading); writer.string(passage.text); writer.endArray()
        }
        writer.endArray()
        writer.key("t"); writer.string(document.title)
        writer.key("u"); writer.string(document.url)
        writer.endObject()
        return writer.bytes
    }

    private func writeHeader(_ writer: inout JSONWriter, documents: Int, averages: [Double]) {
        writer.key("documents"); writer.int(documents)
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

    private func writeTerms(_ writer: inout JSONWriter, _ entries: ArraySlice<(term: String, postings: [UInt8])>) {
        writer.beginObject()
        for entry in entries {
            writer.key(entry.term)
            writer.raw([0x22] + entry.postings + [0x22])
        }
        writer.endObject()
    }

    private func singleFile(_ count: Int, _ averages: [Double], _ entries: [(term: String, postings: [UInt8])],
                            _ records: [[UInt8]], _ vocabulary: [String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("docs")
        writer.beginArray()
        for record in records { writer.raw(record) }
        writer.endArray()
        writeHeader(&writer, documents: count, averages: averages)
        writer.key("layout"); writer.string("single")
        writer.key("scoreSteps"); writer.decimal(SearchScoring.steps)
        writer.key("terms"); writeTerms(&writer, entries[...])
        writer.key("version"); writer.int(SearchIndexBuilder.formatVersion)
        writer.key("vocabulary")
        writer.beginArray()
        for word in vocabulary { writer.string(word) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// The vocabulary file of a word: words of 3...15 code points by length, longer ones share file 16.
    static func vocabularyBucket(_ word: String) -> Int { Swift.min(16, word.unicodeScalars.count) }

    private func shardedFiles(_ count: Int, _ averages: [Double], _ entries: [(term: String, postings: [UInt8])],
                              _ records: [[UInt8]], _ vocabulary: [String]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]

        // Term shards: contiguous ranges of the sorted terms of about shardTargetBytes each.
        var bounds: [String] = []
        var start = 0
        var size = 0
        func closeShard(upTo end: Int) {
            guard end > start else { return }
            var writer = JSONWriter()
            writeTerms(&writer, entries[start..<end])
            files["terms/\(bounds.count).json"] = writer.bytes
            bounds.append(entries[start].term)
            start = end
            size = 0
        }
        for (index, entry) in entries.enumerated() {
            let entrySize = entry.term.utf8.count + entry.postings.count + 6
            if size > 0 && size + entrySize > options.shardTargetBytes { closeShard(upTo: index) }
            size += entrySize
        }
        closeShard(upTo: entries.count)

        let perChunk = Swift.max(1, options.documentsPerChunk)
        var chunk = 0
        while chunk * perChunk < records.count {
            var writer = JSONWriter()
            writer.beginArray()
            for record in records[(chunk * perChunk)..<Swift.min(records.count, (chunk + 1) * perChunk)] {
                writer.raw(record)
            }
            writer.endArray()
            files["docs/\(chunk).json"] = writer.bytes
            chunk += 1
        }

        var buckets: [Int: [String]] = [:]
        for word in vocabulary { buckets[Self.vocabularyBucket(word), default: []].append(word) }
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
        writeHeader(&writer, documents: count, averages: averages)
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

/// The compact posting encoding (README "Postings"): per document, the gap to the previous document id as a
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
