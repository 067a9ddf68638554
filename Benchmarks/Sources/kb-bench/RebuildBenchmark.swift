import Foundation
import KBSite

/// `kb-bench rebuild ARTICLES [TEMPLATES]`: a first build, then edits to one article's body, each rebuilt by a
/// SiteSession as `kb serve` does; prints the time of each step.
func rebuildBenchmark(_ arguments: [String]) {
    guard let articles = arguments.first else {
        print("usage: kb-bench rebuild ARTICLES [TEMPLATES]")
        return
    }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bench-rebuild-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    let options = BuildOptions(articlesDirectory: articles, templatesDirectory: arguments.count > 1 ? arguments[1] : "Templates",
                               outputDirectory: output)
    let session = SiteSession(options: options)
    do {
        var start = Date()
        let first = try session.build()
        print(String(format: "first build: %d articles, %d files in %.0f ms", first.articleCount, first.writtenFiles,
                     Date().timeIntervalSince(start) * 1000))
        let files = try FileManager.default.contentsOfDirectory(atPath: articles).filter { $0.hasSuffix(".md") && $0 != "_index.md" }.sorted()
        guard let target = files.dropFirst(files.count / 2).first else { return }
        let path = articles + "/" + target
        let original = try String(contentsOfFile: path, encoding: .utf8)
        defer { try? original.write(toFile: path, atomically: true, encoding: .utf8) }
        var times: [Double] = []
        for round in 1...(Int(ProcessInfo.processInfo.environment["KB_BENCH_ROUNDS"] ?? "") ?? 7) {
            try (original + "\nEdited paragraph number \(round).\n").write(toFile: path, atomically: true, encoding: .utf8)
            start = Date()
            let stageStart = Date()
            let trace = ProcessInfo.processInfo.environment["KB_BENCH_TRACE"] != nil
            let report = try session.build(progress: { stage in
                if trace { print(String(format: "    %.1f ms  %@", Date().timeIntervalSince(stageStart) * 1000, stage)) }
            })
            let elapsed = Date().timeIntervalSince(start) * 1000
            times.append(elapsed)
            start = Date()
            // KB_BENCH_SKIP_SEARCH=1 leaves the search index out, so a profile shows the page rebuild alone.
            let searchFiles = ProcessInfo.processInfo.environment["KB_BENCH_SKIP_SEARCH"] == nil ? try session.finishDeferredWork() : 0
            let searchTime = Date().timeIntervalSince(start) * 1000
            print(String(format: "edit %d of %@: rendered %d pages, wrote %d files in %.1f ms; then the search index (%d files) in %.0f ms",
                         round, target, report.renderedPages, report.writtenFiles, elapsed, searchFiles, searchTime))
        }
        times.sort()
        print(String(format: "median one-article rebuild: %.1f ms", times[times.count / 2]))
    } catch {
        print("rebuild benchmark failed: \(error)")
    }
}
