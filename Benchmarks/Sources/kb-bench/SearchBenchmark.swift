// The search benchmark: builds the index of N articles and reports its size and what one query downloads.
//
//   swift run -c release kb-bench search N [--corpus DIR] [--out DIR] [--rounds R] [--verify]
//
// Without --corpus it runs `python3 Benchmarks/gen_corpus.py N TMP` to get a synthetic corpus. With --out it
// also writes the index files there (to inspect them or serve them to a browser). It times full builds and
// incremental rebuilds with a SearchIndexCache after editing one article's body (medians of R rounds);
// --verify also checks each incremental result against a fresh build.
import Foundation
import KBSearch

func searchBenchmark(_ arguments: [String]) {
    var count = 1_000
    var corpus: String?
    var output: String?
    var rounds = 5
    var verify = false
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--corpus", index + 1 < arguments.count {
            corpus = arguments[index + 1]; index += 2
        } else if argument == "--out", index + 1 < arguments.count {
            output = arguments[index + 1]; index += 2
        } else if argument == "--rounds", index + 1 < arguments.count, let number = Int(arguments[index + 1]), number > 0 {
            rounds = number; index += 2
        } else if argument == "--verify" {
            verify = true; index += 1
        } else if let number = Int(argument), number > 0 {
            count = number; index += 1
        } else {
            print("usage: kb-bench search N [--corpus DIR] [--out DIR] [--rounds R] [--verify]")
            exit(64)
        }
    }

    let directory: String
    if let corpus {
        directory = corpus
    } else {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-search-corpus-\(count)").path
        if !FileManager.default.fileExists(atPath: directory) {
            let generator = Process()
            generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            generator.arguments = ["python3", "Benchmarks/gen_corpus.py", String(count), directory]
            do { try generator.run() } catch { print("cannot run gen_corpus.py: \(error)"); exit(74) }
            generator.waitUntilExit()
            guard generator.terminationStatus == 0 else { print("gen_corpus.py failed"); exit(74) }
        }
    }
    let documents = BenchmarkCorpus.read(directory)
    guard !documents.isEmpty else { print("no articles in \(directory)"); exit(65) }

    let (files, full) = measure { SearchIndexBuilder.build(documents) }
    print("search index: \(documents.count) articles, built in \(String(format: "%.2f", full.wall)) s "
          + "(\(String(format: "%.2f", full.cpu)) s of CPU)")
    incrementalBenchmark(documents, rounds: rounds, verify: verify)

    let total = files.values.reduce(0) { $0 + $1.count }
    let manifestSize = files["index.json"]?.count ?? 0
    print("  files: \(files.count), total: \(kilobytes(total)), index.json: \(kilobytes(manifestSize))")
    for (folder, label) in [("terms/", "term shards"), ("docs/", "doc chunks"), ("vocabulary/", "vocabulary")] {
        let sizes = files.filter { $0.key.hasPrefix(folder) }.map(\.value.count)
        guard !sizes.isEmpty else { continue }
        print("  \(label): \(sizes.count) files, total \(kilobytes(sizes.reduce(0, +))), largest "
              + "\(kilobytes(sizes.max() ?? 0))")
    }

    let planner = QueryDownloadPlanner(files: files)
    print("first-query downloads (cold cache: manifest, term shards, vocabulary, doc chunks of the top 20):")
    for query in ["502", "error 502", "bad gateway", "gatewya", "gatew", "connection reset by peer",
                  "site keeps saying try again later", "is my data safe", "too many requests 429",
                  "upload of large files through the proxy fails with bad gateway error after waiting"] {
        let plan = planner.plan(query)
        let label = query.count < 40 ? query.padding(toLength: 40, withPad: " ", startingAt: 0) : query + " "
        let line = "  \(label) \(kilobytes(plan.bytes))"
        print(line + "  (\(plan.files.count) files)")
    }

    if let output {
        for (path, bytes) in files {
            let url = URL(fileURLWithPath: output).appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                     withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        }
        print("wrote \(files.count) files to \(output)")
    }
}

