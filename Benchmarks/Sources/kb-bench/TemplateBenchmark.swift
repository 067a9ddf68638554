// The template benchmark: renders an article page (article.html extends base.html, which includes a header
// and a footer partial) with a realistic context, and reports pages per second.
//   swift run -c release kb-bench templates [PAGES]
import Dispatch
import Foundation
import KBTemplates
#if canImport(Glibc)
import Glibc
#endif

private let benchmarkTemplates: [String: String] = [
    "base.html": """
        <!doctype html>
        <html lang="{{ site.language }}">
        <head>
          <meta charset="utf-8">
          <title>{% block title %}{{ site.title }}{% endblock %}</title>
          <meta name="description" content="{% block description %}{{ site.description }}{% endblock %}">
          <link rel="stylesheet" href="{{ site.base_url }}/assets/style.css">
        </head>
        <body class="{% block body_class %}page{% endblock %}">
          {% include "partials/header.html" %}
          <main id="main">
            {%- block content %}{% endblock %}
          </main>
          {% include "partials/footer.html" %}
        </body>
        </html>
        """,
    "partials/header.html": """
        <header class="site-header">
          <a class="brand" href="{{ site.base_url }}/">{{ site.title }}</a>
          <form action="{{ site.base_url }}/search/" role="search"><input name="q" placeholder="Search {{ site.title }}"></form>
          <nav>{% for section in site.sections %}<a href="{{ site.base_url }}/{{ section | slug }}/">{{ section }}</a>{% endfor %}</nav>
        </header>
        """,
    "partials/footer.html": """
        <footer class="site-footer">
          <p>&copy; {{ site.year }} {{ site.title }} · Updated {{ article.updated | date("%B %e, %Y") }}</p>
        </footer>
        """,
    "article.html": """
        {% extends "base.html" %}
        {% block title %}{{ article.code }} {{ article.title }} · {{ super() }}{% endblock %}
        {% block description %}{{ article.summary }}{% endblock %}
        {% block body_class %}article{% endblock %}
        {% block content %}
        <article>
          <h1>{{ article.title }}</h1>
          <p class="summary">{{ article.summary }}</p>
          {% if article.tags %}<ul class="tags">
            {%- for tag in article.tags %}
            <li><a href="{{ site.base_url }}/tags/{{ tag | slug }}/">{{ tag }}</a></li>
            {%- endfor %}
          </ul>{% endif %}
          {% if article.toc | length > 1 %}<nav class="toc"><ol>
            {%- for entry in article.toc %}
            <li class="level-{{ entry.level }}{% if loop.first %} first{% endif %}"><a href="#{{ entry.id }}">{{ entry.title }}</a></li>
            {%- endfor %}
          </ol></nav>{% endif %}
          <div class="content">{{ article.content | safe }}</div>
          {% if article.related %}<aside><h2>Related</h2><ul>
            {%- for other in article.related %}<li><a href="{{ other.url }}">{{ other.code }} {{ other.title }}</a></li>{% endfor %}
          </ul></aside>{% endif %}
          <script type="application/ld+json">{{ article.extra | json }}</script>
        </article>
        {% endblock %}
        """,
]

private func benchmarkContext() -> [String: TemplateValue] {
    var paragraphs = ""
    var index = 0
    while paragraphs.utf8.count < 20 * 1024 {
        paragraphs += "<h2 id=\"section-\(index)\">Section \(index)</h2>\n<p>A 502 Bad Gateway means a server acting as a gateway got an invalid "
            + "response from the upstream server. It usually clears in minutes; <a href=\"/5xx/503/\">503</a> is related. "
            + "Check the <code>upstream</code> logs &amp; retry with backoff.</p>\n"
        index += 1
    }
    let toc: [TemplateValue] = (0..<10).map { .dictionary(["level": .int($0 % 3 + 2), "title": .string("Section \($0) & more"), "id": .string("section-\($0)")]) }
    let tags: [TemplateValue] = ["Gateway", "Proxy errors", "Nginx", "Upstream", "Timeouts"].map { .string($0) }
    let related: [TemplateValue] = [(503, "Service Unavailable"), (504, "Gateway Timeout"), (500, "Internal Server Error")].map {
        .dictionary(["code": .int($0.0), "title": .string($0.1), "url": .string("/5xx/\($0.0)/")])
    }
    let article: TemplateValue = .dictionary([
        "title": .string("Bad Gateway"), "code": .int(502), "summary": .string("The server got an invalid answer from upstream <proxy>."),
        "tags": .array(tags), "url": .string("/5xx/502/"), "updated": .string("2026-11-20T10:00:00Z"),
        "content": .safeHTML(paragraphs), "toc": .array(toc), "related": .array(related),
        "extra": .dictionary(["@type": .string("TechArticle"), "headline": .string("502 </script> Bad Gateway")]),
    ])
    let site: TemplateValue = .dictionary([
        "title": .string("HTTP Help"), "description": .string("Answers about HTTP errors"), "base_url": .string("https://help.example.com"),
        "language": .string("en"), "year": .int(2026), "sections": .array(["1xx", "2xx", "3xx", "4xx", "5xx"].map { .string($0) }),
    ])
    return ["site": site, "article": article, "page": .dictionary(["url": .string("/5xx/502/"), "title": .string("Bad Gateway")])]
}

private func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// CPU time of this thread: steadier than wall time on a machine shared with other jobs.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func templateBenchmark(_ arguments: [String]) {
    let pages = arguments.first.flatMap { Int($0) } ?? 20_000
    let engine: TemplateEngine
    do {
        engine = try TemplateEngine(templates: benchmarkTemplates)
    } catch {
        print("template benchmark: \(error)")
        return
    }
    let context = benchmarkContext()
    var pageBytes = 0
    do {
        for _ in 0..<200 { pageBytes = try engine.render("article.html", context: context).utf8.count }
        let start = DispatchTime.now()
        let cpuStart = threadCPUSeconds()
        var total = 0
        for _ in 0..<pages { total &+= try engine.render("article.html", context: context).utf8.count }
        let elapsed = seconds(since: start)
        let cpu = threadCPUSeconds() - cpuStart
        print("templates: article page (extends base.html, 2 includes, 20 KB content, toc 10, 5 tags), \(pageBytes) bytes/page")
        print(String(format: "  1 thread : %d pages in %.3f s wall = %.0f pages/s (%.0f MB/s of output); %.3f s CPU = %.0f pages/s per core",
                     pages, elapsed, Double(pages) / elapsed, Double(total) / elapsed / 1e6, cpu, Double(pages) / cpu))
    } catch {
        print("template benchmark: \(error)")
        return
    }
    let threads = 2
    let start = DispatchTime.now()
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        for _ in 0..<pages / threads { _ = try? engine.render("article.html", context: context) }
    }
    let elapsed = seconds(since: start)
    print(String(format: "  %d threads: %d pages in %.3f s = %.0f pages/s", threads, pages / threads * threads, elapsed, Double(pages / threads * threads) / elapsed))
}
