/// A flag a subcommand accepts, as shown in its help.
struct FlagSpec: Sendable {
    let name: String
    /// Placeholder for the value (`DIR`), or nil for a switch.
    let value: String?
    let defaultValue: String?
    let help: String
}

/// A subcommand: its usage, flags and an example, as shown by `kb help CMD`.
struct CommandSpec: Sendable {
    let name: String
    let summary: String
    let usage: String
    let flags: [FlagSpec]
    let example: String
    /// How many positional arguments it takes at most.
    let maxPositionals: Int

    func flag(named name: String) -> FlagSpec? { flags.first { $0.name == name } }
}

enum Flags {
    static let articles = FlagSpec(name: "--articles", value: "DIR", defaultValue: "./Articles", help: "folder of Markdown articles")
    static let templates = FlagSpec(name: "--templates", value: "DIR", defaultValue: "./Templates", help: "folder of templates and theme assets")
    static let output = FlagSpec(name: "--output", value: "DIR", defaultValue: "./Output", help: "folder the site is written to")
    static let baseURL = FlagSpec(name: "--base-url", value: "URL", defaultValue: "base_url of Articles/_index.md", help: "absolute URL the site is served from")
    static let drafts = FlagSpec(name: "--drafts", value: nil, defaultValue: nil, help: "include articles marked draft: true")
    static let noWait = FlagSpec(name: "--no-wait", value: nil, defaultValue: nil,
                                 help: "exit with 75 at once if another build is writing the output folder, instead of waiting")
    static let rawHTML = FlagSpec(name: "--raw-html", value: "MODE", defaultValue: "trusted",
                                  help: "raw HTML: sanitize (allowlist, safe links), escape (as text) or trusted (as is)")
    static let strict = FlagSpec(name: "--strict", value: nil, defaultValue: nil,
                                 help: "treat warnings (content checks included) as errors: exit 65")
    static let reviews = FlagSpec(name: "--reviews", value: nil, defaultValue: nil,
                                  help: "list the articles due for review (stale_after_days), oldest first, with their owners")
    static let today = FlagSpec(name: "--today", value: "DATE", defaultValue: "today (UTC)",
                                help: "count review ages up to this YYYY-MM-DD date")
    static let help = FlagSpec(name: "--help", value: nil, defaultValue: nil, help: "show this help")
}

/// Every subcommand that works, in the order help lists them.
let commands: [CommandSpec] = InitCommands.specs + [
    CommandSpec(
        name: "build", summary: "Build the help site from Articles/ and Templates/ into Output/",
        usage: "kb build [--articles DIR] [--templates DIR] [--output DIR] [--base-url URL] [--drafts] [--no-wait] [--strict]",
        flags: [Flags.articles, Flags.templates, Flags.output, Flags.baseURL, Flags.drafts, Flags.noWait, Flags.strict, Flags.help],
        example: "kb build --base-url https://help.example.com/", maxPositionals: 0),
    CommandSpec(
        name: "check", summary: "Run every check of a build and write nothing",
        usage: "kb check [--articles DIR] [--templates DIR] [--drafts] [--strict] [--reviews] [--today DATE]",
        flags: [Flags.articles, Flags.templates, Flags.drafts, Flags.strict, Flags.reviews, Flags.today, Flags.help],
        example: "kb check --articles ./Articles", maxPositionals: 0),
    CommandSpec(
        name: "new", summary: "Start a new article with every front matter field and the standard sections",
        usage: "kb new TITLE [--code N] [--articles DIR]",
        flags: [FlagSpec(name: "--code", value: "N", defaultValue: "none (a guide)", help: "HTTP status code, 100-599"),
                Flags.articles, Flags.help],
        example: "kb new \"502 Bad Gateway\" --code 502", maxPositionals: 1),
    CommandSpec(
        name: "serve", summary: "Build, serve on localhost, rebuild and reload the browser on change",
        usage: "kb serve [--port N] [--host ADDR] [--output DIR] [--no-build] [--articles DIR] [--templates DIR]",
        flags: [Flags.port, Flags.host,
                FlagSpec(name: "--output", value: "DIR", defaultValue: "./.kb-serve (./Output with --no-build)",
                         help: "folder the preview build is written to (or served from with --no-build)"),
                Flags.noBuild,
                Flags.articles, Flags.templates, Flags.baseURL, Flags.drafts, Flags.help],
        example: "kb serve --port 8080", maxPositionals: 0),
    CommandSpec(
        name: "render", summary: "Render Markdown from FILE or stdin to HTML on stdout",
        usage: "kb render [FILE] [--commonmark] [--raw-html MODE]",
        flags: [FlagSpec(name: "--commonmark", value: nil, defaultValue: nil, help: "plain CommonMark: no GitHub extensions, heading ids, heading links or callouts"),
                Flags.rawHTML, Flags.help],
        example: "echo '# Hello *world*' | kb render", maxPositionals: 1),
    CommandSpec(
        name: "help", summary: "Show help for kb or one command",
        usage: "kb help [COMMAND]",
        flags: [],
        example: "kb help build", maxPositionals: 1),
]
