import KBMarkdown

/// One step from an article's list of things to do: its leading bold phrase split off for emphasis.
public struct QuickStep: Sendable, Equatable {
    /// The item's leading bold phrase ("Refresh once."), or empty when it has none.
    public var lead: String
    /// What follows the lead, with its leading space or punctuation (" Press F5 to reload.").
    public var rest: String
    /// The whole item as plain text (code spans in curly quotes, so `.` still reads as something to type).
    public var text: String
    /// Where the item starts in the Markdown body (1-based line and column).
    public var line: Int = 0
    public var column: Int = 0

    public init(lead: String, rest: String, text: String, line: Int = 0, column: Int = 0) {
        self.lead = lead; self.rest = rest; self.text = text; self.line = line; self.column = column
    }

    /// Locations are left out: two steps are equal when they read the same.
    public static func == (a: QuickStep, b: QuickStep) -> Bool { a.lead == b.lead && a.rest == b.rest && a.text == b.text }
}

/// A `## ` section of an article with the `###` (and deeper) sections under it.
public struct HelpSection: Sendable {
    /// The standard section the heading names, or nil for a section of the article's own.
    public var kind: HelpSectionKind?
    public var heading: MarkdownHeading
    /// The blocks right under the heading, before any subsection.
    public var blocks: [MarkdownBlock]
    public var subsections: [MarkdownSection]

    /// Every block of the section, subsections' included, in order.
    public var allBlocks: [MarkdownBlock] { blocks + subsections.flatMap(\.blocks) }
}

/// The help-center structure of one article, read once from its parse tree: the standard sections, the FAQ, the
/// usual duration, the reader's and the site owner's steps, and the data-safety answer. Every reader of the
/// structure (article page, JSON-LD, error pages, search passages, content checks) uses this.
public struct HelpArticle: Sendable {
    /// Blocks before the first `## ` heading.
    public var preamble: [MarkdownBlock] = []
    /// The `## ` (and `# `) sections in order; deeper headings before the first become part of the preamble.
    public var sections: [HelpSection] = []
    /// Questions (`###` under "Is my data safe?" or a FAQ section) with their answers; `answer` is empty when
    /// the question has none (pages leave those out, the content checks report them).
    public var questions: [FAQEntry] = []
    /// The "How long it usually lasts" summary for the "at a glance" panel, or nil.
    public var duration: String?
    /// When that section opens with a table: its rows as (situation, duration), header row left out.
    public var durationRows: [(situation: String, duration: String)] = []
    /// Items of the first list under "What you can do".
    public var readerSteps: [QuickStep] = []
    /// Items of the first list under "For site owners".
    public var ownerSteps: [QuickStep] = []
    /// The first paragraph inside "Is my data safe?" (under its first question when it opens with one), or nil.
    public var dataSafe: String?

    /// The FAQ entries that have an answer, as pages and JSON-LD show them.
    public var faq: [FAQEntry] { questions.filter { !$0.answer.isEmpty } }

    /// The first section of `kind`, if the article has one.
    public func section(_ kind: HelpSectionKind) -> HelpSection? { sections.first { $0.kind == kind } }

    /// Longest item text kept for a step, so even a hostile item stays cheap to show.
    static let stepByteLimit = 1_000

    /// Reads the structure of `document`, naming sections by `names`.
    init(document: MarkdownDocument, names: HelpSectionNames = .english) {
        let view = DocumentView(document)
        var open: HelpSection?
        for section in view.sections {
            guard let heading = section.heading else {
                preamble = section.blocks
                continue
            }
            if heading.level <= 2 {
                if let open { sections.append(open) }
                // Only `## ` headings name standard sections; a `# ` heading starts one of the article's own.
                open = HelpSection(kind: heading.level == 2 ? names.kind(of: heading.text) : nil, heading: heading,
                                   blocks: section.blocks, subsections: [])
                continue
            }
            if open != nil {
                open?.subsections.append(section)
            } else {
                preamble += section.blocks
            }
        }
        if let open { sections.append(open) }
        read()
    }

