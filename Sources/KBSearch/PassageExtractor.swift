/// A short piece of an article shown as a search snippet, with the heading of its section ("" before any).
struct Passage: Equatable {
    var heading: String
    var text: String
    /// About other codes (an aside section, or a passage naming another status code): the snippet prefers others.
    var aside = false
}

/// Picks the snippet passages stored per article: the summary, then the opening sentences of each paragraph
/// (a paragraph is a line of `text`; a line equal to one of the headings starts a section), within a budget.
struct PassageExtractor {
    let options: SearchIndexOptions

    func passages(of document: SearchDocument) -> [Passage] {
        var result: [Passage] = []
        let summary = clip(Array(document.summary.utf8), limit: options.passageLength)
        if !summary.isEmpty { result.append(Passage(heading: "", text: summary)) }
        if !document.sections.isEmpty {
            result += passages(of: document.sections, code: document.code)
            return result
        }
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

    /// Passages by section, within the budget: the sentence groups of the primary section ("What it means") up to
    /// three fifths of it, then the opening sentences of each other paragraph in order, then the asides.
    func passages(of sections: [SearchSection], code: Int?) -> [Passage] {
        var budget = options.passageBudget
        let shortest = Swift.min(40, options.passageLength)
        var result: [Passage] = []
        var asides: [Passage] = []
        func take(_ passage: Passage) {
            guard budget >= shortest else { return }
            guard !passage.text.isEmpty, passage.text.utf8.count <= budget else { return }
            budget -= passage.text.utf8.count
            result.append(passage)
        }
        // The primary section may use this much of the budget, so the other sections still get passages.
        let primaryShare = options.passageBudget * 3 / 5
        for section in sections where section.role == .primary {
            for paragraph in section.paragraphs {
                for chunk in chunks(collapsed(paragraph), limit: options.passageLength)
                where options.passageBudget - budget + chunk.utf8.count <= primaryShare {
                    take(Passage(heading: section.heading, text: chunk, aside: namesOtherCode(chunk, code: code)))
                }
            }
        }
        for section in sections where section.role != .primary {
            for paragraph in section.paragraphs {
                let text = clip(collapsed(paragraph), limit: options.passageLength)
                guard !text.isEmpty else { continue }
                let passage = Passage(heading: section.heading, text: text, aside: section.role == .aside || namesOtherCode(text, code: code))
                if passage.aside { asides.append(passage) } else { take(passage) }
            }
        }
        for passage in asides { take(passage) }
        return result
    }

    /// The whole of `text` as consecutive groups of sentences that each fit in `limit` bytes (a sentence longer
    /// than that is cut to its first words). Each step consumes at least one byte, so this is linear.
    func chunks(_ text: [UInt8], limit: Int) -> [String] {
        var result: [String] = []
        var start = 0
        while start < text.count && result.count < Self.chunkLimit {
            while start < text.count && isSpace(text[start]) { start += 1 }
            guard start < text.count else { break }
            // `clip` reads no further than `limit` bytes; twice that (spaces are single) tells it the text goes on.
            let piece = clip(Array(text[start..<Swift.min(text.count, start + 2 * limit)]), limit: limit)
            guard !piece.isEmpty else { break }
            result.append(piece)
            if piece.hasSuffix("…") {
                // Cut inside a sentence: go on after that sentence's end.
                var index = start + piece.utf8.count - "…".utf8.count
                while index + 1 < text.count && !((text[index] == 0x2E || text[index] == 0x21 || text[index] == 0x3F) && text[index + 1] == 0x20) { index += 1 }
                start = index + 1
            } else {
                start += piece.utf8.count
            }
        }
        return result
    }

    /// Most sentence groups taken from one paragraph (the budget usually stops well before).
    static let chunkLimit = 64

    /// Whether `text` names a status code other than `code`: a number from 100 to 599 standing alone and not
    /// followed by a lowercase word (so "100 seconds" or "a 502 is" do not count, "502 Bad Gateway" does).
    func namesOtherCode(_ text: String, code: Int?) -> Bool {
        guard let code else { return false }
        let bytes = Array(text.utf8)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var index = 0
        while index + 2 < bytes.count {
            guard isDigit(index), isDigit(index + 1), isDigit(index + 2), !isDigit(index - 1), !isDigit(index + 3) else {
                index += 1
                continue
            }
            let value = Int(bytes[index] - 0x30) * 100 + Int(bytes[index + 1] - 0x30) * 10 + Int(bytes[index + 2] - 0x30)
            let before: UInt8 = index > 0 ? bytes[index - 1] : 0x20
            let after = index + 3 < bytes.count ? bytes[index + 3] : 0x20
            let next = index + 4 < bytes.count ? bytes[index + 4] : 0x20
            let unit = after == 0x20 && next >= 0x61 && next <= 0x7A
            let partOfNumber = before == 0x2E || before == 0x24 || after == 0x25 || (after == 0x2E && index + 4 < bytes.count && bytes[index + 4] >= 0x30 && bytes[index + 4] <= 0x39)
            if (100...599).contains(value), value != code, !unit, !partOfNumber { return true }
            index += 3
        }
        return false
    }

    private func collapsed(_ text: String) -> [UInt8] {
        var copy = text
        return copy.withUTF8 { collapsed($0) }
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
