import Foundation

/// The build state browsers are told about: a generation that grows with every good build, and the last errors.
/// Shared by the event loops; guarded by a lock.
final class LiveReloadState: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var errors: [String] = []

    func snapshot() -> (generation: Int, errors: [String]) {
        lock.lock()
        defer { lock.unlock() }
        return (generation, errors)
    }

    /// A good build was written: returns the new generation.
    func advance() -> Int {
        lock.lock()
        defer { lock.unlock() }
        generation += 1
        errors = []
        return generation
    }

    func fail(_ lines: [String]) {
        lock.lock()
        defer { lock.unlock() }
        errors = lines
    }
}

/// The live-reload wire format: the script injected into pages and the Server-Sent Events it listens to.
enum LiveReload {
    static let eventPath = ["__kb", "reload"]

    /// The script for a page built at `generation`. On connect the server says which generation is current,
    /// so a page that missed a reload while disconnected still refreshes. Errors are shown with textContent only.
    static func script(generation: Int) -> [UInt8] {
        Array("""
        <script>(function () {
          var generation = "\(generation)", overlay = null;
          function hide() { if (overlay) { overlay.remove(); overlay = null; } }
          function show(text) {
            hide();
            overlay = document.createElement("pre");
            overlay.id = "kb-build-errors";
            overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;margin:0;padding:24px;overflow:auto;" +
              "background:rgba(32,0,0,.93);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
            overlay.textContent = "kb: the build failed; showing the last good version.\\n\\n" + text;
            document.documentElement.appendChild(overlay);
          }
          var source = new EventSource("/__kb/reload");
          source.addEventListener("hello", function (event) { if (event.data !== generation) location.reload(); });
          source.addEventListener("reload", function () { location.reload(); });
          source.addEventListener("errors", function (event) { show(event.data); });
        })();</script>

        """.utf8)
    }

    /// Inserts the script before the last `</body` (any case), or at the end when there is none.
    static func inject(_ script: [UInt8], into page: [UInt8]) -> [UInt8] {
        let needle: [UInt8] = Array("</body".utf8)
        var insertAt = page.count
        if page.count >= needle.count {
            var index = page.count - needle.count
            search: while index >= 0 {
                for offset in 0..<needle.count {
                    var byte = page[index + offset]
                    if byte >= 65 && byte <= 90 { byte |= 0x20 }
                    if byte != needle[offset] { index -= 1; continue search }
                }
                insertAt = index
                break
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(page.count + script.count)
        result.append(contentsOf: page[0..<insertAt])
        result.append(contentsOf: script)
        result.append(contentsOf: page[insertAt...])
        return result
    }

    /// First bytes of a new event stream: reconnect delay, current generation and any standing errors.
    static func greeting(generation: Int, errors: [String]) -> [UInt8] {
        var text = "retry: 1000\nevent: hello\ndata: \(generation)\n\n"
        if !errors.isEmpty { text += errorsEvent(errors) }
        return Array(text.utf8)
    }

    static func reloadEvent(generation: Int) -> [UInt8] {
        Array("event: reload\ndata: \(generation)\n\n".utf8)
    }

    /// One `data:` line per error line; CR and LF inside a line would end the event early, so they split it.
    static func errorsEvent(_ lines: [String]) -> String {
        var text = "event: errors\n"
        for line in lines {
            for piece in line.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                text += "data: \(piece)\n"
            }
        }
        if lines.isEmpty { text += "data: \n" }
        return text + "\n"
    }

    static let ping: [UInt8] = Array(": ping\n\n".utf8)
}
