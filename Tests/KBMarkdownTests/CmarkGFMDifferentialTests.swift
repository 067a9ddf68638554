import Foundation
import XCTest
import KBMarkdown
import KBTestSupport

/// kb's GFM output against cmark-gfm's on generated documents (issue #18): the recording is checked in
/// (`Tests/KBMarkdownDifferential/cmark-gfm.json`), so the comparison runs everywhere; where cmark-gfm is
/// installed (CI), the recording is made again and must be identical.
final class CmarkGFMDifferentialTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KBMarkdownDifferential")
    static let recording = folder.appendingPathComponent("cmark-gfm.json")

    struct Recording: Decodable {
        struct Document: Decodable { var markdown: String; var html: String }
        var recordedWith: String
        var command: String
        var documents: [Document]
    }

    func loadRecording(_ url: URL = recording) throws -> Recording {
        try JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }

    /// Writes the generated documents as 0000.md, 0001.md ... into `folder`.
    static func writeDocuments(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, document) in DifferentialCorpus.documents().enumerated() {
            let name = String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index) + ".md"
            try Data(document.utf8).write(to: folder.appendingPathComponent(name))
        }
    }

    /// Not a check: `record.sh` runs this with KB_DIFFERENTIAL_WRITE=<folder> to get the documents.
    func testWriteDocuments() throws {
        guard let path = ProcessInfo.processInfo.environment["KB_DIFFERENTIAL_WRITE"] else {
            throw XCTSkip("only record.sh runs this (KB_DIFFERENTIAL_WRITE names the folder)")
        }
        try CmarkGFMDifferentialTests.writeDocuments(to: URL(fileURLWithPath: path))
    }

    func testRecordingHoldsTheGeneratedDocuments() throws {
        let recorded = try loadRecording().documents.map(\.markdown)
        let generated = DifferentialCorpus.documents()
        XCTAssertGreaterThan(generated.count, 300)
        XCTAssertEqual(recorded, generated, "the generator changed: run Tests/KBMarkdownDifferential/record.sh")
    }

    func testKBRendersEveryDocumentAsCmarkGFM() throws {
        var failures: [String] = []
        var explained: [String: Int] = [:]
        for (index, document) in try loadRecording().documents.enumerated() {
            let ours = HTMLRenderer.render(MarkdownParser.parse(document.markdown, options: .gfm))
            let report = "document \(index):\n\(document.markdown)\n-- cmark-gfm:\n\(document.html)-- kb:\n\(ours)"
            switch CmarkGFMDifferences.compare(markdown: document.markdown, kb: ours, cmark: document.html) {
            case .same: break
            case .different: failures.append(report)
            case .expectedDifference(let defect): explained[defect, default: 0] += 1
            case .defectGone(let defect): failures.append("listed cmark-gfm defect '\(defect)' no longer shows:\n" + report)
            }
        }
        if let path = ProcessInfo.processInfo.environment["KB_DIFFERENTIAL_REPORT"] {
            try failures.joined(separator: "\n====\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(failures.count, 0, "\(failures.count) differ; first ones:\n" + failures.prefix(4).joined(separator: "\n====\n"))
        // Each listed defect without a normalisation is met by the generated documents, so it stays tested.
        for defect in CmarkGFMDifferences.defects where defect.normalize == nil {
            XCTAssertGreaterThan(explained[defect.name] ?? 0, 0, "no generated document shows '\(defect.name)'")
        }
    }

    func testListedDefectsAreMetByTheGeneratedDocuments() {
        let documents = DifferentialCorpus.documents().map { Array($0.utf8) }
        for defect in CmarkGFMDifferences.defects {
            XCTAssertTrue(documents.contains(where: defect.applies), defect.name)
        }
    }

    func testRecordingIsWhatCmarkGFMGivesToday() throws {
        _ = try ExternalTool.cmarkGFM()
        _ = try ExternalTool.python3()
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("kb-differential-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let documents = temporary.appendingPathComponent("documents")
        try CmarkGFMDifferentialTests.writeDocuments(to: documents)
        let output = temporary.appendingPathComponent("cmark-gfm.json")
        let process = Process()
        process.executableURL = CmarkGFMDifferentialTests.folder.appendingPathComponent("record.sh")
        process.arguments = [documents.path, output.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let fresh = try String(contentsOf: output, encoding: .utf8)
        let checkedIn = try String(contentsOf: CmarkGFMDifferentialTests.recording, encoding: .utf8)
        XCTAssertTrue(fresh == checkedIn, "cmark-gfm now gives other output than Tests/KBMarkdownDifferential/cmark-gfm.json "
                      + "(or the generator changed): re-run record.sh and review the difference")
    }

    func testEveryDifferenceHasAReason() {
        for difference in CmarkGFMDifferences.intended { XCTAssertGreaterThan(difference.reason.count, 40, difference.name) }
        for defect in CmarkGFMDifferences.defects { XCTAssertGreaterThan(defect.reason.count, 40, defect.name) }
    }
}
