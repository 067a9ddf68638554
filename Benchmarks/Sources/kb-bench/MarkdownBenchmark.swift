import Foundation
import KBMarkdown

// kb-bench markdown [FILE] [--iterations N]
// Parse + render throughput on FILE (MB/s, best and median of N runs), then the time of each
// hostile input at 50,000 repetitions, which must stay in the tens of milliseconds (linear).
func markdownBenchmark(_ arguments: [String]) {
    var iterations = 10
    var path: String?
    var index = 0
    while index < arguments.count {
        if arguments[index] == "--iterations", index + 1 < arguments.count, let n = Int(arguments[index + 1]), n > 0 {
            iterations = n
            index += 2
        } else {
            path = arguments[index]
            index += 1
        }
    }
    if let path {
        guard let data = FileManager.default.contents(atPath: path) else {
            print("kb-bench markdown: cannot read '\(path)'")
            exit(74)
        }
        throughput(name: path, bytes: [UInt8](data), iterations: iterations)
    }
    pathologicalTimings()
}

/// CPU time of this thread: on a shared machine wall time mostly measures the neighbours.
private func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

private func wallSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

private func throughput(name: String, bytes: [UInt8], iterations: Int) {
    var cpu: [Double] = []
    var wall: [Double] = []
    var outputSize = 0
    for _ in 0..<iterations {
        let startCPU = cpuSeconds(), startWall = wallSeconds()
        let document = MarkdownParser.parse(utf8: bytes, options: .gfm)
        let html = HTMLRenderer.renderUTF8(document)
        cpu.append(cpuSeconds() - startCPU)
        wall.append(wallSeconds() - startWall)
        outputSize = html.count
    }
    cpu.sort()
    wall.sort()
    let megabytes = Double(bytes.count) / 1_000_000
    print(String(format: "markdown %@: %.2f MB in, %.2f MB out, %d runs of parse + render (GFM)", name, megabytes,
                 Double(outputSize) / 1_000_000, iterations))
    print(String(format: "  CPU time:  best %.1f ms = %.1f MB/s, median %.1f ms = %.1f MB/s", cpu[0] * 1000, megabytes / cpu[0],
                 cpu[cpu.count / 2] * 1000, megabytes / cpu[cpu.count / 2]))
    print(String(format: "  wall time: best %.1f ms = %.1f MB/s, median %.1f ms = %.1f MB/s", wall[0] * 1000, megabytes / wall[0],
                 wall[wall.count / 2] * 1000, megabytes / wall[wall.count / 2]))
}

/// The hostile inputs of the test suite, timed at 25,000 and 50,000 repetitions (parse + render,
/// best of 3); a ratio near 2 means linear time, near 4 would mean quadratic.
private func pathologicalTimings() {
    let cases: [(String, (Int) -> String)] = [
        ("nested brackets", { String(repeating: "[", count: $0) + "a" + String(repeating: "]", count: $0) }),
        ("nested block quotes", { String(repeating: "> ", count: $0) + "a" }),
        ("nested list markers", { String(repeating: "- ", count: $0) + "a" }),
        ("nested ordered lists", { String(repeating: "1. ", count: $0) + "a" }),
        ("unclosed *", { String(repeating: "*a ", count: $0) }),
        ("unclosed _", { String(repeating: "_a ", count: $0) }),
        ("unclosed ~~", { String(repeating: "~~a ", count: $0) }),
        ("unclosed `", { "``x " + String(repeating: "`a` ", count: $0) }),
        ("unclosed [", { String(repeating: "[a ", count: $0) }),
        ("unclosed ![", { String(repeating: "![a ", count: $0) }),
        ("unclosed <", { String(repeating: "<a ", count: $0) }),
        ("unclosed [a](", { String(repeating: "[a](", count: $0) }),
        ("unclosed <!--", { String(repeating: "a <!-- ", count: $0) }),
        ("unclosed titles", { String(repeating: "[a](b \"", count: $0) }),
        ("emphasis closers a***", { String(repeating: "a***", count: $0) }),
        ("*a **a ... a** a*", { String(repeating: "*a **a ", count: $0) + "b" + String(repeating: " a** a*", count: $0) }),
        ("nested emphasis", { String(repeating: "*", count: $0) + "a" + String(repeating: "*", count: $0) }),
        ("nested images", { String(repeating: "![", count: $0) + "a" + String(repeating: "](b)", count: $0) }),
        ("image openers before links ![[]()", { String(repeating: "![[]()", count: $0) }),
        ("nested empty links [[[[]()]()]()", { String(repeating: "[[[[]()]()]()", count: $0) }),
        ("deep link parentheses", { "[a](" + String(repeating: "(", count: $0) + String(repeating: ")", count: $0) + ")" }),
        ("underscores before @", { String(repeating: "a_", count: $0) + "@b.com" }),
        ("identical headings", { String(repeating: "## x\n", count: $0) }),
        ("link reference definitions", { n in
            var text = ""
            for i in 0..<n { text += "[l\(i)]: /u\(i)\n" }
            text += "\n"
            for i in 0..<n { text += "[l\(i)] " }
            return text
        }),
        ("table rows", { "| a | b |\n|---|---|\n" + String(repeating: "| c | d |\n", count: $0) }),
        ("table columns", { "|" + String(repeating: "a|", count: $0) + "\n|" + String(repeating: "-|", count: $0) + "\n"
            + "|" + String(repeating: "a|", count: $0) + "\n" }),
        ("wide table, short rows (n/10 square)", { "|" + String(repeating: "a|", count: $0 / 10) + "\n|"
            + String(repeating: "-|", count: $0 / 10) + "\n" + String(repeating: "x\n", count: $0 / 10) }),
    ]
    func time(_ text: String) -> (Double, Int) {
        let bytes = Array(text.utf8)
        var best = Double.infinity
        var outputSize = 0
        for _ in 0..<3 {
            let start = cpuSeconds()
            let html = HTMLRenderer.renderUTF8(MarkdownParser.parse(utf8: bytes))
            best = min(best, cpuSeconds() - start)
            outputSize = html.count
        }
        return (best, outputSize)
    }
    print("pathological inputs, parse + render, CPU time, best of 3 (ratio = time at 50,000 / time at 25,000):")
    for (name, make) in cases {
        let half = time(make(25_000))
        let input = make(50_000)
        let full = time(input)
        let label = name.padding(toLength: 38, withPad: " ", startingAt: 0)
        print(String(format: "  %@ %9d B in %9d B out %8.1f ms  ratio %.1f", label, input.utf8.count, full.1,
                     full.0 * 1000, full.0 / max(half.0, 1e-6)))
    }
}