/// Times `body`: wall-clock and process CPU seconds.
private func measure<Result>(_ body: () -> Result) -> (Result, (wall: Double, cpu: Double)) {
    let started = Date()
    let cpuStarted = processCPUSeconds()
    let result = body()
    return (result, (Date().timeIntervalSince(started), processCPUSeconds() - cpuStarted))
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

private func milliseconds(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }

/// Full builds with a new cache, then rebuilds with the same cache after editing one article's body each round.
private func incrementalBenchmark(_ original: [SearchDocument], rounds: Int, verify: Bool) {
    var documents = original
    var fullWall: [Double] = []
    var fullCPU: [Double] = []
    var cache = SearchIndexCache()
    for _ in 0..<rounds {
        cache = SearchIndexCache()
        let (_, time) = measure { SearchIndexBuilder.build(documents, cache: cache) }
        fullWall.append(time.wall); fullCPU.append(time.cpu)
    }
    print("  full build with a new cache: median \(milliseconds(median(fullWall))) wall, "
          + "\(milliseconds(median(fullCPU))) CPU (\(rounds) rounds)")
    var editWall: [Double] = []
    var editCPU: [Double] = []
    var mismatches = 0
    for round in 0..<rounds {
        let edited = (round * 7_919) % documents.count
        documents[edited].text += "\nEdited in round \(round): the gateway answered slowly."
        let (files, time) = measure { SearchIndexBuilder.build(documents, cache: cache) }
        editWall.append(time.wall); editCPU.append(time.cpu)
        if verify && files != SearchIndexBuilder.build(documents) { mismatches += 1 }
    }
    print("  rebuild after editing one article: median \(milliseconds(median(editWall))) wall, "
          + "\(milliseconds(median(editCPU))) CPU (\(rounds) rounds)")
    if verify { print("  verify: \(mismatches == 0 ? "identical to fresh builds" : "\(mismatches) MISMATCHES")") }
}

/// CPU time of this process, so a busy shared machine does not inflate the figure.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

private func kilobytes(_ bytes: Int) -> String { String(format: "%.1f KB", Double(bytes) / 1024) }

/// Reads the front matter and body of gen_corpus.py articles (a small YAML subset) into search documents.
enum BenchmarkCorpus {
    static func read(_ directory: String) -> [SearchDocument] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        return names.compactMap { name in
            guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { return nil }
            return document(slug: String(name.dropLast(3)), text: text)
        }
    }

    static func document(slug: String, text: String) -> SearchDocument {
        var fields: [String: String] = [:]
        var body = Substring(text)
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") {
            for line in text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            body = text[end.upperBound...]
        }
        var headings: [String] = []
        var lines: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                let heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                headings.append(heading)
                lines.append(heading)
            } else {
                lines.append(String(line))
            }
        }
        return SearchDocument(url: "/\(slug)/", title: unquote(fields["title"] ?? slug),
                              code: fields["code"].flatMap { Int($0) }, summary: unquote(fields["summary"] ?? ""),
                              headings: headings, text: lines.joined(separator: "\n"),
                              keywords: list(fields["keywords"]), aliases: list(fields["aliases"]),
                              tags: list(fields["tags"]))
    }

    static func unquote(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        }
        return value
    }

    static func list(_ value: String?) -> [String] {
        guard let value, value.hasPrefix("["), value.hasSuffix("]") else { return [] }
        return value.dropFirst().dropLast().split(separator: ",").map {
            unquote($0.trimmingCharacters(in: .whitespaces))
        }.filter { !$0.isEmpty }
    }
}

/// Which index files search.js fetches for a first query, following its lookup rules (README "Ranking"): the
/// manifest, the shard of each term, phrase and code, the shards of the last word's prefix range (at most 3),
/// vocabulary files and corrected terms when a word is unknown, and the doc chunks of the top 20 articles.
/// An estimate in Swift; Benchmarks/search.sh measures the real client in Chromium.
struct QueryDownloadPlanner {
    let files: [String: [UInt8]]
    private let manifest: [String: Any]
    private let bounds: [String]
    private var shardTerms: [Int: [String: String]] = [:]

    init(files: [String: [UInt8]]) {
        self.files = files
        manifest = (try? JSONSerialization.jsonObject(with: Data(files["index.json"] ?? []))) as? [String: Any] ?? [:]
        bounds = manifest["shards"] as? [String] ?? []
        for number in bounds.indices {
            let data = Data(files["terms/\(number).json"] ?? [])
            shardTerms[number] = (try? JSONSerialization.jsonObject(with: data)) as? [String: String] ?? [:]
        }
    }

    private func shard(of term: String) -> Int {
        var found = 0
        for (index, bound) in bounds.enumerated() where !term.utf16.lexicographicallyPrecedes(bound.utf16) {
            found = index
        }
        return found
    }

    private func postings(_ term: String) -> String? { shardTerms[shard(of: term)]?[term] }

