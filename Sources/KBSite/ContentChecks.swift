/// The help center's style guide as code: warnings (and review notes) about what articles say, not whether they
/// build. Run by `kb check` and `kb build`; `--strict` turns the warnings into errors. Each is located at the
/// front matter field or heading concerned, with a hint.
struct ContentChecks {
    let model: SiteModel
    /// Today as a day number (see `DayNumber`), for the review dates.
    let today: Int
    var diagnostics: [Diagnostic] = []
    /// Articles due for review, oldest first (also in `diagnostics`, as notes).
    var reviews: [ArticleReview] = []

    /// Longest `summary`, in characters: it is the page's meta description, which search engines cut at about this.
    static let summaryLimit = 160

    init(model: SiteModel, today: Int) {
        self.model = model
        self.today = today
    }

    mutating func run() {
        let names = HelpSectionNames.forLanguage(model.settings.language)
        for article in model.articles {
            if article.isStatusArticle {
                checkSections(article, names: names)
                checkTitle(article)
            }
            checkQuestions(article)
            checkSummary(article)
            checkReview(article)
        }
        checkRelatedBothWays()
        reviews.sort { ($0.age, $1.diagnostic) > ($1.age, $0.diagnostic) }
        diagnostics += reviews.map(\.diagnostic)
    }

    /// A file line for a line of the Markdown body.
    func fileLine(_ article: Article, _ bodyLine: Int) -> Int { article.bodyStartLine + bodyLine - 1 }

    mutating func warn(_ article: Article, line: Int, column: Int, _ message: String, hint: String, severity: Diagnostic.Severity = .warning) {
        diagnostics.append(Diagnostic(path: article.displayPath, line: line, column: column, severity: severity, message: message, hint: hint))
    }

    /// Every required standard section, in the standard order (the first heading of each kind counts).
    mutating func checkSections(_ article: Article, names: HelpSectionNames) {
        var present: [(kind: HelpSectionKind, section: HelpSection)] = []
        for section in article.help.sections {
            guard let kind = section.kind, HelpSectionKind.standard.contains(kind), !present.contains(where: { $0.kind == kind }) else { continue }
            present.append((kind, section))
        }
        let order = HelpSectionKind.standard.filter(\.isRequired).map { "## " + names.canonical($0) }.joined(separator: ", ")
        var highest: (kind: HelpSectionKind, section: HelpSection)?
        for entry in present {
            if let before = highest, entry.kind < before.kind {
                warn(article, line: fileLine(article, entry.section.heading.line), column: entry.section.heading.column,
                     "'## \(entry.section.heading.text)' comes after '## \(before.section.heading.text)', out of the standard order",
                     hint: "move it before '## \(before.section.heading.text)'; status articles give \(order)")
            } else {
                highest = entry
            }
        }
        for kind in HelpSectionKind.standard where kind.isRequired && !present.contains(where: { $0.kind == kind }) {
            let heading = "## " + names.canonical(kind)
            if let next = present.first(where: { $0.kind > kind }) {
                warn(article, line: fileLine(article, next.section.heading.line), column: next.section.heading.column,
                     "the status article has no '\(heading)' section", hint: "add it before '## \(next.section.heading.text)'; status articles give \(order)")
            } else if let last = present.last {
                warn(article, line: fileLine(article, last.section.heading.line), column: last.section.heading.column,
                     "the status article has no '\(heading)' section", hint: "add it after '## \(last.section.heading.text)'; status articles give \(order)")
            } else {
                warn(article, line: article.bodyStartLine, column: 1, "the status article has no '\(heading)' section",
                     hint: "status articles give \(order); add type: guide to the front matter if this is a guide")
            }
        }
    }

    /// A status article is titled with its code and the IANA reason phrase; a code outside the registry needs `vendor`.
    mutating func checkTitle(_ article: Article) {
        guard let code = article.code, article.vendor == nil else { return }
        let entry = article.frontMatter.entry("title") ?? article.frontMatter.entry("code")
        guard let phrase = IANAStatusPhrases.expectedPhrase(for: code) else {
            let codeEntry = article.frontMatter.entry("code")
            warn(article, line: codeEntry?.line ?? 1, column: codeEntry?.column ?? 1,
                 "\(code) is not a status code of the IANA registry",
                 hint: "name who sends it with vendor: (e.g. vendor: \"nginx\"), or add type: guide")
            return
        }
        let expected = "\(code) \(phrase)"
        guard article.title != expected else { return }
        warn(article, line: entry?.line ?? 1, column: entry?.column ?? 1,
             "the title '\(article.title)' does not match the IANA reason phrase for \(code), '\(phrase)'",
             hint: "write title: \"\(expected)\"; put other names readers use in keywords")
    }

