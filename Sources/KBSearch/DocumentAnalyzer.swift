import Dispatch
import Foundation

/// What the index needs of one document, computed once and kept by `SearchIndexCache` while the document is
/// unchanged. Term and word ids index the tables of whoever analyzed it (a chunk, then the cache after a merge).
struct DocumentAnalysis: Sendable {
    /// The terms the document contains, in order of first occurrence (one "slot" each).
    var termIds: [Int32] = []
    /// Per slot, its non-zero field counts in field order as `field << 16 | count`; a slot's last cell has
    /// `lastCell` set. Sparse, because most terms occur in one or two of the nine fields.
    var cells: [UInt32] = []
    /// Terms per field (BM25 field length).
    var lengths: [Int32] = Array(repeating: 0, count: SearchField.allCases.count)
    /// Words that became terms, and how often each occurs (for the vocabulary's surface forms).
    var wordIds: [Int32] = []
    var wordCounts: [Int32] = []
    /// The document's JSON record in `docs`.
    var record: [UInt8] = []

    static let lastCell: UInt32 = 1 << 31

    static func field(of cell: UInt32) -> Int { Int((cell >> 16) & 0xF) }
    static func count(of cell: UInt32) -> Int { Int(cell & 0xFFFF) }
}

/// Analyzes a run of documents with its own term and word tables, so runs can go on separate cores; the
/// tables are merged into the cache's afterwards.
struct ChunkAnalyzer {
    let options: SearchIndexOptions
    private(set) var terms: [String] = []
    private var termIds: [String: Int32] = [:]
    /// Phrase (first term, second term) -> term id, so a phrase costs no string building once seen.
    private var phraseIds: [Int64: Int32] = [:]
    private(set) var words: [[UInt8]] = []
    /// The term of each word, or -1 for a stop word or a word too long.
    private(set) var wordTerm: [Int32] = []
    private var wordIds: WordTable

    // Per term / word: its slot in the document being analyzed, valid when the matching `...Document` is it.
    private var termSlot: [Int32] = []
    private var termDocument: [Int32] = []
    private var wordSlot: [Int32] = []
    private var wordDocument: [Int32] = []
    private var currentDocument: Int32 = -1

    // The document being analyzed; dense counts (`fieldCount` per slot) are packed into cells at the end.
    private var slotTerms: [Int32] = []
    private var counts: [UInt16] = []
    private var lengths: [Int32] = []
    private var documentWords: [Int32] = []
    private var documentWordCounts: [Int32] = []

    private static let fieldCount = SearchField.allCases.count

    init(options: SearchIndexOptions) {
        self.options = options
        wordIds = WordTable()
    }

    private mutating func id(of term: String) -> Int32 {
        if let existing = termIds[term] { return existing }
        let new = Int32(terms.count)
        termIds[term] = new
        terms.append(term)
        termSlot.append(0)
        termDocument.append(-1)
        return new
    }

    private mutating func phraseId(_ first: Int32, _ second: Int32) -> Int32 {
        let key = Int64(first) << 32 | Int64(second)
        if let existing = phraseIds[key] { return existing }
        let new = id(of: terms[Int(first)] + " " + terms[Int(second)])
        phraseIds[key] = new
        return new
    }

    private mutating func wordId(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (found, hash) = wordIds.find(word)
        if found >= 0 { return found }
        let bytes = Array(word)
        let new = wordIds.insert(word, hash: hash)
        words.append(bytes)
        wordSlot.append(0)
        wordDocument.append(-1)
        if let term = SearchTokenizer.term(ofWord: bytes) {
            wordTerm.append(id(of: String(decoding: term, as: UTF8.self)))
        } else {
            wordTerm.append(-1)
        }
        return new
    }

    private mutating func add(_ termId: Int32, _ field: SearchField) {
        let term = Int(termId)
        let slot: Int
        if termDocument[term] == currentDocument {
            slot = Int(termSlot[term])
        } else {
            slot = slotTerms.count
            termDocument[term] = currentDocument
            termSlot[term] = Int32(slot)
            slotTerms.append(termId)
            counts.append(contentsOf: repeatElement(0, count: Self.fieldCount))
        }
        let index = slot * Self.fieldCount + field.rawValue
        if counts[index] < UInt16.max { counts[index] += 1 }
        lengths[field.rawValue] += 1
    }

    private mutating func countWord(_ wordIndex: Int) {
        if wordDocument[wordIndex] == currentDocument {
            documentWordCounts[Int(wordSlot[wordIndex])] += 1
        } else {
            wordDocument[wordIndex] = currentDocument
            wordSlot[wordIndex] = Int32(documentWords.count)
            documentWords.append(Int32(wordIndex))
            documentWordCounts.append(1)
        }
    }

    private mutating func addText(_ text: String, _ field: SearchField, phrases: Bool) {
        var previous: Int32 = -1
        SearchTokenizer.forEachWord(text) { word in
            let wordIndex = Int(wordId(of: word))
            let termId = wordTerm[wordIndex]
            guard termId >= 0 else { return }
            countWord(wordIndex)
            add(termId, field)
            if phrases {
                if previous >= 0 { add(phraseId(previous, termId), .phrase) }
                previous = termId
            }
        }
    }

