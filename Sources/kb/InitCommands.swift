import Foundation
import KBSite

/// `kb init` and `kb theme`: start a help center, copy or list the theme built into kb.
enum InitCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "init", summary: "Create a new help center (Articles/, two sample articles, .gitignore) in DIR or here",
            usage: "kb init [DIR] [--title TITLE] [--base-url URL] [--github-pages]",
            flags: [FlagSpec(name: "--title", value: "TITLE", defaultValue: "Help Center", help: "the site's name"),
                    FlagSpec(name: "--base-url", value: "URL", defaultValue: "http://localhost:8000/", help: "absolute URL the site will be served from"),
                    FlagSpec(name: "--github-pages", value: nil, defaultValue: nil, help: "also write .github/workflows/pages.yml"),
                    Flags.help],
            example: "kb init acme --title \"Acme Help\" --base-url https://acme.example/help/", maxPositionals: 1),
        CommandSpec(
            name: "theme", summary: "List the built-in theme's files (theme list) or copy them into Templates/ (theme eject [FILE...])",
            usage: "kb theme list | kb theme eject [FILE...] [--templates DIR]",
            flags: [Flags.templates, Flags.help],
            example: "kb theme eject partials/footer.html", maxPositionals: 64),
    ]

    static func initSite(_ arguments: ParsedArguments) -> ExitCode {
        let directory = arguments.positionals.first ?? "."
        let title = arguments.values["--title"] ?? "Help Center"
        let baseURL = arguments.values["--base-url"] ?? "http://localhost:8000/"
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            return CommandLineTool.usageFailure(UsageError(message: "kb init: --base-url must be an absolute http(s) URL such as https://help.example.com/, not '\(baseURL)'", command: "init"))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        do {
            let paths = try SiteScaffold.create(directory: directory, title: title, baseURL: baseURL,
                                                githubPages: arguments.has("--github-pages"), today: formatter.string(from: Date()))
            for path in paths { Terminal.out(path + "\n") }
            let enter = directory == "." ? "" : "cd \(directory) && "
            Terminal.err("Created a help center in \(directory). Next:\n  \(enter)kb build    # writes the site to Output/\n  kb serve    # preview at http://localhost:8000/ with live reload\n  kb new \"502 Bad Gateway\" --code 502    # add an article")
            return .success
        } catch {
            Terminal.error("kb init: \(error)")
            if case .exists = error { return .cantCreate }
            return .ioError
        }
    }

    static func theme(_ arguments: ParsedArguments) -> ExitCode {
        let templates = arguments.value(Flags.templates) ?? "Templates"
        guard let action = arguments.positionals.first, ["list", "eject"].contains(action) else {
            return CommandLineTool.usageFailure(UsageError(message: "kb theme: say 'list' or 'eject', e.g. kb theme eject partials/footer.html", command: "theme"))
        }
        let names = Theme.fileNames
        if action == "list" {
            for name in names {
                let overridden = FileManager.default.fileExists(atPath: templates + "/" + name)
                Terminal.out(name + (overridden ? "  (overridden by \(templates)/\(name))" : "") + "\n")
            }
            return .success
        }
        let wanted = Array(arguments.positionals.dropFirst())
        for name in wanted where Theme.files[name] == nil {
            let close = ArgumentParser.closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? "; kb theme list shows them"
            Terminal.error("kb theme eject: the theme has no file '\(name)'\(close)")
            return .usage
        }
        let chosen = wanted.isEmpty ? names : wanted
        // Check every target first: an existing file means nothing is copied.
        for name in chosen where FileManager.default.fileExists(atPath: templates + "/" + name) {
            Terminal.error("kb theme eject: \(templates)/\(name) already exists; kb never overwrites (delete it or eject other files)")
            return .cantCreate
        }
        for name in chosen {
            let path = templates + "/" + name
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(Theme.files[name] ?? []).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                Terminal.error("kb theme eject: cannot write \(path): \(error.localizedDescription)")
                return .ioError
            }
            Terminal.out(path + "\n")
        }
        return .success
    }
}
