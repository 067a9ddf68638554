/// The standard sections of a help article, in the order a status article gives them.
public enum HelpSectionKind: String, Sendable, CaseIterable, Comparable {
    case meaning, causes, duration, actions, owners, dataSafety, faq
    /// A section about other codes ("Other codes"): optional, anywhere; search prefers the others' passages.
    case otherCodes

    /// The sections a status article gives in this order (`otherCodes` is not one of them).
    public static let standard: [HelpSectionKind] = [.meaning, .causes, .duration, .actions, .owners, .dataSafety, .faq]

    /// Whether a status article must have the section (the FAQ is optional).
    public var isRequired: Bool { self != .faq && self != .otherCodes }

    public static func < (a: HelpSectionKind, b: HelpSectionKind) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The `## ` headings that name each standard section, per language: the one table to extend when articles are
/// written in another language. Headings are compared lowercased; `prefixes` match the start of a heading.
struct HelpSectionNames: Sendable {
    struct Entry: Sendable {
        var kind: HelpSectionKind
        /// The heading as a writer should type it (used in hints).
        var canonical: String
        var names: [String]
        var prefixes: [String] = []
    }

    var entries: [Entry]

    static let english = HelpSectionNames(entries: [
        Entry(kind: .meaning, canonical: "What it means", names: ["what it means", "what is happening"]),
        Entry(kind: .causes, canonical: "Common causes", names: ["common causes"]),
        Entry(kind: .duration, canonical: "How long it usually lasts", names: ["how long it usually lasts"], prefixes: ["how long"]),
        Entry(kind: .actions, canonical: "What you can do", names: ["what you can do"]),
        Entry(kind: .owners, canonical: "For site owners", names: ["for site owners"]),
        Entry(kind: .dataSafety, canonical: "Is my data safe?", names: ["is my data safe?"]),
        Entry(kind: .faq, canonical: "FAQ", names: ["faq", "frequently asked questions"]),
        Entry(kind: .otherCodes, canonical: "Other codes", names: ["other codes", "related codes", "similar codes", "related status codes"]),
    ])

    /// Names by language code; a language without an entry uses English.
    static let byLanguage: [String: HelpSectionNames] = ["en": english]

    static func forLanguage(_ language: String) -> HelpSectionNames {
        let base = language.split(separator: "-").first.map(String.init)?.lowercased() ?? "en"
        return byLanguage[base] ?? english
    }

    /// The kind a heading names, or nil for a heading of the article's own.
    func kind(of heading: String) -> HelpSectionKind? {
        let lower = heading.lowercased()
        for entry in entries where entry.names.contains(lower) { return entry.kind }
        for entry in entries where entry.prefixes.contains(where: { lower.hasPrefix($0) }) { return entry.kind }
        return nil
    }

    func canonical(_ kind: HelpSectionKind) -> String { entries.first { $0.kind == kind }?.canonical ?? kind.rawValue }

    /// Sections whose `###` headings are questions: the FAQ, and "Is my data safe?".
    static let questionSections: Set<HelpSectionKind> = [.dataSafety, .faq]
}