    /// The analysis of one document, with ids into this analyzer's tables.
    mutating func analyze(_ document: SearchDocument) -> DocumentAnalysis {
        currentDocument += 1
        slotTerms.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        lengths = Array(repeating: 0, count: Self.fieldCount)
        documentWords.removeAll(keepingCapacity: true)
        documentWordCounts.removeAll(keepingCapacity: true)

        if let code = document.code {
            add(id(of: String(code)), .code)
            add(id(of: String(code / 100) + "xx"), .code)
        }
        addText(document.title, .title, phrases: true)
        for alias in document.aliases { addText(alias, .aliases, phrases: true) }
        for keyword in document.keywords { addText(keyword, .keywords, phrases: true) }
        for tag in document.tags { addText(tag, .tags, phrases: true) }
        for heading in document.headings { addText(heading, .headings, phrases: false) }
        addText(document.summary, .summary, phrases: false)
        addText(document.text, .body, phrases: false)

        var analysis = DocumentAnalysis()
        analysis.termIds = slotTerms
        analysis.cells.reserveCapacity(slotTerms.count + slotTerms.count / 2)
        for slot in slotTerms.indices {
            let base = slot * Self.fieldCount
            var last = -1
            for field in 0..<Self.fieldCount where counts[base + field] > 0 { last = field }
            for field in 0...last where counts[base + field] > 0 {
                let cell = UInt32(field) << 16 | UInt32(counts[base + field])
                analysis.cells.append(field == last ? cell | DocumentAnalysis.lastCell : cell)
            }
        }
        analysis.lengths = lengths
        analysis.wordIds = documentWords
        analysis.wordCounts = documentWordCounts
        analysis.record = Self.documentRecord(document, options: options)
        return analysis
    }

    static func documentRecord(_ document: SearchDocument, options: SearchIndexOptions) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if let code = document.code { writer.key("c"); writer.int(code) }
        writer.key("p")
        writer.beginArray()
        for passage in PassageExtractor(options: options).passages(of: document) {
            writer.beginArray(); writer.string(passage.heading); writer.string(passage.text)
            // A third element marks an aside, which the snippet shows only when it matches more words.
            if passage.aside { writer.int(1) }
            writer.endArray()
        }
        writer.endArray()
        writer.key("t"); writer.string(document.title)
        writer.key("u"); writer.string(document.url)
        writer.endObject()
        return writer.bytes
    }
}

/// An open-addressing table of word ids keyed by the word's bytes, which it keeps in one flat buffer: one cheap
/// hash per token and no pointer chasing, instead of a `Hasher` round and a separate array per word.
struct WordTable {
    private struct Slot {
        var hash: UInt64 = 0
        var id: Int32 = -1
    }
    private var slots = [Slot](repeating: Slot(), count: 1024)
    private var bytes: [UInt8] = []
    /// Word `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private var starts: [Int] = [0]
    /// Set once a probe chain grows long (words crafted to collide): from then on the seeded standard hash.
    private var seeded = false
    /// Longer probe chains than this switch the table to the seeded hash; at half load they are otherwise rare.
    private static let longestProbe = 64

    var count: Int { starts.count - 1 }

    private func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if seeded {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(word))
            return UInt64(UInt(bitPattern: hasher.finalize()))
        }
        // Rotate-xor per byte (cheap), then a multiply-xorshift mix so the slot bits depend on every byte.
        var hash = UInt64(word.count)
        for byte in word { hash = (hash << 7 | hash >> 57) ^ UInt64(byte) }
        hash = (hash ^ (hash >> 31)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 29)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 32)
    }

    /// The id of `word`, or -1 and the hash to insert it with.
    func find(_ word: UnsafeBufferPointer<UInt8>) -> (Int32, UInt64) {
        let hash = hash(word)
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { stored in
                let mask = slots.count - 1
                var index = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let slot = slots[index]
                    if slot.id < 0 { return (-1, hash) }
                    if slot.hash == hash {
                        let start = starts[Int(slot.id)]
                        let end = starts[Int(slot.id) + 1]
                        if end - start == word.count, let base = stored.baseAddress, let probe = word.baseAddress,
                           memcmp(base + start, probe, word.count) == 0 {
                            return (slot.id, hash)
                        }
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// Adds a word `find` did not find, with the hash it returned; returns its id (ids count up from 0).
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let id = Int32(count)
        bytes.append(contentsOf: word)
        starts.append(bytes.count)
        if count * 2 > slots.count { grow() }
        if place(Slot(hash: hash, id: id)) > Self.longestProbe && !seeded {
            seeded = true
            rehashAll()
        }
        return id
    }

    /// Puts `slot` in the first free place of its chain; returns how many places it passed.
    @discardableResult
    private mutating func place(_ slot: Slot) -> Int {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: slot.hash) & mask
        var probes = 0
        while slots[index].id >= 0 {
            index = (index + 1) & mask
            probes += 1
        }
        slots[index] = slot
        return probes
    }

    /// Doubles the slots, keeping each word's hash.
    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        for slot in old where slot.id >= 0 { place(slot) }
    }

    /// Places every word again under the current hash.
    private mutating func rehashAll() {
        slots = [Slot](repeating: Slot(), count: slots.count)
        let stored = bytes
        let starts = self.starts
        stored.withUnsafeBufferPointer { buffer in
            for id in 0..<(starts.count - 1) {
                let word = UnsafeBufferPointer(rebasing: buffer[starts[id]..<starts[id + 1]])
                place(Slot(hash: hash(word), id: Int32(id)))
            }
        }
    }
}

/// Runs independent iterations on all cores.
enum Parallel {
    static var coreCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}

/// Result slots written by distinct indices from concurrent iterations (also used by KBSite's parallel map).
package final class ParallelSlots<Value>: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Value?>
    private let count: Int

    package init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        pointer.deinitialize(count: max(count, 1))
        pointer.deallocate()
    }

    /// Each index is written by exactly one iteration, so no lock is needed.
    package func set(_ index: Int, _ value: Value) { pointer[index] = value }

    package func take() -> [Value] { (0..<count).compactMap { pointer[$0] } }
}
