#!/usr/bin/env bash
# Preview-loop benchmark: how long after saving one article `kb serve` serves the rebuilt page.
#
#   Benchmarks/preview.sh [N] [EDITS]      (defaults: 10000 articles, 7 edits)
#
# Generates (or reuses) an N-article corpus, starts `kb serve` on it, waits until it serves, then
# edits the body of one article EDITS times. For each edit it measures, with a keep-alive HTTP client
# polling in a tight loop, the time from the write to the page being served with the new text, and
# counts, once the output folder is quiet again, the files under it whose mtime changed (a one-article edit
# should rewrite the article and the search files it touches, not the site). Prints every edit and the medians. The article is restored at the end.
#
# Environment: WORK=/tmp/kb-bench, PORT=8917, TEMPLATES=<repo>/Templates, KB_BIN (skip the build),
#              SETTLE=2.0 (seconds the output must stay unchanged before files are counted and the next edit).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-10000}
EDITS=${2:-7}
WORK=${WORK:-/tmp/kb-bench}
PORT=${PORT:-8917}
TEMPLATES=${TEMPLATES:-$ROOT/Templates}
SETTLE=${SETTLE:-2.0}

die() { echo "preview.sh: $*" >&2; exit 1; }
[ -d "$TEMPLATES" ] || die "no templates at $TEMPLATES (set TEMPLATES=DIR)"
command -v curl >/dev/null || die "curl is not installed"
mkdir -p "$WORK"

if [ -z "${KB_BIN:-}" ]; then
    echo "Building kb (swift build -c release)..." >&2
    (cd "$ROOT" && swift build -c release --product kb >&2)
    KB_BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/kb"
fi
"$KB_BIN" help serve >/dev/null 2>&1 || die "this kb has no 'serve' command yet"

# The same corpus as build.sh, but a private copy: this script edits it.
dir="$WORK/preview-corpus-$N"
stamp="$dir/.generated-by-$(cksum < "$ROOT/Benchmarks/gen_corpus.py" | cut -d' ' -f1)"
if [ ! -e "$stamp" ]; then
    rm -rf "$dir"
    python3 "$ROOT/Benchmarks/gen_corpus.py" "$N" "$dir" >&2
    touch "$stamp"
fi
out="$WORK/preview-out-$N"
rm -rf "$out"

# The article in the middle of the corpus, by name.
article=$(find "$dir" -maxdepth 1 -name '*.md' ! -name '_index.md' | sort | sed -n "$(( N / 2 + 1 ))p")
[ -n "$article" ] || die "no article found in $dir"
slug=$(basename "$article" .md)
cp "$article" "$WORK/preview-original.md"

log="$WORK/preview-serve.log"
start=$(date +%s%N)
"$KB_BIN" serve --articles "$dir" --templates "$TEMPLATES" --output "$out" --port "$PORT" >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    cp "$WORK/preview-original.md" "$article"
}
trap cleanup EXIT

url="http://127.0.0.1:$PORT/$slug/"
for ((i = 0; i < 6000; i++)); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; die "kb serve exited"; }
    sleep 0.05
done
curl -fsS -o /dev/null "$url" || die "kb serve did not serve $url within 300 s"
ready=$(( ($(date +%s%N) - start) / 1000000 ))
echo "kb serve: $N articles, first build and serve in $ready ms; editing $slug ($EDITS edits)"
echo "output: $out ($(find "$out" -type f | wc -l) files)"

python3 - "$article" "$url" "$out" "$EDITS" "$SETTLE" "$log" <<'PY'
import http.client, os, statistics, sys, time, urllib.parse

article, url, out, edits, settle, log = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
original = open(article, encoding="utf-8").read()
parts = urllib.parse.urlsplit(url)

def fetch(conn):
    conn.request("GET", parts.path, headers={"Cache-Control": "no-cache"})
    response = conn.getresponse()
    return response.status, response.read()

def mtimes():
    found = {}
    for folder, _, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            try:
                found[path] = os.stat(path).st_mtime_ns
            except FileNotFoundError:
                pass
    return found

def rebuilds_reported():
    with open(log, encoding="utf-8", errors="replace") as f:
        return f.read().count("Rebuilt in")

def wait_until_quiet(rebuilds=0, limit=120):
    """The output's mtimes once kb serve has reported `rebuilds` rebuilds (work deferred past the reload,
    such as the search index, ends before that line) and no file has changed for `settle` seconds."""
    start = time.perf_counter()
    while rebuilds_reported() < rebuilds and time.perf_counter() - start < limit:
        time.sleep(0.05)
    last, quiet_since = mtimes(), time.perf_counter()
    while time.perf_counter() - quiet_since < settle and time.perf_counter() - start < limit:
        time.sleep(0.25)
        current = mtimes()
        if current != last:
            last, quiet_since = current, time.perf_counter()
    return last

wait_until_quiet()
latencies, changed = [], []
for edit in range(1, edits + 1):
    marker = "kbpreviewedit%d%d" % (edit, time.time_ns() % 1000000)
    before = mtimes()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    text = original.rstrip("\n") + "\n\nEdited paragraph " + marker + ".\n"
    t0 = time.perf_counter()
    with open(article, "w", encoding="utf-8") as f:
        f.write(text)
    deadline = t0 + 30
    while True:
        try:
            status, body = fetch(conn)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            status, body = 0, b""
        if status == 200 and marker.encode() in body:
            break
        if time.perf_counter() > deadline:
            sys.exit("preview.sh: the edit did not show up within 30 s")
    ms = (time.perf_counter() - t0) * 1000
    conn.close()
    # Work deferred past the reload (the search index) still counts as rewritten files, and the next edit
    # must start from an idle server.
    after = wait_until_quiet(rebuilds=edit)
    n = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    latencies.append(ms)
    changed.append(n)
    print("  edit %d: served after %.0f ms, %d of %d output files changed" % (edit, ms, n, len(after)))

print("median: %.0f ms from save to the new page being served (min %.0f, max %.0f); "
      "median %d files rewritten per edit" % (statistics.median(latencies), min(latencies), max(latencies),
                                              statistics.median(changed)))
PY
echo "kb serve's own report of each rebuild:"
tr '\r' '\n' < "$log" | grep -i "rebuil" | sed 's/^/  /' || true
