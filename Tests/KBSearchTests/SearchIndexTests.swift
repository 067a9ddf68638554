import Foundation
import XCTest
@testable import KBSearch

final class SearchIndexTests: XCTestCase {
    private let sharded = SearchIndexOptions(singleFileLimit: 5, shardTargetBytes: 400, documentsPerChunk: 5)

    /// Document ids follow URL order.
    private func documentId(_ url: String) -> Int? {
        FixtureDocuments.all.map(\.url).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }.firstIndex(of: url)
    }

    private func postings(_ files: [String: [UInt8]], _ term: String) throws -> [(document: Int, score: Int)] {
        let manifest = try jsonObject(files["index.json"])
        var terms = manifest["terms"] as? [String: String]
        if terms == nil {
            let bounds = try XCTUnwrap(manifest["shards"] as? [String])
            let number = bounds.lastIndex { !term.utf16.lexicographicallyPrecedes($0.utf16) } ?? 0
            terms = try jsonObject(files["terms/\(number).json"]) as? [String: String]
        }
        let encoded = try XCTUnwrap(terms?[term], "no term \(term)")
        return try XCTUnwrap(PostingCodec.decode(Array(encoded.utf8)))
    }

    func testSmallSiteIsOneVersionedFile() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all)
        XCTAssertEqual(Array(files.keys), ["index.json"])
        let manifest = try jsonObject(files["index.json"])
        XCTAssertEqual(manifest["version"] as? Int, 1)
        XCTAssertEqual(manifest["format"] as? String, "kb-search")
        XCTAssertEqual(manifest["layout"] as? String, "single")
        XCTAssertEqual(manifest["documents"] as? Int, 12)
        XCTAssertEqual((manifest["docs"] as? [Any])?.count, 12)
    }

    func testTopLevelKeysAreSorted() throws {
        let bytes = try XCTUnwrap(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"])
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = ["\"docs\":", "\"documents\":", "\"fields\":", "\"format\":", "\"k1\":", "\"layout\":",
                    "\"scoreSteps\":", "\"terms\":", "\"version\":", "\"vocabulary\":"]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions.count, keys.count)
        XCTAssertEqual(positions, positions.sorted())
    }

    func testOutputIsDeterministicAndIndependentOfInputOrder() {
        let first = SearchIndexBuilder.build(FixtureDocuments.all, options: sharded)
        let second = SearchIndexBuilder.build(FixtureDocuments.all.reversed(), options: sharded)
        XCTAssertEqual(first, second)
    }

    func testShardingStartsAtTheSingleFileLimit() throws {
        let below = SearchIndexOptions(singleFileLimit: 13)
        XCTAssertEqual(Array(SearchIndexBuilder.build(FixtureDocuments.all, options: below).keys), ["index.json"])
        let atLimit = SearchIndexBuilder.build(FixtureDocuments.all, options: SearchIndexOptions(singleFileLimit: 12))
        XCTAssertEqual(try jsonObject(atLimit["index.json"])["layout"] as? String, "sharded")
    }

    func testLargeSingleFileIsShardedInstead() throws {
        let small = SearchIndexBuilder.build(FixtureDocuments.all, options: SearchIndexOptions(singleFileMaxBytes: 1_000))
        XCTAssertEqual(try jsonObject(small["index.json"])["layout"] as? String, "sharded")
        let bytes = try XCTUnwrap(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"]).count
        let fits = SearchIndexBuilder.build(FixtureDocuments.all, options: SearchIndexOptions(singleFileMaxBytes: bytes))
        XCTAssertEqual(try jsonObject(fits["index.json"])["layout"] as? String, "single")
    }

    func testShardedLayoutFiles() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all, options: sharded)
        let manifest = try jsonObject(files["index.json"])
        XCTAssertEqual(manifest["layout"] as? String, "sharded")
        XCTAssertEqual(manifest["documentsPerChunk"] as? Int, 5)
        XCTAssertNil(manifest["terms"])
        let bounds = try XCTUnwrap(manifest["shards"] as? [String])
        XCTAssertGreaterThan(bounds.count, 3)
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("terms/") }.count, bounds.count)
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("docs/") }.sorted(), ["docs/0.json", "docs/1.json", "docs/2.json"])
        let lengths = try XCTUnwrap(manifest["vocabularyLengths"] as? [Int])
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("vocabulary/") }.sorted(),
                       lengths.map { "vocabulary/\($0).json" }.sorted())
    }

    func testEachTermLivesInTheShardItsBoundsSelect() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all, options: sharded)
        let bounds = try XCTUnwrap(try jsonObject(files["index.json"])["shards"] as? [String])
        XCTAssertEqual(bounds, bounds.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
        for number in bounds.indices {
            let terms = try jsonObject(files["terms/\(number).json"])
            XCTAssertFalse(terms.isEmpty)
            for term in terms.keys {
                let selected = bounds.lastIndex { !term.utf16.lexicographicallyPrecedes($0.utf16) } ?? 0
                XCTAssertEqual(selected, number, term)
            }
        }
    }

    func testShardsStayNearTheTargetSize() {
        let files = SearchIndexBuilder.build(FixtureDocuments.all, options: sharded)
        for (path, bytes) in files where path.hasPrefix("terms/") {
            XCTAssertLessThanOrEqual(bytes.count, 400 + 200, path)
        }
    }

    func testPostingsListEveryDocumentWithTheTermAndRankTitleAboveBody() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all)
        let list = try postings(files, "gateway")
        let ids = list.map(\.document)
        XCTAssertEqual(ids, try [documentId("/502-bad-gateway/"), documentId("/504-gateway-timeout/")].map {
            try XCTUnwrap($0)
        }.sorted())
        let firewalls = try postings(files, "firewall")
        XCTAssertEqual(firewalls.map(\.document), [try XCTUnwrap(documentId("/connection-reset/"))])
        XCTAssertGreaterThan(list[0].score, firewalls[0].score)
    }

    func testPostingsAreTheSameInBothLayouts() throws {
        let single = SearchIndexBuilder.build(FixtureDocuments.all)
        let split = SearchIndexBuilder.build(FixtureDocuments.all, options: sharded)
        for term in ["gateway", "502", "bad gateway", "#404", "cach"] {
            XCTAssertEqual(try postings(single, term).map { [$0.document, $0.score] },
                           try postings(split, term).map { [$0.document, $0.score] }, term)
        }
    }

    func testStatusCodeTermListsItsArticles() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all)
        XCTAssertEqual(try postings(files, "#502").map(\.document), [try XCTUnwrap(documentId("/502-bad-gateway/"))])
        XCTAssertEqual(try postings(files, "5xx").count, 4)
    }

    func testAdjacentTitleKeywordAndAliasWordsBecomePhrases() throws {
        let files = SearchIndexBuilder.build(FixtureDocuments.all)
        XCTAssertEqual(try postings(files, "bad gateway").map(\.document), [try XCTUnwrap(documentId("/502-bad-gateway/"))])
        XCTAssertEqual(try postings(files, "sit down").map(\.document),
                       [try XCTUnwrap(documentId("/503-service-unavailable/"))])
    }

    func testAverageFieldLengthsCountTerms() throws {
        let manifest = try jsonObject(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"])
        let fields = try XCTUnwrap(manifest["fields"] as? [String: [String: Double]])
        let titleTerms = FixtureDocuments.all.reduce(0) { $0 + SearchTokenizer.tokens($1.title).count }
        let expected = (Double(titleTerms) / 12 * 1000).rounded() / 1000
        XCTAssertEqual(fields["title"]?["averageLength"], expected)
        XCTAssertEqual(fields["code"]?["averageLength"], (2 * 8.0 / 12 * 1000).rounded() / 1000)
        XCTAssertEqual(fields["title"]?["weight"], 8)
        XCTAssertEqual(fields["body"]?["b"], 0.75)
    }

    func testVocabularyHoldsReadableWordsNotNumbersOrPhrases() throws {
        let manifest = try jsonObject(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"])
        let vocabulary = try XCTUnwrap(manifest["vocabulary"] as? [String])
        XCTAssertTrue(vocabulary.contains("gateway"))
        XCTAssertTrue(vocabulary.contains("cache"))
        XCTAssertFalse(vocabulary.contains("cach"))
        XCTAssertFalse(vocabulary.contains { $0.contains(" ") || $0.contains(where: \.isNumber) })
        XCTAssertEqual(vocabulary, vocabulary.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
    }

    func testMarkupInDocumentsIsEscapedInTheIndex() throws {
        let bytes = try XCTUnwrap(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"])
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("\"t\":\"\\u003cimg src=x onerror=alert(1)\\u003e\""))
        XCTAssertFalse(text.contains("<"))
    }

    func testDocumentRecordHoldsSummaryThenSectionPassages() throws {
        let manifest = try jsonObject(SearchIndexBuilder.build(FixtureDocuments.all)["index.json"])
        let docs = try XCTUnwrap(manifest["docs"] as? [[String: Any]])
        let record = try XCTUnwrap(docs.first { $0["u"] as? String == "/404-not-found/" })
        XCTAssertEqual(record["t"] as? String, "404 Not Found")
        XCTAssertEqual(record["c"] as? Int, 404)
        let passages = try XCTUnwrap(record["p"] as? [[String]])
        XCTAssertEqual(passages, [
            ["", "The page you asked for does not exist at this address."],
            ["What it means", "The server has nothing at this address. The link may be old or mistyped."],
            ["What you can do", "Refresh the page, wait a minute and try again."],
        ])
        let guide = try XCTUnwrap(docs.first { $0["u"] as? String == "/clearing-cache/" })
        XCTAssertNil(guide["c"])
    }

    func testLongParagraphsAreClippedAtASentenceEnd() throws {
        let sentence = "This sentence is about forty characters. "
        let document = SearchDocument(url: "/x/", title: "X", code: nil, summary: "", headings: [],
                                      text: String(repeating: sentence, count: 20), keywords: [], aliases: [], tags: [])
        let passages = PassageExtractor(options: SearchIndexOptions(passageLength: 100)).passages(of: document)
        XCTAssertEqual(passages, [Passage(heading: "", text: String(repeating: sentence, count: 2).dropLast() + "")])
    }

    func testPassageBudgetLimitsStoredText() {
        let lines = (0..<50).map { "Paragraph number \($0) has some words." }.joined(separator: "\n")
        let document = SearchDocument(url: "/x/", title: "X", code: nil, summary: "S.", headings: [], text: lines,
                                      keywords: [], aliases: [], tags: [])
        let passages = PassageExtractor(options: SearchIndexOptions(passageBudget: 100)).passages(of: document)
        XCTAssertEqual(passages.map(\.text), ["S.", "Paragraph number 0 has some words.",
                                              "Paragraph number 1 has some words."])
    }

    func testEmptySiteHasAnEmptyIndex() throws {
        let manifest = try jsonObject(SearchIndexBuilder.build([])["index.json"])
        XCTAssertEqual(manifest["documents"] as? Int, 0)
        XCTAssertEqual((manifest["terms"] as? [String: Any])?.count, 0)
    }

    func testPostingCodecRoundTripsLargeGaps() throws {
        var bytes: [UInt8] = []
        for (gap, score) in [(0, 5), (31, 63), (32, 0), (1_000_000, 17)] {
            PostingCodec.appendVarint(gap, to: &bytes)
            PostingCodec.appendDigit(score, to: &bytes)
        }
        let decoded = try XCTUnwrap(PostingCodec.decode(bytes))
        XCTAssertEqual(decoded.map { [$0.document, $0.score] }, [[0, 5], [31, 63], [63, 0], [1_000_063, 17]])
    }

    func testQuantizedScoresGrowWithThePartial() {
        XCTAssertEqual(SearchScoring.quantize(0), 0)
        XCTAssertEqual(SearchScoring.quantize(1), 9)
        XCTAssertEqual(SearchScoring.quantize(3), 18)
        XCTAssertEqual(SearchScoring.quantize(10_000), 63)
    }
}
