// The cmark-gfm differential of the Markdown harness: where cmark-gfm is installed, each valid UTF-8 input is
// also rendered by it and compared with kb's GFM output through Tests/KBMarkdownTests/CmarkGFMDifferences.swift
// (the intended differences and known cmark-gfm defects, listed once for this harness and `swift test`).
// KB_FUZZ_CMARK_GFM=0 turns it off.

import Glibc

/// The flags of kb's GFM mode, as in Tests/KBMarkdownDifferential/record.sh.
let cmarkGFMArguments = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                         "-e", "tagfilter", "-e", "tasklist", "-e", "footnotes"]

/// The path of cmark-gfm, or nil when it is missing or turned off; looked up once.
let cmarkGFMPath: String? = {
    if let off = getenv("KB_FUZZ_CMARK_GFM"), String(cString: off) == "0" { return nil }
    for folder in ["/usr/bin", "/usr/local/bin"] where access(folder + "/cmark-gfm", X_OK) == 0 {
        return folder + "/cmark-gfm"
    }
    return nil
}()

/// cmark-gfm's HTML for `input`, through temporary files (a pipe both ways could fill up and stall).
func cmarkGFMRender(_ input: [UInt8], tool: String) -> String? {
    var inName = Array("/tmp/kb-fuzz-in-XXXXXX".utf8CString), outName = Array("/tmp/kb-fuzz-out-XXXXXX".utf8CString)
    let inFD = mkstemp(&inName), outFD = mkstemp(&outName)
    guard inFD >= 0, outFD >= 0 else { return nil }
    defer {
        close(inFD); close(outFD)
        unlink(inName); unlink(outName)
    }
    var written = 0
    while written < input.count {
        let n = input.withUnsafeBytes { write(inFD, $0.baseAddress! + written, input.count - written) }
        if n <= 0 { return nil }
        written += n
    }
    lseek(inFD, 0, SEEK_SET)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inFD, 0)
    posix_spawn_file_actions_adddup2(&actions, outFD, 1)
    var argv: [UnsafeMutablePointer<CChar>?] = cmarkGFMArguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, tool, &actions, nil, &argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    guard status == 0 else { return nil }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    lseek(outFD, 0, SEEK_SET)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(outFD, $0.baseAddress!, 65536) }
        if n <= 0 { break }
        output += buffer[0..<n]
    }
    return String(decoding: output, as: UTF8.self)
}

/// Fails the fuzzer when kb and cmark-gfm disagree on `bytes` beyond the listed differences.
func cmarkGFMDifferential(_ bytes: [UInt8], source: String) {
    guard let tool = cmarkGFMPath, !bytes.contains(0), Array(source.utf8) == bytes,
          let theirs = cmarkGFMRender(bytes, tool: tool) else { return }
    let ours = HTMLRenderer.render(MarkdownParser.parse(source, options: .gfm))
    // A listed defect's test on the Markdown is a cheap approximation, so it may name inputs both programs agree
    // on: only `swift test` (on the generated documents) insists that a listed defect still shows.
    if CmarkGFMDifferences.compare(markdown: source, kb: ours, cmark: theirs) == .different {
        fuzzFail("kb and cmark-gfm differ (list an intended difference or a cmark-gfm defect in "
                 + "Tests/KBMarkdownTests/CmarkGFMDifferences.swift, or fix kb):\n-- cmark-gfm:\n\(theirs)-- kb:\n\(ours)")
    }
}
