// The search benchmark: builds the index of N articles and reports its size and what one query downloads.
//
//   swift run -c release kb-bench search N [--corpus DIR] [--out DIR]
//
// Without --corpus it runs `python3 Benchmarks/gen_corpus.py N TMP` to get a synthetic corpus. With --out it
// also writes the index files there (to inspect them or serve them to a browser).
import Foundation
import KBSearch

func searchBenchmark(_ arguments: [String]) {
    var count = 1_000
    var corpus: String?
    var output: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--corpus", index + 1 < arguments.count {
            corpus = arguments[index + 1]; index += 2
        } else if argument == "--out", index + 1 < arguments.count {
            output = arguments[index + 1]; index += 2
        } else if let number = Int(argument), number > 0 {
            count = number; index += 1
        } else {
            print("usage: kb-bench search N [--corpus DIR] [--out DIR]")
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

    let started = Date()
    let files = SearchIndexBuilder.build(documents)
    let seconds = Date().timeIntervalSince(started)

    let total = files.values.reduce(0) { $0 + $1.count }
    let manifestSize = files["index.json"]?.count ?? 0
    print("search index: \(documents.count) articles, built in \(String(format: "%.2f", seconds)) s")
    print("  files: \(files.count), total: \(kilobytes(total)), index.json: \(kilobytes(manifestSize))")
    for (folder, label) in [("terms/", "term shards"), ("docs/", "doc chunks"), ("vocabulary/", "vocabulary")] {
        let sizes = files.filter { $0.key.hasPrefix(folder) }.map(\.value.count)
        guard !sizes.isEmpty else { continue }
        print("  \(label): \(sizes.count) files, total \(kilobytes(sizes.reduce(0, +))), largest "
              + "\(kilobytes(sizes.max() ?? 0))")
    }

    let planner = QueryDownloadPlanner(files: files)
    print("first-query downloads (cold cache; doc chunks counted for the top 20 results by exact-term score):")
    for query in ["502", "error 502", "bad gateway", "gatewya", "gatew", "connection reset by peer",
                  "site keeps saying try again later", "is my data safe", "too many requests 429"] {
        let plan = planner.plan(query)
        let line = "  \(query.padding(toLength: 34, withPad: " ", startingAt: 0)) \(kilobytes(plan.bytes))"
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

/// Which index files search.js fetches for a first query, following its lookup rules (README "Search",
/// "What a query downloads"): the manifest, the shard of each term, of each phrase and code, the shards of the
/// last word's prefix range (at most 3), vocabulary files when a word is unknown, and the doc chunks of the
/// top 20 articles.
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
        let words = query.split(whereSeparator: { $0 == " " }).map(String.init)
        let terms = SearchTokenizer.tokens(query)
        var scores: [Int: Double] = [:]
        let count = Double(manifest["documents"] as? Int ?? 1)
        for term in terms {
            needed.insert("terms/\(shard(of: term)).json")
            if term.count == 3, Int(term) != nil { needed.insert("terms/\(shard(of: "#" + term)).json") }
            if let list = postings(term) {
                let decoded = Self.decode(list)
                let idf = log(1 + (count - Double(decoded.count) + 0.5) / (Double(decoded.count) + 0.5))
                for (document, score) in decoded { scores[document, default: 0] += idf * (pow(2, Double(score) / 9) - 1) }
            } else if term.count >= 4 && !term.contains(where: \.isNumber) {
                let length = term.unicodeScalars.count
                let edits = length >= 8 ? 2 : 1
                for bucket in (length - edits)...(length + edits) { needed.insert("vocabulary/\(min(16, bucket)).json") }
                needed.insert("terms/\(shard(of: term)).json")  // the corrected terms sit near the typo
            }
        }
        for (first, second) in zip(terms, terms.dropFirst()) { needed.insert("terms/\(shard(of: first + " " + second)).json") }
        if let last = words.last?.lowercased(), last.count >= 2 {
            let first = shard(of: last)
            let end = min(shard(of: last + "\u{FFFF}"), first + 2)
            for number in first...max(first, end) { needed.insert("terms/\(number).json") }
        }
        let perChunk = manifest["documentsPerChunk"] as? Int ?? 1
        let top = scores.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.prefix(20)
        for (document, _) in top { needed.insert("docs/\(document / perChunk).json") }
        let bytes = needed.reduce(0) { $0 + (files[$1]?.count ?? 0) }
        return (bytes, needed)
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
