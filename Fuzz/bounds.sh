#!/usr/bin/env bash
# Measures kb build on N generated articles in one folder (default 100,000): wall time and peak memory.
#   Fuzz/bounds.sh [count]
# Uses the release kb (builds it if needed) and GNU time for the peak resident size.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
swift build -c release --product kb >/dev/null
kb="$(swift build -c release --show-bin-path)/kb"
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
mkdir -p "$site/Articles"
cp -R Templates "$site/Templates"
printf -- '---\ntitle: Generated Help\nbase_url: https://help.example.com/\n---\nA generated site.\n' > "$site/Articles/_index.md"
echo "bounds: writing $count articles"
for ((i = 0; i < count; i++)); do
  printf -- '---\ntitle: "Generated article %d"\ncode: %d\nsummary: "Summary of generated article %d."\ntags: [generated, group-%d]\nupdated: 2026-11-20\n---\n## What it means\n\nArticle %d is about status %d, with `code` and a [link](article-%d.md).\n\n## What you can do\n\n1. **Reload** the page.\n2. Wait and retry.\n' \
    "$i" $((400 + i % 200)) "$i" $((i % 10)) "$i" $((400 + i % 200)) $(((i + 1) % count)) > "$site/Articles/article-$i.md"
done
echo "bounds: building"
cd "$site"
/usr/bin/time -f "bounds: %e s wall, %M KB peak resident, exit %x" "$kb" build 2>&1 | tail -3
echo "bounds: $(find Output -type f | wc -l) files, $(du -sh Output | cut -f1) in Output/"