    private mutating func read() {
        for section in sections where section.kind.map(HelpSectionNames.questionSections.contains) ?? false {
            for sub in section.subsections {
                if sub.level == 3, let heading = sub.heading {
                    questions.append(FAQEntry(question: heading.text, answer: "", line: heading.line, column: heading.column))
                }
                guard !questions.isEmpty else { continue }
                for block in sub.blocks {
                    let text = ASCIIText.trimmed(block.plainText)
                    questions[questions.count - 1].answer += questions[questions.count - 1].answer.isEmpty ? text : " " + text
                }
            }
        }
        if let section = section(.duration), let first = section.blocks.first {
            if first.kind == .table, first.rows.count > 1 {
                durationRows = first.rows.dropFirst().filter { $0.count >= 2 }.map { (ASCIIText.trimmed($0[0]), ASCIIText.trimmed($0[1])) }
                duration = HelpArticle.duration(rows: durationRows)
            } else if first.kind != .table {
                duration = HelpArticle.duration(first.plainText)
            }
        }
        readerSteps = section(.actions).map(HelpArticle.steps) ?? []
        ownerSteps = section(.owners).map(HelpArticle.steps) ?? []
        if let section = section(.dataSafety),
           let paragraph = section.allBlocks.first(where: { $0.kind == .paragraph }) {
            dataSafe = HelpArticle.collapsed(paragraph.plainText)
        }
    }

    /// The items of the first list in `section` (subsections included) as steps.
    static func steps(_ section: HelpSection) -> [QuickStep] {
        guard let list = section.allBlocks.first(where: { $0.kind == .list }) else { return [] }
        return list.items.compactMap(step)
    }

    static func step(_ item: MarkdownListItem) -> QuickStep? {
        let text = clipped(readable(item.runs[...], keepLeadingSpace: false))
        guard !text.isEmpty else { return nil }
        if item.leadRunCount > 0 {
            let lead = readable(item.runs.prefix(item.leadRunCount), keepLeadingSpace: false)
            var rest = clipped(readable(item.runs.dropFirst(item.leadRunCount), keepLeadingSpace: true))
            if rest == " " { rest = "" }
            if !lead.isEmpty { return QuickStep(lead: lead, rest: rest, text: text, line: item.line, column: item.column) }
        }
        return QuickStep(lead: "", rest: "", text: text, line: item.line, column: item.column)
    }

    /// Runs as one line of text: whitespace collapsed, code spans in curly quotes.
    static func readable(_ runs: ArraySlice<MarkdownTextRun>, keepLeadingSpace: Bool) -> String {
        var joined = ""
        for run in runs { joined += run.kind == .code ? "\u{201C}" + run.text + "\u{201D}" : run.text }
        let text = collapsed(joined)
        guard keepLeadingSpace, let first = joined.unicodeScalars.first, first == " " || first == "\t" || first == "\n" else { return text }
        return " " + text
    }

    /// Cut at a space before `stepByteLimit` bytes, with an ellipsis.
    static func clipped(_ text: String) -> String {
        guard text.utf8.count > stepByteLimit else { return text }
        let bytes = Array(text.utf8)
        var cut = stepByteLimit
        while cut > 0, bytes[cut] != 0x20 { cut -= 1 }
        if cut == 0 {
            cut = stepByteLimit
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        }
        return String(decoding: bytes[..<cut], as: UTF8.self) + "\u{2026}"
    }

    /// Runs of spaces, tabs and newlines as one space, trimmed.
    static func collapsed(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if let last = out.last, last != 0x20 { out.append(0x20) }
            } else {
                out.append(byte)
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: duration

    /// The first sentence of the section's first block; when that sentence names no length of time ("Most 502s
    /// are short."), the first one that does is added.
    static func duration(_ text: String) -> String? {
        let sentences = self.sentences(text)
        guard let first = sentences.first else { return nil }
        if namesTime(first) { return first }
        if let timed = sentences.dropFirst().first(where: namesTime) { return first + " " + timed }
        return first
    }

    /// A table of situations: "situation: duration" for the first row, plus the first row that names a time
    /// when the first does not.
    static func duration(rows: [(situation: String, duration: String)]) -> String? {
        let lines = rows.map { row -> String in
            let text = row.situation.isEmpty ? row.duration : row.situation + ": " + row.duration
            return text.hasSuffix(".") ? text : text + "."
        }
        guard let first = lines.first else { return nil }
        if namesTime(first) { return first }
        if let timed = lines.dropFirst().first(where: namesTime) { return first + " " + timed }
        return first
    }

    static let timeWords = ["second", "minute", "hour", "day", "week"]

    static func namesTime(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        return timeWords.contains { ASCIIText.contains(lower, $0) }
    }

    static func sentences(_ text: String) -> [String] {
        let flat = ASCIIText.trimmed(text.replacingOccurrences(of: "\n", with: " "))
        var result: [String] = []
        var rest = Substring(flat)
        while let end = rest.range(of: ". ") {
            result.append(String(rest[..<end.lowerBound]) + ".")
            rest = rest[end.upperBound...]
        }
        if !rest.trimmingCharacters(in: .whitespaces).isEmpty { result.append(String(rest)) }
        return result
    }
}

import Foundation
