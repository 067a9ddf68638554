import Foundation
import KBTemplates

/// The page shown for one status code, drawn from the article that explains it.
struct ErrorPage: Sendable, Equatable {
    var code: Int
    /// Index into `SiteModel.articles`.
    var articleIndex: Int
    var steps: [QuickStep]
}

/// Writes `errors/<code>.html` for every status code with an article, plus ready-to-paste server configuration.
///
/// The pages are shown exactly when the site may be broken, so each one stands alone: inline CSS, no scripts,
/// nothing loaded from elsewhere, and absolute links back to the help site.
enum ErrorPages {
    static let templateName = "error-page.html"
    static let folder = "errors"
    /// How many quick steps a page shows at most.
    static let stepLimit = 3
    /// The `root` written into the server snippets; users replace it with where `Output/` is deployed.
    static let rootPlaceholder = "/var/www/help"

    /// Site path of the page for `code`, e.g. `/errors/502.html`.
    static func sitePath(code: Int) -> String { "/\(folder)/\(code).html" }

    /// One page per status code that has an article, in code order; the lightest or first article of a shared code wins.
    /// The quick steps are the first items of the article's "What you can do" list, from its `HelpArticle`.
    static func plan(model: SiteModel) -> [ErrorPage] {
        // Only errors: a page for a 301 or 304 guide would replace real redirects and revalidations on the server.
        model.codeTargets.filter { $0.code >= 400 }.compactMap { target in
            guard let index = target.indices.first else { return nil }
            return ErrorPage(code: target.code, articleIndex: index, steps: Array(model.articles[index].help.readerSteps.prefix(stepLimit)))
        }
    }

    /// The context `error-page.html` renders with: `site`, `page` and `error` (documented in Docs/error-pages.md).
    static func context(for page: ErrorPage, model: SiteModel, base: TemplateContext) -> [String: TemplateValue] {
        let article = model.articles[page.articleIndex]
        let settings = model.settings
        let statusClass = StatusClass(code: page.code)
        var values = base.base(kind: "error", url: sitePath(code: page.code), title: article.title, description: article.summary)
        values["error"] = .dictionary([
            "code": .int(page.code),
            "title": .string(article.title),
            "summary": .string(article.summary),
            "side": .string(article.side?.sentence ?? statusClass.usualSide),
            "side_key": .string(article.side?.rawValue ?? ""),
            "class_slug": .string(statusClass.slug),
            "steps": .array(page.steps.map { step in
                .dictionary(["lead": .string(step.lead), "rest": .string(step.rest), "text": .string(step.text)])
            }),
            "article_title": .string(article.title),
            "article_url": .string(settings.absoluteURL(article.url)),
            "home_url": .string(settings.absoluteURL("/")),
            // Absolute, as every link of a page that a server may show at any path.
            "logo_url": settings.branding.logo.map { .string(settings.absoluteURL($0)) } ?? .null,
            "support_url": settings.branding.supportURL.map { .string(settings.absoluteURL($0)) } ?? .null,
        ])
        return values
    }

    /// Renders and writes every error page and the three server snippets; returns the number of files written.
    /// A theme without `error-page.html`, or a site without status articles, gets none. Template problems become a `BuildFailure`.
    static func write(model: SiteModel, engine: TemplateEngine, writer: OutputWriter) throws -> Int {
        guard engine.hasTemplate(templateName) else { return 0 }
        let pages = plan(model: model)
        guard !pages.isEmpty else { return 0 }
        let base = TemplateContext(model: model, eagerSummaries: false)
        for page in pages {
            let html: String
            do {
                html = try engine.render(templateName, context: context(for: page, model: model, base: base))
            } catch let error as TemplateError {
                throw BuildFailure(diagnostics: [SiteBuilder.diagnostic(from: error)])
            }
            try writer.write("\(folder)/\(page.code).html", html)
        }
        let codes = pages.map(\.code)
        try writer.write("\(folder)/nginx.conf", ServerSnippets.nginx(codes: codes))
        try writer.write("\(folder)/apache.conf", ServerSnippets.apache(codes: codes))
        try writer.write("\(folder)/Caddyfile", ServerSnippets.caddy(codes: codes))
        return pages.count + 3
    }
}