    func plan(_ query: String) -> (bytes: Int, files: Set<String>) {
        var needed: Set<String> = ["index.json"]
        guard manifest["layout"] as? String == "sharded" else {
            return (files["index.json"]?.count ?? 0, needed)
        }
        let count = Double(manifest["documents"] as? Int ?? 1)
        func load(_ term: String) -> [(Int, Int)] {
            needed.insert("terms/\(shard(of: term)).json")
            return postings(term).map(Self.decode) ?? []
        }
        func value(_ list: [(Int, Int)], _ score: Int, _ factor: Double) -> Double {
            factor * log(1 + (count - Double(list.count) + 0.5) / (Double(list.count) + 0.5))
                * (pow(2, Double(score) / 9) - 1)
        }
        // Query words as search.js groups them (ASCII approximation of the folding).
        let rawWords = query.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var scores: [Int: Double] = [:]
        var matched: [Int: Int] = [:]
        var active = 0
        for (position, word) in rawWords.enumerated() {
            let term = SearchTokenizer.tokens(word).first
            let isLast = position == rawWords.count - 1 && !(query.last?.isWhitespace ?? true)
            guard term != nil || (isLast && word.count >= 2) else { continue }  // stop words are not looked up
            var variants: [(list: [(Int, Int)], factor: Double)] = []
            if let term {
                let list = load(term)
                if !list.isEmpty { variants.append((list, 1)) }
            }
            if isLast && word.count >= 2 {
                let first = shard(of: word)
                let end = max(first, min(shard(of: word + "\u{FFFF}"), first + 2))
                var completions: [(key: String, encoded: String)] = []
                for number in first...end {
                    needed.insert("terms/\(number).json")
                    for (key, encoded) in shardTerms[number] ?? [:]
                    where key.hasPrefix(word) && !key.contains(" ") && key != term {
                        completions.append((key, encoded))
                    }
                }
                completions.sort { $0.encoded.utf16.count == $1.encoded.utf16.count
                    ? $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) : $0.encoded.utf16.count > $1.encoded.utf16.count }
                variants += completions.prefix(12).map { (Self.decode($0.encoded), 0.8) }
            }
            let edits = word.count >= 8 ? 2 : word.count >= 4 ? 1 : 0
            if variants.isEmpty && edits > 0 && !word.contains(where: \.isNumber) {
                var candidates: [(word: String, distance: Int)] = []
                for bucket in Set((word.count - edits)...(word.count + edits)).map({ min(16, $0) }) {
                    needed.insert("vocabulary/\(bucket).json")
                    let data = Data(files["vocabulary/\(bucket).json"] ?? [])
                    for candidate in (try? JSONSerialization.jsonObject(with: data)) as? [String] ?? [] {
                        let distance = Self.editDistance(Array(word), Array(candidate), edits)
                        if distance <= edits && candidate != word { candidates.append((candidate, distance)) }
                    }
                }
                candidates.sort { $0.distance == $1.distance ? $0.word < $1.word : $0.distance < $1.distance }
                for candidate in candidates.prefix(4) {
                    guard let corrected = SearchTokenizer.tokens(candidate.word).first else { continue }
                    let list = load(corrected)
                    if !list.isEmpty { variants.append((list, candidate.distance == 1 ? 0.6 : 0.4)) }
                }
            }
            guard !variants.isEmpty else { continue }
            active += 1
            var best: [Int: Double] = [:]
            for variant in variants {
                for (document, score) in variant.list {
                    best[document] = max(best[document] ?? 0, value(variant.list, score, variant.factor))
                }
            }
            for (document, points) in best { scores[document, default: 0] += points; matched[document, default: 0] += 1 }
        }
        for (document, points) in scores { scores[document] = points * Double(matched[document] ?? 0) / Double(max(1, active)) }
        let terms = SearchTokenizer.tokens(query)
        var phrases: [String: Double] = [:]
        let reach = terms.count <= 6 ? 2 : 1
        for (position, first) in terms.enumerated() {
            for gap in 1...reach where position + gap < terms.count {
                let second = terms[position + gap]
                guard first != second else { continue }
                phrases[first + " " + second] = max(phrases[first + " " + second] ?? 0, gap == 1 ? 1 : 0.5)
                if reach > 1 { phrases[second + " " + first] = max(phrases[second + " " + first] ?? 0, 0.5) }
            }
        }
        for (phrase, factor) in phrases {
            let list = load(phrase)
            for (document, score) in list where scores[document] != nil {
                scores[document, default: 0] += value(list, score, factor)
            }
        }
        for term in terms where term.count == 3 && Int(term) != nil {
            for (document, _) in load("#" + term) { scores[document, default: 0] += 1000 }
        }
        let perChunk = manifest["documentsPerChunk"] as? Int ?? 1
        let top = scores.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.prefix(20)
        for (document, _) in top { needed.insert("docs/\(document / perChunk).json") }
        let bytes = needed.reduce(0) { $0 + (files[$1]?.count ?? 0) }
        return (bytes, needed)
    }

    /// Optimal string alignment distance, or max + 1 when beyond `max`.
    static func editDistance(_ a: [Character], _ b: [Character], _ limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in stride(from: 1, through: a.count, by: 1) {
            var current = [Int](repeating: 0, count: b.count + 1)
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                var cell = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { cell = Swift.min(cell, before[j - 2] + 1) }
                current[j] = cell
            }
            before = previous
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    static func decode(_ text: String) -> [(Int, Int)] {
        var values: [UInt8: Int] = [:]
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8.enumerated() {
            values[byte] = value
        }
        var result: [(Int, Int)] = []
        var document = 0
        var iterator = text.utf8.makeIterator()
        while true {
            var gap = 0
            var shift = 0
            var digit = 0
            repeat {
                guard let byte = iterator.next(), let value = values[byte] else { return result }
                digit = value
                gap |= (digit & 31) << shift
                shift += 5
            } while digit & 32 != 0
            guard let byte = iterator.next(), let score = values[byte] else { return result }
            document += gap
            result.append((document, score))
        }
    }
}
