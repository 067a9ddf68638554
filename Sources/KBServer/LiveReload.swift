import Foundation

/// What open pages are told: the build generation and the errors of a failed build, if any.
struct LiveReloadSnapshot {
    /// Grows with every good build; a page built at another generation reloads.
    var generation = 0
    /// The failed build's error lines; empty when the last build was good.
    var errors: [String] = []
    /// Changes with every state change (good or failed build), so injected pages get new validators.
    var version = 0
}

/// The build state, shared by the event loops and guarded by a lock.
final class LiveReloadState: @unchecked Sendable {
    private let lock = NSLock()
    private var state = LiveReloadSnapshot()

    func snapshot() -> LiveReloadSnapshot {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// A good build was written: returns the new generation.
    func advance() -> Int {
        lock.lock()
        defer { lock.unlock() }
        state.generation += 1
        state.errors = []
        state.version += 1
        return state.generation
    }

    func fail(_ lines: [String]) {
        lock.lock()
        defer { lock.unlock() }
        state.errors = lines
        state.version += 1
    }
}

/// The live-reload wire format: the script injected into pages and the Server-Sent Events it listens to.
enum LiveReload {
    static let eventPath = ["__kb", "reload"]

    /// The script for a page served in `state`. Standing errors are shown at once, before the event stream
    /// connects; on connect the server says which generation is current, so a page that missed a reload while
    /// disconnected still refreshes. Errors are shown with textContent only, never parsed as HTML.
    static func script(_ state: LiveReloadSnapshot) -> [UInt8] {
        Array("""
        <script>(function () {
          var generation = "\(state.generation)", overlay = null;
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
          var standing = \(javaScriptString(state.errors.joined(separator: "\n")));
          if (standing) show(standing);
        })();</script>

        """.utf8)
    }

    /// A JavaScript string literal that cannot end the script element (`<` is escaped) or the string.
    static func javaScriptString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "<": result += "\\u003c"
            case "\n": result += "\\n"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
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
