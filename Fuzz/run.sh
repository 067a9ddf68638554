#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for SECONDS (default 60).
#   Fuzz/run.sh [seconds] [harness...]      e.g. Fuzz/run.sh 600 markdown http
# Each harness is compiled together with its module's sources (so it can reach internal API) and
# Fuzz/FuzzSupport.swift. Seeds come from Fuzz/corpus/<name>/; inputs the fuzzer finds go to
# .build/fuzz/corpus/<name>/ and crashes to .build/fuzz/artifacts/<name>/. Exits non-zero if any harness fails.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(markdown frontmatter template http imageheader)

sources_for() {
  case "$1" in
    markdown) echo Sources/KBMarkdown/*.swift Fuzz/cmark-gfm.swift Tests/KBMarkdownTests/CmarkGFMDifferences.swift ;;
    frontmatter) echo Sources/KBSite/FrontMatter/*.swift ;;
    template) echo Sources/KBTemplates/*.swift ;;
    http) echo Sources/KBServer/*.swift ;;
    imageheader) echo Sources/KBSite/ImageHeader.swift Sources/KBSite/SVGSize.swift ;;
    *) echo "unknown harness '$1' (markdown, frontmatter, template, http, imageheader)" >&2; exit 64 ;;
  esac
}

work=.build/fuzz
mkdir -p "$work/bin"
# Swift's own crash backtracer fights with ASan's; libFuzzer reports crashes itself.
export SWIFT_BACKTRACE=enable=no
status=0
for name in "${harnesses[@]}"; do
  srcs=$(sources_for "$name")
  echo "fuzz: building $name"
  # shellcheck disable=SC2086
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Harness -use-ld=lld \
    Fuzz/FuzzSupport.swift "Fuzz/$name.swift" $srcs -o "$work/bin/$name" 2>&1 | grep -v "Cannot export local symbol" || true
  [ -x "$work/bin/$name" ] || { echo "fuzz: $name did not build" >&2; exit 1; }
  mkdir -p "$work/corpus/$name" "$work/artifacts/$name"
  echo "fuzz: running $name for ${seconds}s"
  # -detect_leaks=0: LeakSanitizer counts the harnesses' lazily built global fixtures as leaks at exit.
  if ! "$work/bin/$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -detect_leaks=0 \
      -artifact_prefix="$work/artifacts/$name/" "$work/corpus/$name" "Fuzz/corpus/$name" \
      > "$work/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; see $work/$name.log and $work/artifacts/$name/" >&2
    status=1
  fi
  # The last status line carries the totals: #execs, cov (edges), ft (features), corpus size.
  grep -E '^#[0-9]+' "$work/$name.log" | tail -1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$name.log" || true
done
exit $status
