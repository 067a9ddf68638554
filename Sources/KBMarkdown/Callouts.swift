// GitHub alerts: a top-level block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
// `[!WARNING]` or `[!CAUTION]` becomes a callout. The rules follow GitHub's renderer: the keyword is
// matched case-insensitively, the marker must be alone on its line (trailing spaces allowed), the quote
// must have a body after it, and quotes nested in lists or other quotes stay quotes.

/// The five kinds of callout, with the title each one shows.
public enum CalloutKind: Int32, CaseIterable, Sendable {
    case note = 1, tip, important, warning, caution

    /// The keyword between `[!` and `]`, lower case; also the CSS class suffix (`callout-note`).
    public var keyword: String {
        switch self {
        case .note: return "note"
        case .tip: return "tip"
        case .important: return "important"
        case .warning: return "warning"
        case .caution: return "caution"
        }
    }

    /// The English title. The one table of titles, so a translation can replace it as a whole.
    public var title: String {
        switch self {
        case .note: return "Note"
        case .tip: return "Tip"
        case .important: return "Important"
        case .warning: return "Warning"
        case .caution: return "Caution"
        }
    }

    /// The kind named by `keyword` (any case), or nil.
    static func named(_ bytes: ArraySlice<UInt8>) -> CalloutKind? {
        // The longest keyword is 9 bytes; anything longer cannot match, so the scan is bounded.
        guard bytes.count <= 9 else { return nil }
        let lowered = String(decoding: bytes.map(ASCII.lower), as: UTF8.self)
        return allCases.first { $0.keyword == lowered }
    }
}

enum Callouts {
    /// Marks every qualifying top-level block quote (flag `.callout`, kind in `number`) and strips the
    /// marker line from its first paragraph. Runs between the block and inline passes.
    static func mark(_ tree: inout MarkdownTree) {
        var child = tree.nodes.isEmpty ? -1 : tree.nodes[0].firstChild
        while child >= 0 {
            let quote = tree.nodes[Int(child)]
            if quote.kind == .blockQuote { markQuote(&tree, child) }
            child = quote.next
        }
    }

    static func markQuote(_ tree: inout MarkdownTree, _ quote: Int32) {
        let paragraph = tree.nodes[Int(quote)].firstChild
        guard paragraph >= 0, tree.nodes[Int(paragraph)].kind == .paragraph else { return }
        let node = tree.nodes[Int(paragraph)]
        let s = Int(node.start), e = Int(node.end)
        guard e - s >= 4, tree.arena[s] == UInt8(ascii: "["), tree.arena[s + 1] == UInt8(ascii: "!") else { return }
        // Bounded: a keyword is at most 9 bytes, so look no further than 11 bytes for the `]`.
        var close = s + 2
        while close < e && close < s + 12 && tree.arena[close] != UInt8(ascii: "]") { close += 1 }
        guard close < e, tree.arena[close] == UInt8(ascii: "]"),
              let kind = CalloutKind.named(tree.arena[(s + 2)..<close]) else { return }
        // Only spaces or tabs may follow on the marker's line.
        var i = close + 1
        while i < e && ASCII.isSpaceOrTab(tree.arena[i]) { i += 1 }
        if i < e && tree.arena[i] == 13 { i += 1 }
        if i < e && tree.arena[i] == 10 {
            i += 1
        } else if i < e {
            return
        }
        var bodyStart = i
        while bodyStart < e && ASCII.isWhitespace(tree.arena[bodyStart]) { bodyStart += 1 }
        if bodyStart >= e {
            // The marker is the whole paragraph: a callout only if other blocks follow in the quote.
            guard node.next >= 0 else { return }
            tree.unlink(paragraph)
        } else {
            tree.nodes[Int(paragraph)].start = Int32(i)
        }
        tree.nodes[Int(quote)].flags.insert(.callout)
        tree.nodes[Int(quote)].number = kind.rawValue
    }
}
