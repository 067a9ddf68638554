#!/bin/sh
# Search benchmark, end to end: builds the index of N synthetic articles (kb-bench search), serves it, and
# measures in headless Chromium what the real search.js downloads for one query on a cold page
# (sum of the encoded sizes of every file fetched under search/).
#
#   Benchmarks/search.sh [N] [QUERY...]        (default N=10000; run from the repository root)
set -eu
N=${1:-10000}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- "502" "error 502" "bad gateway" "gatewya" "gatew" "connection reset by peer" \
    "site keeps saying try again later" "is my data safe" "too many requests 429" \
    "upload of large files through the proxy fails with bad gateway error after waiting"

command -v chromium >/dev/null || { echo "chromium not installed"; exit 0; }
SITE=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$SITE"' EXIT INT TERM

swift run -c release kb-bench search "$N" --out "$SITE/search"
mkdir -p "$SITE/assets"
cp Templates/assets/search.js "$SITE/assets/search.js"
cat > "$SITE/measure.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><meta name="kb-base" content="/"></head>
<body><pre id="out">running</pre><script src="/assets/search.js"></script><script>
const q = new URLSearchParams(location.search).get('q');
window.kbSearch.search(q, { limit: 20 }).then((r) => {
  const files = performance.getEntriesByType('resource').filter((e) => e.name.includes('/search/'));
  const bytes = files.reduce((sum, e) => sum + e.encodedBodySize, 0);
  document.getElementById('out').textContent =
    (bytes / 1024).toFixed(1) + ' KB in ' + files.length + ' files; ' + r.total + ' matches; first: ' +
    (r.results[0] ? r.results[0].url : '-');
});
</script></body></html>
EOF
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >/dev/null 2>&1 &
SERVER=$!
sleep 1
echo "first query with the real client (cold page, results page limit 20):"
for QUERY in "$@"; do
    ENCODED=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$QUERY")
    RESULT=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$SITE/.profile" \
        --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:$PORT/measure.html?q=$ENCODED" 2>/dev/null |
        sed -n 's:.*<pre id="out">\(.*\)</pre>.*:\1:p')
    printf '  %-36s %s\n' "$QUERY" "$RESULT"
done
