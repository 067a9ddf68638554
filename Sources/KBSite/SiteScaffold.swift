import Foundation

/// `kb init`: a new help center folder that `kb build` turns into a site with no other step.
public enum SiteScaffold {
    /// Why `kb init` wrote nothing.
    public enum InitError: Error, CustomStringConvertible {
        case exists(String)
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .exists(let path): return "\(path) already exists; kb init never overwrites, so nothing was written (run it in an empty folder or pass a new DIR)"
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Creates the files of a new site under `directory` and returns their paths. Checks every file first, so
    /// an existing one means nothing is written.
    public static func create(directory: String, title: String, baseURL: String, githubPages: Bool, today: String) throws(InitError) -> [String] {
        var files: [(path: String, text: String)] = [
            ("Articles/_index.md", siteIndex(title: title, baseURL: baseURL)),
            ("Articles/" + Slug.make("503 Service Unavailable") + ".md", statusArticle(today: today)),
            ("Articles/" + Slug.make("Contacting support") + ".md", guide(today: today)),
            (".gitignore", "# kb's output, its spare staging folder, its lock file and kb serve's preview folder\nOutput/\n.Output.kb-spare/\n.Output.kb-lock\n.kb-serve/\n"),
        ]
        if githubPages { files.append((".github/workflows/pages.yml", pagesWorkflow)) }
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let paths = files.map { root == "." || root.isEmpty ? $0.path : root + "/" + $0.path }
        for path in paths where FileManager.default.fileExists(atPath: path) { throw .exists(path) }
        for (file, path) in zip(files, paths) {
            let folder = (path as NSString).deletingLastPathComponent
            // A file at the top of a relative site has no folder to create.
            if !folder.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw .cannotWrite(folder, error.localizedDescription)
                }
            }
            // O_EXCL: never overwrite, even if the file appears between the check and the write.
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard fd >= 0 else {
                if errno == EEXIST { throw .exists(path) }
                throw .cannotWrite(path, String(cString: strerror(errno)))
            }
            let bytes = Array(file.text.utf8)
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else { throw .cannotWrite(path, "short write") }
        }
        return paths
    }

    static func siteIndex(title: String, baseURL: String) -> String {
        """
        ---
        # Site settings of this help center. Every setting kb reads is listed; remove the # to use one.
        # The reference is in kb's manual, Docs/writing-articles.md ("Site settings").

        # The site's name: page titles, the header and the feed.
        title: \(ArticleScaffold.quoted(title))
        # One sentence for search engines and the home page's meta description.
        description: "Answers to the errors our customers meet: what they mean and what to do."
        # The absolute URL the site is served from, with a path for a subpath (https://example.com/help/).
        base_url: \(ArticleScaffold.quoted(baseURL))
        # The language of the articles (an IETF tag such as en, fr, de).
        language: "en"
        # A link to your status page, shown on error articles.
        # status_page_url: "https://status.example.com/"
        # Links in the footer of every page: a title and a URL or site path each.
        # footer_links:
        #   - title: "All errors"
        #     url: "/#all-errors"
        ---

        Search for the error code or the words on the screen. Each article says what the error means,
        how long it usually lasts and what you can do.

        """
    }

    static func statusArticle(today: String) -> String {
        """
        ---
        title: "503 Service Unavailable"
        code: 503
        summary: "The site is up but cannot answer right now, usually because of maintenance or too much traffic."
        description: "What a 503 Service Unavailable error means, how long it lasts and what you can do."
        tags: [server-error]
        keywords: ["service unavailable", "temporarily unavailable"]
        aliases: []
        related: [contacting-support]
        updated: \(today)
        draft: false
        weight: 0
        ---

        ## What it means

        The server received your request but is not able to handle it at the moment. RFC 9110, section 15.6.4,
        defines 503 as a temporary condition: the site expects to be back.

        ## Common causes

        1. **Planned maintenance.** The site is being updated. This is on the site's side.
        2. **Too many visitors at once.** The servers are full. This is on the site's side too.

        ## How long it usually lasts

        Most 503 errors clear within minutes. Maintenance windows can last an hour or two.

        ## What you can do

        1. Wait a minute and refresh the page.
        2. Check our status page for maintenance notices.
        3. If it lasts longer than an hour, [contact support](/contacting-support/).

        > [!TIP]
        > Refreshing again and again does not bring the site back sooner. Once a minute is enough.

        ## For site owners

        See whether the servers behind the load balancer are healthy:

        ```sh
        curl -I https://example.com/
        ```

        ## Is my data safe?

        ### Was my request processed?

        No. A 503 means the server did not act on the request, so nothing was changed.

        ### Will I lose what I typed?

        Possibly. Copy what you typed before you refresh the page.

        """
    }

    static func guide(today: String) -> String {
        """
        ---
        title: "Contacting support"
        type: guide
        summary: "How to reach our support team and what to include so we can help quickly."
        description: "How to contact support about an error and what details to send."
        tags: [guide]
        keywords: ["contact", "support", "help"]
        aliases: []
        related: [503-service-unavailable]
        updated: \(today)
        draft: false
        weight: 0
        ---

        ## What it means

        When an article here does not solve the problem, our support team can look at your case.

        ## What you can do

        1. Note the error code and the time it happened.
        2. Write down what you were doing when it appeared.
        3. Send both to our support team.

        """
    }

    static let pagesWorkflow = """
        # Builds the help center with kb and publishes it to GitHub Pages on every push to main.
        name: Pages
        on:
          push:
            branches: [main]
          workflow_dispatch:
        permissions:
          contents: read
          pages: write
          id-token: write
        concurrency:
          group: pages
          cancel-in-progress: true
        jobs:
          build:
            runs-on: ubuntu-latest
            container: swift:6.0
            steps:
              - uses: actions/checkout@v4
              - name: Build kb
                # Set KB_GIT to the repository you install kb from.
                env:
                  KB_GIT: https://github.com/YOUR-ORG/kb.git
                run: |
                  git clone --depth 1 "$KB_GIT" /tmp/kb
                  swift build -c release --package-path /tmp/kb
              - name: Build the site
                run: /tmp/kb/.build/release/kb build
              - uses: actions/upload-pages-artifact@v3
                with:
                  path: Output
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4

        """
}
