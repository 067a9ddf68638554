#!/usr/bin/env bash
# Records what Debian's cmark-gfm makes of the differential documents (Tests/KBMarkdownTests/DifferentialCorpus.swift).
#   Tests/KBMarkdownDifferential/record.sh                      regenerate the documents, rewrite cmark-gfm.json here
#   Tests/KBMarkdownDifferential/record.sh DOCUMENTS [OUTPUT]   record DOCUMENTS/*.md (0000.md, 0001.md ...) into OUTPUT
# The flags are kb's GFM mode (kb render, kb build): the five GFM extensions plus footnotes, raw HTML passed
# through (--unsafe; the tag filter still escapes <script> and the like). Needs cmark-gfm and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v cmark-gfm >/dev/null || { echo "record.sh: cmark-gfm is not installed (apt-get install cmark-gfm)" >&2; exit 69; }
command -v python3 >/dev/null || { echo "record.sh: python3 is not installed" >&2; exit 69; }

if [ $# -eq 0 ]; then
  documents=$(mktemp -d)
  trap 'rm -rf "$documents"' EXIT
  (cd "$here/../.." && KB_DIFFERENTIAL_WRITE="$documents" swift test --filter 'KBMarkdownTests.CmarkGFMDifferentialTests/testWriteDocuments' >/dev/null)
  output="$here/cmark-gfm.json"
else
  documents=$1
  output=${2:-$here/cmark-gfm.json}
fi

python3 - "$documents" "$output" <<'PY'
import json, os, subprocess, sys
folder, output = sys.argv[1], sys.argv[2]
flags = ["--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist", "-e", "footnotes"]
version = subprocess.run(["cmark-gfm", "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
if not names:
    sys.exit("record.sh: no .md documents in " + folder)
records = []
for name in names:
    with open(os.path.join(folder, name), "rb") as f:
        markdown = f.read()
    html = subprocess.run(["cmark-gfm"] + flags, input=markdown, capture_output=True, check=True).stdout
    records.append({"markdown": markdown.decode("utf-8"), "html": html.decode("utf-8")})
with open(output, "w", encoding="utf-8") as f:
    json.dump({"recordedWith": version, "command": "cmark-gfm " + " ".join(flags), "documents": records},
              f, indent=1, ensure_ascii=False)
    f.write("\n")
PY
