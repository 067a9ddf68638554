#!/usr/bin/env python3
"""Writes a code-heavy copy of a Markdown corpus for the highlighting benchmark: after every top-level
heading's section, one fenced block in each language kb highlights.

Usage: code_heavy.py CORPUS.md OUT.md
"""
import sys

BLOCKS = {
    "bash": "curl -sS -o /dev/null -w '%{http_code}\\n' https://example.com/api  # status only\n"
            "export RETRY=3 && wget -q \"$URL\" | grep -i cache",
    "console": "$ curl -I https://example.com/\nHTTP/2 502\ncontent-type: text/html\n$ dig +short example.com\n93.184.216.34",
    "http": "GET /api/orders?id=42 HTTP/1.1\nHost: example.com\nAccept: application/json\n\n"
            "HTTP/1.1 503 Service Unavailable\nContent-Type: application/json\nRetry-After: 120\n\n"
            "{\"error\": \"maintenance\", \"retry\": 120, \"ok\": false}",
    "nginx": "location /api/ {\n    proxy_pass http://127.0.0.1:8080;  # app\n    proxy_read_timeout 60s;\n"
             "    add_header X-Cache $upstream_cache_status;\n}",
    "apache": "<VirtualHost *:80>\n    ServerName example.com\n    RewriteRule ^/old/(.*)$ /new/$1 [R=301,L]\n"
              "    Timeout 60\n</VirtualHost>",
    "caddyfile": "example.com {\n    @api path /api/*\n    reverse_proxy @api localhost:8080\n"
                 "    header X-Host {http.request.host}\n}",
    "json": "{\"status\": 502, \"title\": \"Bad Gateway\", \"retry\": [1, 2, 4.5], \"cached\": null}",
    "yaml": "server:\n  port: 8080  # default\n  hosts:\n    - \"a.example.com\"\n    - b.example.com\n  tls: true",
    "toml": "[server]\nport = 8080\nname = \"kb\"\nstarted = 1979-05-27T07:32:00Z",
    "ini": "[php]\nmemory_limit = 128M\nmax_execution_time = 30 ; seconds\ndisplay_errors = Off",
    "js": "const res = await fetch('/api', { method: 'POST' }); // send\nif (res.status >= 500) setTimeout(retry, 1.5e3);",
    "python": "def fetch(url):\n    \"\"\"Retry on 5xx.\"\"\"\n    for attempt in range(5):\n"
              "        if get(url).status < 500:\n            return True  # done",
    "html": "<!-- error page -->\n<a href=\"/status\" class=\"link\">Status &amp; updates</a>\n<script>let a = \"b\";</script>",
    "css": "@media (max-width: 600px) {\n  .card > a:hover { color: #0a58b5; margin: -1.5em 0 !important; }\n}",
    "diff": "--- a/nginx.conf\n+++ b/nginx.conf\n@@ -1,2 +1,2 @@\n-proxy_read_timeout 30s;\n+proxy_read_timeout 60s;",
    "sql": "SELECT path, count(*) FROM logs WHERE status = 502 AND day > '2024-01-01' GROUP BY path; -- worst",
}


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for part in text.split("\n## "):
            out.write(part.rstrip("\n") + "\n\n")
            for lang, body in BLOCKS.items():
                out.write("```" + lang + "\n" + body + "\n```\n\n")
            out.write("## ")
        out.write("End\n")


if __name__ == "__main__":
    main()
