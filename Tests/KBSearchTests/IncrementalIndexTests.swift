import XCTest
@testable import KBSearch

/// Parallel analysis and cached rebuilds must give exactly the files of a from-scratch build.
final class IncrementalIndexTests: XCTestCase {
    /// Options that shard the small test corpus, so term shards, doc chunks and vocabulary files are all written.
    private let sharded = SearchIndexOptions(singleFileLimit: 0, shardTargetBytes: 600, documentsPerChunk: 3)

    /// About 60 articles: the fixture site plus variants with their own URLs, words (some non-ASCII) and codes.
    private func corpus() -> [SearchDocument] {
        let extra = ["Café déjà vu", "Straße naïve façade", "ÆON œuvre", "emoji 😀 smile", "\u{E000}private use",
                     "tabs\tand  spaces", "quotes \"and\" <markup> & more"]
        var documents = FixtureDocuments.all
        for index in 0..<48 {
            var document = FixtureDocuments.all[index % FixtureDocuments.all.count]
            document.url = "/variant-\(index)\(document.url)"
            document.title += " variant \(extra[index % extra.count])"
            document.text += "\nNote \(index): \(extra[(index * 3) % extra.count]) gateway retries \(index % 5) times."
            document.keywords.append("keyword \(index % 4)")
            if index % 6 == 0 { document.code = 400 + index }
            documents.append(document)
        }
        return documents
    }

