import XCTest
import KBMarkdown
@testable import KBSite

/// The help-center model read from an article's parse tree.
final class HelpArticleTests: XCTestCase {
    func model(_ markdown: String) -> HelpArticle { HelpArticle(document: MarkdownParser.parse(markdown, options: .site)) }

    let article = """
    Opening words.

    ## What it means

    The server behind the proxy answered badly.

    ## Common causes

    - A crash.

    ## How long it usually lasts

    Most 502s are short. A restart takes a minute or two. Rarely longer.

    ## What you can do

    1. **Refresh once.** Press `F5`.
    2. Wait.

    ## For site owners

    Check the upstream:

    - **Read the error log** first.
    - Restart the app server.

    ## Is my data safe?

    ### Was my request processed?

    Probably not, since the answer
    never arrived.

    More detail.

    #### Aside

    Still part of the answer.

    ### Is there a question without an answer?

    ## Our own section

    Text.
    """

    func testSectionsAreFoundByTheirHeadings() {
        let help = model(article)
        XCTAssertEqual(help.sections.map(\.kind), [.meaning, .causes, .duration, .actions, .owners, .dataSafety, nil])
        XCTAssertEqual(help.preamble.map(\.plainText), ["Opening words."])
        XCTAssertEqual(help.section(.dataSafety)?.subsections.map(\.level), [3, 4, 3])
        XCTAssertEqual(help.section(.meaning)?.heading.line, 3)
    }

    func testQuestionsCollectTheirAnswersAndEmptyOnesAreKept() {
        let help = model(article)
        XCTAssertEqual(help.questions.map(\.question), ["Was my request processed?", "Is there a question without an answer?"])
        XCTAssertEqual(help.questions[0].answer, "Probably not, since the answer never arrived. More detail. Still part of the answer.")
        XCTAssertEqual(help.questions[1].answer, "")
        XCTAssertEqual(help.questions[1].line, 40)
        XCTAssertEqual(help.faq.map(\.question), ["Was my request processed?"])
    }

    func testDurationIsTheFirstSentencePlusTheFirstThatNamesATime() {
        XCTAssertEqual(model(article).duration, "Most 502s are short. A restart takes a minute or two.")
    }

    func testDurationTableKeepsItsRows() {
        let help = model("## How long it usually lasts\n\n| Situation | Duration |\n| --- | --- |\n| Restart | Under a minute |\n| Crash | Hours |\n")
        XCTAssertEqual(help.durationRows.map(\.situation), ["Restart", "Crash"])
        XCTAssertEqual(help.durationRows.map(\.duration), ["Under a minute", "Hours"])
        XCTAssertEqual(help.duration, "Restart: Under a minute.")
    }

    func testStepsOfReadersAndSiteOwners() {
        let help = model(article)
        XCTAssertEqual(help.readerSteps, [QuickStep(lead: "Refresh once.", rest: " Press \u{201C}F5\u{201D}.", text: "Refresh once. Press \u{201C}F5\u{201D}."),
                                          QuickStep(lead: "", rest: "", text: "Wait.")])
        XCTAssertEqual(help.readerSteps[1].line, 18)
        XCTAssertEqual(help.ownerSteps.map(\.text), ["Read the error log first.", "Restart the app server."])
    }

    func testDataSafeIsTheFirstParagraphUnderTheFirstQuestion() {
        XCTAssertEqual(model(article).dataSafe, "Probably not, since the answer never arrived.")
        XCTAssertEqual(model("## Is my data safe?\n\nYes. Nothing was stored.\n\n### More?\n\nNo.\n").dataSafe, "Yes. Nothing was stored.")
    }

    func testMissingSectionsGiveNil() {
        let help = model("## Something else\n\nText.\n")
        XCTAssertNil(help.duration)
        XCTAssertNil(help.dataSafe)
        XCTAssertTrue(help.readerSteps.isEmpty)
        XCTAssertTrue(help.questions.isEmpty)
    }

    func testHeadingNamesComeFromOneTablePerLanguage() {
        XCTAssertEqual(HelpSectionNames.forLanguage("en-GB").kind(of: "How long it usually lasts"), .duration)
        XCTAssertEqual(HelpSectionNames.forLanguage("xx").kind(of: "Frequently asked questions"), .faq)
        XCTAssertNil(HelpSectionNames.english.kind(of: "Our own section"))
    }
}
