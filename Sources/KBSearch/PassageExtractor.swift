/// A short piece of an article shown as a search snippet, with the heading of its section ("" before any).
struct Passage: Equatable {
    var heading: String
    var text: String
}

/// Picks the snippet passages stored per article: the summary, then the opening sentences of each paragraph
/// (a paragraph is a line of `text`; a line equal to one of the headings starts a section), within a budget.
struct PassageExtractor {
    let options: SearchIndexOptions

    func passages(of document: SearchDocument) -> [Passage] {
        var result: [Passage] = []
        let summary = clip(Array(document.summary.utf8), limit: options.passageLength)
        if !summary.isEmpty { result.append(Passage(heading: "", text: summary)) }
        var budget = options.passageBudget
        // Articles have a handful of headings: a linear search is cheaper than hashing every line, until
        // there are many.
        let headingList = document.headings.map { trimmed(Array($0.utf8)) }
        let headingSet: Set<[UInt8]> = headingList.count > 16 ? Set(headingList) : []
        let isHeading = { (line: [UInt8]) -> Bool in
            headingList.count > 16 ? headingSet.contains(line) : headingList.contains(line)
        }
        var heading: [UInt8] = []
        // A passage shorter than this is not worth its bytes; the budget stops there.
        let shortest = Swift.min(40, options.passageLength)
        var text = document.text
        text.withUTF8 { bytes in
            // Lines are read only while the budget lasts: long articles stop after their first paragraphs.
            var start = 0
            while start < bytes.count && budget >= shortest {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                let line = collapsed(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
                if line.isEmpty { continue }
                if isHeading(line) { heading = line; continue }
                let text = clip(line, limit: Swift.min(options.passageLength, budget))
                guard !text.isEmpty else { continue }
                budget -= text.utf8.count
                result.append(Passage(heading: String(decoding: heading, as: UTF8.self), text: text))
            }
        }
        return result
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return Array(bytes[start..<end])
    }

    /// One line trimmed and with its space runs collapsed; copied at once when it needs neither.
    private func collapsed(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var plain = line.isEmpty || (line[0] != 0x20 && line[line.count - 1] != 0x20)
        var index = 0
        while plain && index < line.count {
            let byte = line[index]
            if byte == 0x09 || byte == 0x0D || (byte == 0x20 && line[index + 1] == 0x20) { plain = false }
            index += 1
        }
        if plain { return Array(line) }
        var current: [UInt8] = []
        current.reserveCapacity(line.count)
        for byte in line {
            if isSpace(byte) {
                if let last = current.last, last != 0x20 { current.append(0x20) }
            } else {
                current.append(byte)
            }
        }
        if current.last == 0x20 { current.removeLast() }
        return current
    }

    /// The opening sentences of `line` that fit in `limit` bytes; else its first words and an ellipsis.
    private func clip(_ line: [UInt8], limit: Int) -> String {
        let text = trimmed(line)
        guard limit > 0 else { return "" }
        if text.count <= limit { return String(decoding: text, as: UTF8.self) }
        // The last sentence end (". ", "! ", "? ") within the limit, if it leaves a reasonable passage.
        var cut = -1
        var index = 0
        while index + 1 < limit {
            let byte = text[index]
            if (byte == 0x2E || byte == 0x21 || byte == 0x3F) && text[index + 1] == 0x20 { cut = index + 1 }
            index += 1
        }
        if cut >= limit / 3 { return String(decoding: text[0..<cut], as: UTF8.self) }
        // Otherwise the last space before the limit (a UTF-8 boundary by construction).
        var space = limit - 1
        while space > 0 && text[space] != 0x20 { space -= 1 }
        if space == 0 {
            space = limit
            while space > 0 && text[space] & 0xC0 == 0x80 { space -= 1 }
        }
        return String(decoding: text[0..<space], as: UTF8.self) + "…"
    }
}