    mutating func checkQuestions(_ article: Article) {
        for question in article.help.questions where question.answer.isEmpty {
            warn(article, line: fileLine(article, question.line), column: question.column,
                 "the question '\(question.question)' has no answer",
                 hint: "write the answer under the ### heading, or remove the question")
        }
    }

    mutating func checkSummary(_ article: Article) {
        let count = article.summary.count
        guard count > Self.summaryLimit, let entry = article.frontMatter.entry("summary") else { return }
        warn(article, line: entry.line, column: entry.column,
             "the summary is \(count) characters, over \(Self.summaryLimit)",
             hint: "shorten it to \(Self.summaryLimit) characters or fewer: it is the page's meta description, which search engines cut")
    }

    /// `updated` or `reviewed` (the later) older than `stale_after_days`: a note, never an error by `--strict` alone.
    mutating func checkReview(_ article: Article) {
        guard let due = ReviewDue.of(article, today: today, staleAfterDays: model.settings.staleAfterDays) else { return }
        let note = Diagnostic(path: article.displayPath, line: due.line, column: due.column, severity: .note,
                              message: "due for review: last \(due.field) \(due.date), \(due.age) days ago (stale_after_days: \(model.settings.staleAfterDays)); owner: \(article.owner ?? ArticleReview.noOwner)",
                              hint: "check that the article is still right, then set reviewed: \(DayNumber.text(today))")
        reviews.append(ArticleReview(owner: article.owner, age: due.age, diagnostic: note))
    }

    /// `related` goes both ways: an article that lists another is listed by it.
    mutating func checkRelatedBothWays() {
        for article in model.articles {
            guard let entry = article.frontMatter.entry("related") else { continue }
            for slug in article.related {
                guard let index = model.indexBySlug[slug] else { continue }
                let other = model.articles[index]
                guard other !== article, !other.related.contains(article.slug) else { continue }
                warn(article, line: entry.line, column: entry.column,
                     "'related' names '\(slug)', but \(other.displayPath) does not name '\(article.slug)' back",
                     hint: "add \(article.slug) to 'related' in \(other.displayPath), so readers can go both ways")
            }
        }
    }
}

/// An article due for review, for `kb check --reviews`.
public struct ArticleReview: Sendable {
    /// Front matter `owner`, or nil.
    public var owner: String?
    /// Days since the article was last updated or reviewed.
    public var age: Int
    /// The note, at the `reviewed` or `updated` field.
    public var diagnostic: Diagnostic
    /// How listings name the articles without an owner.
    public static let noOwner = "(no owner)"
}

/// An article due for review: the date it was last updated or reviewed, where that date is written, and its age.
struct ReviewDue: Sendable {
    /// `updated` or `reviewed`: the field the date comes from.
    var field: String
    var date: String
    var age: Int
    var line: Int
    var column: Int

    static func of(_ article: Article, today: Int, staleAfterDays: Int) -> ReviewDue? {
        var best: ReviewDue?
        for key in ["updated", "reviewed"] {
            guard let entry = article.frontMatter.entry(key), let text = key == "updated" ? article.updated : article.reviewed,
                  let day = DayNumber.parse(text) else { continue }
            if best.map({ today - day < $0.age }) ?? true {
                best = ReviewDue(field: key, date: String(text.prefix(10)), age: today - day, line: entry.line, column: entry.column)
            }
        }
        guard let best, best.age > staleAfterDays else { return nil }
        return best
    }
}

/// Dates as days since 1970-01-01 (proleptic Gregorian), so ages are a subtraction.
enum DayNumber {
    /// `YYYY-MM-DD` (anything after it, such as a time, is ignored), or nil.
    static func parse(_ text: String) -> Int? {
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        return days(year: year, month: month, day: day)
    }

    /// Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse, as `YYYY-MM-DD`.
    static func text(_ days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// Today in UTC.
    static func today() -> Int { Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)) }
}

import Foundation