    private func assertIdentical(_ actual: [String: [UInt8]], _ expected: [String: [UInt8]],
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.keys.sorted(), expected.keys.sorted(), file: file, line: line)
        for (path, bytes) in expected where actual[path] != bytes {
            XCTFail("\(path) differs", file: file, line: line)
        }
    }

    func testManyChunksGiveTheFilesOfOneChunk() {
        let documents = corpus()
        let one = IndexBuilder(options: sharded, chunkCount: 1).build(documents, cache: SearchIndexCache())
        let many = IndexBuilder(options: sharded, chunkCount: 7).build(documents, cache: SearchIndexCache())
        XCTAssertGreaterThan(one.count, 20)
        assertIdentical(many, one)
    }

    func testManyChunksGiveTheSingleFileOfOneChunk() {
        let documents = corpus()
        let one = IndexBuilder(options: SearchIndexOptions(), chunkCount: 1).build(documents, cache: SearchIndexCache())
        let many = IndexBuilder(options: SearchIndexOptions(), chunkCount: 5).build(documents, cache: SearchIndexCache())
        XCTAssertEqual(Array(one.keys), ["index.json"])
        assertIdentical(many, one)
    }

    func testRebuildWithUnchangedDocumentsIsIdentical() {
        let documents = corpus()
        let cache = SearchIndexCache()
        let first = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache), first)
        assertIdentical(first, SearchIndexBuilder.build(documents, options: sharded))
    }

    func testRebuildAfterEditingTextMatchesAFreshBuild() {
        var documents = corpus()
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        documents[5].text += "\nA brand new paragraph about zeppelins and über-proxies."
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                        SearchIndexBuilder.build(documents, options: sharded))
    }

    func testRebuildAfterEditingTitleMatchesAFreshBuild() {
        var documents = corpus()
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        documents[20].title = "Renamed gateway article"
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                        SearchIndexBuilder.build(documents, options: sharded))
    }

    func testRebuildAfterAddingADocumentMatchesAFreshBuild() {
        var documents = corpus()
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        var added = documents[3]
        added.url = "/added/"
        added.text = "Quokka quokkas everywhere: an article with words no other article has."
        added.code = 418
        documents.append(added)
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                        SearchIndexBuilder.build(documents, options: sharded))
    }

    func testRebuildAfterRemovingADocumentMatchesAFreshBuild() {
        var documents = corpus()
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        // The fixture's only article with these words: its terms and vocabulary words must disappear.
        documents.removeAll { $0.url == "/clearing-cache/" }
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                        SearchIndexBuilder.build(documents, options: sharded))
    }

    func testSequenceOfEditsKeepsMatchingFreshBuilds() {
        var documents = corpus()
        let cache = SearchIndexCache()
        for round in 0..<6 {
            documents[(round * 17) % documents.count].text += "\nRound \(round) mentions flamingo\(round)."
            if round % 2 == 0 { documents.remove(at: (round * 5) % documents.count) }
            assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                            SearchIndexBuilder.build(documents, options: sharded))
        }
    }

    func testDuplicateURLsRebuildMatchesAFreshBuild() {
        var documents = corpus()
        var twin = documents[0]
        twin.title = "Twin with the same URL"
        documents.append(twin)
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        documents[documents.count - 1].text += "\nThe twin changed."
        assertIdentical(SearchIndexBuilder.build(documents, options: sharded, cache: cache),
                        SearchIndexBuilder.build(documents, options: sharded))
    }

    func testCacheUsedWithOtherOptionsMatchesAFreshBuild() {
        let documents = corpus()
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(documents, options: sharded, cache: cache)
        let other = SearchIndexOptions(singleFileLimit: 0, passageLength: 60, passageBudget: 200)
        assertIdentical(SearchIndexBuilder.build(documents, options: other, cache: cache),
                        SearchIndexBuilder.build(documents, options: other))
    }

    func testEmptyDocumentListAfterABuild() {
        let cache = SearchIndexCache()
        _ = SearchIndexBuilder.build(corpus(), options: sharded, cache: cache)
        assertIdentical(SearchIndexBuilder.build([], options: sharded, cache: cache),
                        SearchIndexBuilder.build([], options: sharded))
    }

    func testByteOrderMatchesUTF16Order() {
        let samples = ["", "a", "ab", "b", "z", "é", "ü", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFD}",
                       "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}", "a\u{E000}", "a😀", "#502", "502", "bad gateway"]
        for left in samples {
            for right in samples {
                XCTAssertEqual(UTF16Order.precedes(left, right), left.utf16.lexicographicallyPrecedes(right.utf16),
                               "\(left.unicodeScalars.map(\.value)) vs \(right.unicodeScalars.map(\.value))")
            }
        }
    }

    func testSortedPositionsOfManyStringsMatchUTF16Order() {
        // Enough strings for the two-core sort and its merge; duplicates must keep input order.
        let pieces = ["a", "b", "gateway", "gate", "é", "\u{E000}", "😀", "z", " ", "0", "\u{FFFF}", "\u{10000}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var strings: [String] = []
        for _ in 0..<6_000 {
            var text = ""
            for _ in 0..<(Int(state % 4) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            strings.append(text)
        }
        let expected = strings.indices.sorted { left, right in
            strings[left] == strings[right] ? left < right
                : strings[left].utf16.lexicographicallyPrecedes(strings[right].utf16)
        }
        XCTAssertEqual(UTF16Order.sortedPositions(strings).map { Int($0) }, expected)
    }

    func testWordTableFindsEveryWordEvenWhenHashesCollide() {
        // Equal changes 64 bytes apart cancel in the cheap hash, so these words all collide: the table must
        // switch hashes and still find each one under its own id.
        var words: [[UInt8]] = []
        for position in 0..<64 {
            for change: UInt8 in 1...20 {
                var word = [UInt8](repeating: 0x61, count: 128)
                word[position] ^= change
                word[position + 64] ^= change
                words.append(word)
            }
        }
        words += (0..<3_000).map { Array("word\($0)".utf8) }
        var table = WordTable()
        for (index, word) in words.enumerated() {
            let (found, hash) = word.withUnsafeBufferPointer { table.find($0) }
            XCTAssertEqual(found, -1)
            XCTAssertEqual(word.withUnsafeBufferPointer { table.insert($0, hash: hash) }, Int32(index))
        }
        for (index, word) in words.enumerated() {
            XCTAssertEqual(word.withUnsafeBufferPointer { table.find($0).0 }, Int32(index))
        }
    }

    func testPassagesOfAnArticleWithManyHeadingsNameTheirSections() {
        let headings = (0..<20).map { "Section \($0)" }
        let text = headings.map { "\($0)\nParagraph of \($0.lowercased()) with enough words to be kept." }
            .joined(separator: "\n")
        let document = SearchDocument(url: "/many/", title: "Many", code: nil, summary: "", headings: headings,
                                      text: text, keywords: [], aliases: [], tags: [])
        let passages = PassageExtractor(options: SearchIndexOptions(passageBudget: 150)).passages(of: document)
        XCTAssertEqual(passages, [
            Passage(heading: "Section 0", text: "Paragraph of section 0 with enough words to be kept."),
            Passage(heading: "Section 1", text: "Paragraph of section 1 with enough words to be kept."),
            Passage(heading: "Section 2", text: "Paragraph of section 2 with enough words to…"),
        ])
    }
}
