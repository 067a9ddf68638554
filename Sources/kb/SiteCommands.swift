import Foundation
import KBSite

/// `kb build`, `kb check` and `kb new`.
enum SiteCommands {
    static func buildOptions(_ arguments: ParsedArguments) -> BuildOptions {
        var options = BuildOptions(articlesDirectory: arguments.value(Flags.articles) ?? "Articles",
                                   templatesDirectory: arguments.value(Flags.templates) ?? "Templates",
                                   outputDirectory: arguments.value(Flags.output) ?? "Output",
                                   baseURL: arguments.value(Flags.baseURL),
                                   includeDrafts: arguments.has("--drafts"))
        options.templatesNamed = arguments.value(Flags.templates) != nil
        options.waitForLock = !arguments.has(Flags.noWait.name)
        options.onLockWait = { line in
            Terminal.clearProgress()
            Terminal.err(line)
        }
        return options
    }

    static func build(_ arguments: ParsedArguments, write: Bool) -> ExitCode {
        var options = buildOptions(arguments)
        options.strict = arguments.has(Flags.strict.name)
        if let today = arguments.value(Flags.today) {
            guard BuildOptions.isDate(today) else {
                return CommandLineTool.usageFailure(UsageError(message: "kb check: --today expects a date such as 2026-12-07, not '\(today)'", command: "check"))
            }
            options.today = today
        }
        let listReviews = arguments.has(Flags.reviews.name)
        do {
            let report = try SiteBuilder.build(options, write: write, progress: { Terminal.progress($0) })
            Terminal.clearProgress()
            if listReviews { return reviews(report, strict: options.strict) }
            for warning in report.warnings { Terminal.err(warning.description) }
            if !write { for review in report.reviews { Terminal.err(review.diagnostic.description) } }
            let time = String(format: "%.2f s", report.seconds)
            let theme = report.usedEmbeddedTheme ? " with the theme built into kb (no Templates/ folder)" : ""
            let drafts = report.skippedDrafts == 0 ? ""
                : " (\(report.skippedDrafts) draft\(report.skippedDrafts == 1 ? "" : "s") skipped, use --drafts)"
            if write {
                Terminal.err("Built \(report.articleCount) articles\(drafts), \(report.pageCount) pages (\(report.fileCount) files) in \(time)\(theme) → \(options.outputDirectory)")
                if report.basePath != "/" {
                    Terminal.err("Note: crawlers read robots.txt only at the host's root, not \(report.basePath)robots.txt; add this line to the root one: Sitemap: \(report.sitemapURL)")
                }
            } else {
                var found = report.warnings.isEmpty ? "no problems"
                    : "\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s") (--strict makes them errors)"
                if !report.reviews.isEmpty { found += "; \(report.reviews.count) due for review (kb check --reviews)" }
                Terminal.err("Checked \(report.articleCount) articles and \(report.pageCount) pages in \(time): \(found)")
            }
            return .success
        } catch let failure as BuildFailure {
            Terminal.clearProgress()
            report(failure.diagnostics, outcome: write ? "Build failed" : "Check failed",
                   untouched: write ? options.outputDirectory : nil)
            return .dataError
        } catch let busy as OutputBusy {
            Terminal.clearProgress()
            Terminal.error("\(busy); try again later, or leave out --no-wait to wait for it")
            return .busy
        } catch {
            Terminal.clearProgress()
            Terminal.error(String(describing: error))
            return .ioError
        }
    }

    /// `kb check --reviews`: one warning line per article due for review (oldest first, naming its owner), then
    /// the count per owner. Exit 0, or 65 with `--strict` when any is due.
    static func reviews(_ report: BuildReport, strict: Bool) -> ExitCode {
        for review in report.reviews {
            var line = review.diagnostic
            line.severity = .warning
            Terminal.err(format(line))
        }
        guard !report.reviews.isEmpty else {
            Terminal.err("No articles due for review among \(report.articleCount)")
            return .success
        }
        var counts: [String: Int] = [:]
        for review in report.reviews { counts[review.owner ?? ArticleReview.noOwner, default: 0] += 1 }
        let owners = counts.sorted { ($0.key == ArticleReview.noOwner ? 1 : 0, $0.key) < ($1.key == ArticleReview.noOwner ? 1 : 0, $1.key) }
        let total = report.reviews.count
        Terminal.err("\(total) article\(total == 1 ? "" : "s") due for review: " + owners.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return strict ? .dataError : .success
    }

    /// One diagnostic as `kb build` and `kb serve` both print it: `path:line:col: error: message`, then `hint:`.
    static func format(_ diagnostic: Diagnostic) -> String {
        let head = diagnostic.location + ": "
        let kind: String
        switch diagnostic.severity {
        case .error: kind = Terminal.paint("error: ", code: "1;31")
        case .warning: kind = Terminal.paint("warning: ", code: "1;33")
        case .note: kind = Terminal.paint("note: ", code: "1;36")
        }
        var text = Terminal.paint(head, code: "1") + kind + diagnostic.message
        if let hint = diagnostic.hint { text += "\n  " + Terminal.paint("hint: ", code: "36") + hint }
        if let detail = diagnostic.detail, !detail.isEmpty { text += "\n" + detail }
        return text
    }

    /// Prints every problem, then one count line.
    static func report(_ diagnostics: [Diagnostic], outcome: String, untouched output: String?) {
        for diagnostic in diagnostics { Terminal.err(format(diagnostic)) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        var line = "\(outcome): \(errors) error\(errors == 1 ? "" : "s")"
        if let output { line += "; \(output) was left untouched." }
        Terminal.err(line)
    }

    static func new(_ arguments: ParsedArguments) -> ExitCode {
        guard let title = arguments.positionals.first else {
            return CommandLineTool.usageFailure(UsageError(message: "kb new: missing TITLE, e.g. kb new \"502 Bad Gateway\" --code 502", command: "new"))
        }
        var code: Int?
        if let text = arguments.values["--code"] {
            guard let number = Int(text) else {
                return CommandLineTool.usageFailure(UsageError(message: "kb new: --code expects a number such as 502, not '\(text)'", command: "new"))
            }
            code = number
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        do {
            let path = try ArticleScaffold.create(title: title, code: code, articlesDirectory: arguments.value(Flags.articles) ?? "Articles",
                                                  today: formatter.string(from: Date()))
            Terminal.out(path + "\n")
            Terminal.err("Created \(path) (draft: true; set draft: false when it is ready)")
            return .success
        } catch {
            switch error {
            case .invalidCode, .emptyTitle:
                return CommandLineTool.usageFailure(UsageError(message: "kb new: \(error)", command: "new"))
            case .exists:
                Terminal.error("kb new: \(error)")
                return .cantCreate
            case .cannotWrite:
                Terminal.error("kb new: \(error)")
                return .ioError
            }
        }
    }
}