/// Ready-to-paste configuration that makes nginx, Apache and Caddy show the error pages.
enum ServerSnippets {
    /// `error_page` lines plus an `internal` location serving `/errors/`; goes inside a `server { }` block.
    static func nginx(codes: [Int]) -> String {
        var out = """
        # kb error pages for nginx: paste into the server { } block that should show them,
        # or put this file on the server and `include` it there.
        # nginx uses them for errors it answers itself: 502 or 504 when the upstream is down or slow,
        # 404 for a missing file, 413 for a too large body. To use them for errors your application
        # sends too, add `proxy_intercept_errors on;` (or fastcgi_intercept_errors) to its location.
        # A location with error_page lines of its own does not inherit these.


        """
        let (usable, skipped) = split(codes, by: nginxAccepts)
        if !skipped.isEmpty { out += leftOut(skipped, because: "nginx takes error_page codes from 300 to 599, except 499") }
        for code in usable { out += "error_page \(code) /\(ErrorPages.folder)/\(code).html;\n" }
        out += """

        location ^~ /\(ErrorPages.folder)/ {
            # Only error_page may show these files; a direct request gets a 404.
            internal;
            # ADJUST: the folder that holds errors/ (kb's Output/ folder as deployed).
            root \(ErrorPages.rootPlaceholder);
        }

        """
        return out
    }

    /// `ErrorDocument` lines plus an `Alias` that serves `/errors/`; goes inside a `<VirtualHost>`.
    static func apache(codes: [Int]) -> String {
        let errors = ErrorPages.rootPlaceholder + "/" + ErrorPages.folder
        var out = """
        # kb error pages for Apache httpd: paste into the <VirtualHost> that should show them,
        # or put this file on the server and `Include` it there.
        # ADJUST both paths: the errors/ folder of kb's Output/ folder as deployed.
        # Behind mod_proxy, keep the ProxyPass exclusion above your other ProxyPass lines, and add
        # `ProxyErrorOverride On` to use these pages for errors your application sends too.

        Alias /\(ErrorPages.folder)/ "\(errors)/"
        <Directory "\(errors)">
            Require all granted
        </Directory>
        <IfModule mod_proxy.c>
            ProxyPass /\(ErrorPages.folder)/ !
        </IfModule>


        """
        let (usable, skipped) = split(codes, by: apacheAccepts)
        if !skipped.isEmpty { out += leftOut(skipped, because: "Apache httpd takes ErrorDocument only for the codes it knows") }
        for code in usable { out += "ErrorDocument \(code) /\(ErrorPages.folder)/\(code).html\n" }
        return out
    }

    /// nginx refuses other codes in `error_page` ("value must be between 300 and 599").
    static func nginxAccepts(_ code: Int) -> Bool { (300...599).contains(code) && code != 499 }

    /// Codes httpd 2.4 accepts in `ErrorDocument` (its status table); any other stops it with "Unsupported HTTP response code".
    static let apacheCodes: Set<Int> = [
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ]

    static func apacheAccepts(_ code: Int) -> Bool { apacheCodes.contains(code) }

    static func split(_ codes: [Int], by accepts: (Int) -> Bool) -> (usable: [Int], skipped: [Int]) {
        (codes.filter(accepts), codes.filter { !accepts($0) })
    }

    /// A comment naming the pages a server cannot use, so nobody wonders where they went.
    static func leftOut(_ codes: [Int], because reason: String) -> String {
        "# Left out, because \(reason): \(codes.map(String.init).joined(separator: ", ")).\n"
    }

    /// A `handle_errors` block that serves `/errors/<code>.html` for the generated codes; goes inside a site block.
    static func caddy(codes: [Int]) -> String {
        // Caddy runs handle_errors for 4xx and 5xx errors only.
        let list = codes.filter { (400...599).contains($0) }.map(String.init).joined(separator: ", ")
        return """
        # kb error pages for Caddy: paste inside your site block (help.example.com { ... }).
        # Caddy uses them for errors it raises itself: 502 when reverse_proxy cannot reach the upstream,
        # 404 from file_server. Other codes keep Caddy's default answer.
        # ADJUST root: the folder that holds errors/ (kb's Output/ folder as deployed).
        handle_errors {
        \t@kb_error_page expression `{err.status_code} in [\(list)]`
        \thandle @kb_error_page {
        \t\troot * \(ErrorPages.rootPlaceholder)
        \t\trewrite * /\(ErrorPages.folder)/{err.status_code}.html
        \t\tfile_server
        \t}
        }

        """
    }
}
