// `{{< … >}}` inside inline text. A snippet directive is only valid as a paragraph of its own (the
// include pass, Snippets.swift, takes those out before inlines are parsed), so any `{{<` left here is a
// problem to report: kb does not run Hugo shortcodes, and printing one silently would hide that.
// `{{</* … */>}}` is Hugo's way of writing a shortcode literally: it renders as `{{< … >}}`.
// Code spans never reach here (their content is not scanned for `<`).

/// One misplaced shortcode, at an arena offset.
struct ShortcodeProblem: Sendable {
    var arenaOffset: Int32
    var message: String
    var hint: String
}

/// Where the last searches for a closing `>}}` and `*/>}}` ended, so each byte of a paragraph is
/// searched at most once however many `{{<` it holds.
struct ShortcodeMemo: Sendable {
    var block: Int32 = -1
    var closeFrom = -1, closeAt = -1
    var literalFrom = -1, literalAt = -1
}

extension InlineParser {
    /// At `pos` (a `<` after `{{`): handles a shortcode and returns true, or returns false to parse `<` as usual.
    mutating func handleShortcode() -> Bool {
        if shortcodeMemo.block != block { shortcodeMemo = ShortcodeMemo(block: block) }
        let open = pos - 2
        // The literal form `{{</* … */>}}`.
        if pos + 2 < end && subject[pos + 1] == UInt8(ascii: "/") && subject[pos + 2] == UInt8(ascii: "*") {
            guard let close = search("*/>}}", from: pos + 3, literal: true) else { return false }
            flushText(upTo: pos + 1)          // up to and including `{{<`
            textStart = pos + 3               // drop `/*`
            flushText(upTo: close)            // the inner text
            textStart = close + 2             // drop `*/`; `>}}` stays as text
            pos = close + 5
            return true
        }
        guard let close = search(">}}", from: pos + 1, literal: false) else { return false }
        var i = pos + 1
        while i < close && ASCII.isWhitespace(subject[i]) { i += 1 }
        let nameStart = i
        while i < close && !ASCII.isWhitespace(subject[i]) && subject[i] != UInt8(ascii: "/") { i += 1 }
        let name = String(decoding: subject[nameStart..<i], as: UTF8.self)
        let written = String(decoding: subject[open..<(close + 3)], as: UTF8.self)
        let literal = "`" + written + "` or {{</*" + String(decoding: subject[(pos + 1)..<close], as: UTF8.self) + "*/>}}"
        let problem: ShortcodeProblem
        if name == "snippet" {
            problem = ShortcodeProblem(arenaOffset: Int32(base + open),
                message: "a snippet must be written alone in its paragraph, as {{< snippet \"NAME\" >}}",
                hint: "put it on its own line with a blank line before and after, and the name in double quotes; to show it as text write \(literal)")
        } else {
            problem = ShortcodeProblem(arenaOffset: Int32(base + open),
                message: "'\(written.count > 80 ? String(written.prefix(77)) + "..." : written)' is a shortcode, and kb has none but {{< snippet \"NAME\" >}}",
                hint: "to show it as text, write it in a code span or as Hugo escapes it: \(literal)")
        }
        shortcodeProblems.append(problem)
        pos = close + 3
        return true
    }

    /// The first index at or after `from` where `needle` starts in the subject, remembering the result.
    mutating func search(_ needle: StaticString, from: Int, literal: Bool) -> Int? {
        let (memoFrom, memoAt) = literal ? (shortcodeMemo.literalFrom, shortcodeMemo.literalAt) : (shortcodeMemo.closeFrom, shortcodeMemo.closeAt)
        // An earlier search from before `from` found the first match at or after it (or none to the end).
        if memoFrom >= 0 && memoFrom <= from && (memoAt == Int.max || memoAt >= from) {
            return memoAt == Int.max ? nil : memoAt
        }
        let bytes = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var found = Int.max
        var i = from
        while i + bytes.count <= end {
            if subject[i] == bytes[0] {
                var k = 1
                while k < bytes.count && subject[i + k] == bytes[k] { k += 1 }
                if k == bytes.count { found = i; break }
            }
            i += 1
        }
        if literal { shortcodeMemo.literalFrom = from; shortcodeMemo.literalAt = found } else { shortcodeMemo.closeFrom = from; shortcodeMemo.closeAt = found }
        return found == Int.max ? nil : found
    }
}
