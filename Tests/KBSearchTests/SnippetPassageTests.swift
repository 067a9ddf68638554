import Foundation
import XCTest
@testable import KBSearch

/// Snippet passages by section: the primary section comes first and whole, passages about other codes are asides.
final class SnippetPassageTests: XCTestCase {
    func document(sections: [SearchSection], code: Int? = 504) -> SearchDocument {
        SearchDocument(url: "/504/", title: "504 Gateway Timeout", code: code, summary: "The server behind waited too long.",
                       headings: sections.map(\.heading), text: "", keywords: [], aliases: [], tags: [], sections: sections)
    }

    let meaning = SearchSection(heading: "What it means", paragraphs: [
        String(repeating: "A first sentence that takes up room. ", count: 8) + "That is a 504 Gateway Timeout. The front server gave up.",
        "A 502 Bad Gateway is the sibling case; a 408 Request Timeout is different again.",
    ], role: .primary)

    func testPrimarySectionKeepsItsLaterSentencesAndMarksOtherCodes() {
        let passages = PassageExtractor(options: SearchIndexOptions()).passages(of: document(sections: [meaning]))
        XCTAssertEqual(passages.first, Passage(heading: "", text: "The server behind waited too long."))
        XCTAssertEqual(passages.count, 4, "\(passages)")
        XCTAssertTrue(passages[2].text.hasSuffix("room. That is a 504 Gateway Timeout. The front server gave up."), "\(passages)")
        XCTAssertEqual(passages.last?.aside, true)
        XCTAssertEqual(passages.filter(\.aside).map(\.text), ["A 502 Bad Gateway is the sibling case; a 408 Request Timeout is different again."])
    }

    func testAsideSectionsComeAfterTheOthers() {
        let sections = [SearchSection(heading: "Other codes", paragraphs: ["See also the neighbours."], role: .aside),
                        SearchSection(heading: "Common causes", paragraphs: ["A slow database."])]
        let passages = PassageExtractor(options: SearchIndexOptions()).passages(of: document(sections: sections))
        XCTAssertEqual(passages.map(\.heading), ["", "Common causes", "Other codes"])
        XCTAssertEqual(passages.map(\.aside), [false, false, true])
    }

    func testNumbersThatAreNotCodesDoNotMakeAnAside() {
        let extractor = PassageExtractor(options: SearchIndexOptions())
        XCTAssertFalse(extractor.namesOtherCode("The CDN waits 100 seconds, then 504 again; RFC 9110, section 15.6.5.", code: 504))
        XCTAssertFalse(extractor.namesOtherCode("Costs $200 or 300% more, version 1.404.2.", code: 504))
        XCTAssertTrue(extractor.namesOtherCode("Cloudflare reports 524, for example.", code: 504))
        XCTAssertFalse(extractor.namesOtherCode("A 502 Bad Gateway.", code: nil))
    }

    func testLongParagraphIsSplitIntoSentenceGroupsLinearly() {
        let extractor = PassageExtractor(options: SearchIndexOptions())
        let text = Array((String(repeating: "word ", count: 100) + "end. Second sentence here. Third one here.").utf8)
        let chunks = extractor.chunks(text, limit: 220)
        XCTAssertEqual(chunks.count, 2, "\(chunks)")
        XCTAssertTrue(chunks[0].hasSuffix("word…"))
        XCTAssertEqual(chunks[1], "Second sentence here. Third one here.")
        XCTAssertLessThanOrEqual(extractor.chunks(Array(String(repeating: "a. ", count: 100_000).utf8), limit: 220).count,
                                 PassageExtractor.chunkLimit)
    }

    func testRecordMarksAsidesWithAThirdElement() {
        let record = String(decoding: ChunkAnalyzer.documentRecord(document(sections: [meaning]), options: SearchIndexOptions()), as: UTF8.self)
        XCTAssertTrue(record.contains("different again.\",1]"), record)
    }

    /// Issue 19: "gateway timeout" showed 504's sentence about 502 being "the sibling case".
    func testGatewayTimeoutSnippetComesFromTheArticlesOwnSentence() throws {
        let documents = try ArticleReader.documents(in: RepositoryPaths.root.appendingPathComponent("Articles"))
        guard documents.contains(where: { $0.url == "/504-gateway-timeout/" }) else { throw XCTSkip("no 504 article") }
        let harness = try BrowserHarness { root in
            try BrowserHarness.write([UInt8](Data(contentsOf: RepositoryPaths.searchScript)), to: "assets/search.js", in: root)
            for (path, bytes) in SearchIndexBuilder.build(documents) { try BrowserHarness.write(bytes, to: "search/" + path, in: root) }
            try BrowserHarness.write(Array("""
            <!doctype html><html><head><meta charset="utf-8"><meta name="kb-base" content="/"></head>
            <body><pre id="out">running</pre><script src="/assets/search.js"></script><script>
            (async () => {
              const response = await window.kbSearch.search('gateway timeout', { limit: 5 });
              const result = response.results.find((r) => r.url === '/504-gateway-timeout/');
              document.getElementById('out').textContent = result ? window.kbSearch.bestPassage(result, response)[1] : 'missing';
            })();
            </script></body></html>
            """.utf8), to: "snippet.html", in: root)
        }
        let dom = try harness.dumpDOM("/snippet.html")
        let text = try XCTUnwrap(DOMText.element(dom, openingPrefix: "<pre id=\"out\"", closing: "</pre>"))
        XCTAssertTrue(text.hasPrefix("That is a 504 Gateway Timeout."), text)
    }
}
