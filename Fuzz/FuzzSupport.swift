// Shared helpers for the libFuzzer harnesses (compiled into each harness; see run.sh).

import Glibc

/// Stops the fuzzer with a message; libFuzzer saves the input as a crash.
func fuzzFail(_ message: String) -> Never {
    fputs("fuzz invariant broken: \(message)\n", stderr)
    abort()
}

/// CPU time of this thread in nanoseconds: less disturbed than wall time when other jobs share the cores.
func fuzzThreadNanoseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return spec.tv_sec * 1_000_000_000 + spec.tv_nsec
}

/// The fastest of a few runs of `work`, in nanoseconds.
func fuzzFastest(_ runs: Int, _ work: () -> Void) -> Int {
    var best = Int.max
    for _ in 0..<runs {
        let start = fuzzThreadNanoseconds()
        work()
        best = min(best, fuzzThreadNanoseconds() - start)
    }
    return best
}

/// Checks that `work` costs about linear time in its input: the input is repeated to about `baseBytes`,
/// then to eight times that, and the larger run may take at most `allowedRatio` times the smaller one
/// (plus a fixed slack). Linear work gives about 8x; quadratic gives about 64x. A failing measurement is
/// repeated before trapping, so one noisy moment on a busy machine does not count as a finding.
/// Runs only for inputs whose hash picks them (about one in `every`), to keep the fuzzer fast.
func fuzzCheckLinear(_ input: [UInt8], name: String, every: Int = 16, baseBytes: Int = 4096,
                     allowedRatio: Int = 24, slackNanoseconds: Int = 3_000_000,
                     _ work: ([UInt8]) -> Void) {
    guard input.count >= 8 else { return }
    var hash: UInt64 = 1469598103934665603
    for byte in input { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
    guard hash % UInt64(every) == 0 else { return }
    let copies = max(1, baseBytes / input.count)
    var small: [UInt8] = []
    small.reserveCapacity(copies * input.count)
    for _ in 0..<copies { small += input }
    var large: [UInt8] = []
    large.reserveCapacity(small.count * 8)
    for _ in 0..<8 { large += small }
    var worst = (small: 0, large: 0)
    for _ in 0..<3 {
        let smallTime = fuzzFastest(3) { work(small) }
        let largeTime = fuzzFastest(2) { work(large) }
        if largeTime <= smallTime * allowedRatio + slackNanoseconds { return }
        worst = (smallTime, largeTime)
    }
    fuzzFail("\(name): \(small.count) bytes took \(worst.small / 1000) µs but \(large.count) bytes took \(worst.large / 1000) µs (superlinear)")
}

/// Checks that every `<tag>` in `html` is closed in order, ignoring void elements; returns a problem or nil.
/// Only meaningful for HTML where a literal `<` always starts a tag (raw HTML escaped).
func fuzzUnbalancedTag(_ html: [UInt8]) -> String? {
    let voids: Set<String> = ["br", "hr", "img", "input", "meta", "link", "col", "wbr", "source", "area", "base", "embed", "track"]
    var stack: [String] = []
    var index = 0
    let count = html.count
    while index < count {
        guard html[index] == UInt8(ascii: "<") else { index += 1; continue }
        var cursor = index + 1
        let closing = cursor < count && html[cursor] == UInt8(ascii: "/")
        if closing { cursor += 1 }
        let nameStart = cursor
        while cursor < count, (html[cursor] >= 97 && html[cursor] <= 122) || (html[cursor] >= 48 && html[cursor] <= 57) {
            cursor += 1
        }
        let name = String(decoding: html[nameStart..<cursor], as: UTF8.self)
        if name.isEmpty { return "a '<' at byte \(index) that starts no tag" }
        while cursor < count, html[cursor] != UInt8(ascii: ">") { cursor += 1 }
        guard cursor < count else { return "unterminated tag <\(name) at byte \(index)" }
        let selfClosing = html[cursor - 1] == UInt8(ascii: "/")
        index = cursor + 1
        if voids.contains(name) || selfClosing { continue }
        if closing {
            guard let open = stack.popLast() else { return "</\(name)> with nothing open at byte \(nameStart)" }
            if open != name { return "</\(name)> closes <\(open)> at byte \(nameStart)" }
        } else {
            stack.append(name)
        }
    }
    if let open = stack.last { return "<\(open)> never closed" }
    return nil
}
