#!/usr/bin/env bash
# Markdown throughput: kb render vs cmark on the same large file, in the same run.
#
#   Benchmarks/markdown.sh [ARTICLES]     (default 2000 articles, about 12 MB)
#
# Generates articles with Benchmarks/gen_corpus.py, concatenates their bodies (front matter
# removed) into one file, then times `kb render` (GFM, the default), `kb render --commonmark`
# and `cmark` with hyperfine. Prints MB/s from wall time and from CPU time (user + system;
# steadier on a shared machine) and the kb/cmark ratios; then kb render with and without highlighting
# on the corpus and on a code-heavy copy (Benchmarks/code_heavy.py). Finally runs the in-process benchmark
# (`kb-bench markdown`), which also times the pathological inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

articles="${1:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "markdown.sh: hyperfine is not installed" >&2; exit 1; }
command -v cmark >/dev/null || { echo "markdown.sh: cmark is not installed" >&2; exit 1; }

python3 Benchmarks/gen_corpus.py "$articles" "$work/articles" >/dev/null 2>&1
python3 - "$work/articles" "$work/corpus.md" <<'PY'
import glob, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.md"))):
        text = open(path, encoding="utf-8").read()
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end >= 0:
                text = text[end + 5:]
        out.write(text.rstrip("\n") + "\n\n")
PY

swift build -c release --product kb >/dev/null
swift build -c release --product kb-bench >/dev/null
kb="$(swift build -c release --show-bin-path)/kb"
bench="$(swift build -c release --show-bin-path)/kb-bench"

file="$work/corpus.md"
echo "corpus: $articles articles, $(wc -c < "$file") bytes in $file"
hyperfine -N --warmup 2 --runs 15 --export-json "$work/results.json" \
    "$kb render $file" "$kb render --commonmark $file" "cmark $file" >/dev/null

python3 - "$work/results.json" "$(wc -c < "$file")" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
size_mb = int(sys.argv[2]) / 1e6
names = ["kb render (GFM)", "kb render --commonmark", "cmark"]
rows = []
for label, r in zip(names, results):
    wall = r["median"]
    cpu = r["user"] + r["system"]
    rows.append((label, size_mb / wall, size_mb / cpu))
print("%-40s %12s %12s" % ("command", "MB/s (wall)", "MB/s (CPU)"))
for name, wall, cpu in rows:
    print("%-40s %12.1f %12.1f" % (name, wall, cpu))
cmark = rows[-1]
for name, wall, cpu in rows[:-1]:
    print("%s vs cmark: %.2fx (wall), %.2fx (CPU)" % (name, wall / cmark[1], cpu / cmark[2]))
PY

# Highlighting: the corpus (45% of its articles have one code block) and a code-heavy copy (one block in
# each highlighted language after every section), each rendered with and without (--no-highlight).
python3 Benchmarks/code_heavy.py "$file" "$work/code.md"
code="$work/code.md"
echo
echo "highlighting: corpus $(wc -c < "$file") bytes, code-heavy copy $(wc -c < "$code") bytes"
hyperfine -N --warmup 2 --runs 15 --export-json "$work/highlight.json" \
    "$kb render --no-highlight $file" "$kb render $file" "$kb render --no-highlight $code" "$kb render $code" >/dev/null
python3 - "$work/highlight.json" "$(wc -c < "$file")" "$(wc -c < "$code")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
sizes = [int(sys.argv[2]) / 1e6] * 2 + [int(sys.argv[3]) / 1e6] * 2
names = ["corpus, --no-highlight", "corpus, highlighted", "code-heavy, --no-highlight", "code-heavy, highlighted"]
cpu = [x["user"] + x["system"] for x in r]
print("%-40s %12s %12s" % ("kb render", "MB/s (wall)", "MB/s (CPU)"))
for name, x, size, c in zip(names, r, sizes, cpu):
    print("%-40s %12.1f %12.1f" % (name, size / x["median"], size / c))
print("highlighting costs %.2fx (corpus) and %.2fx (code-heavy) the CPU time of rendering without it" % (cpu[1] / cpu[0], cpu[3] / cpu[2]))
PY

echo
"$bench" markdown "$file" --iterations 10
