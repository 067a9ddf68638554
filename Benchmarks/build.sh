#!/usr/bin/env bash
# Build benchmark: `kb build` against Hugo on the same generated help center.
#
#   Benchmarks/build.sh [N...]        (default: 1000 10000)
#
# For each size N it generates N articles with Benchmarks/gen_corpus.py, builds
# them with kb (release, the bundled Templates/) and with Hugo (the equivalent
# site in Benchmarks/hugo-site/, the same files as content/), alternating the
# two, and prints the median wall time, the peak resident memory
# (/usr/bin/time -v) and the kb/Hugo ratios, then kb's scaling between sizes.
#
# Two modes, each with its own table:
#   cold  every run starts without an output folder (kb's .<out>.kb-spare removed too), then waits SETTLE
#         seconds, so the deleted tree of the previous run does not slow the next run's file creation (ext4
#         skips recently deleted inodes when allocating, which made back-to-back runs vary 3x).
#   warm  every run rebuilds over the previous run's output, as `kb build` and `hugo` are used day to day
#         (Hugo overwrites public/ in place; kb writes into the spare it kept and swaps it in).
#
# Environment:
#   RUNS=5            timed runs per tool and size (after one untimed warm-up)
#   SLOW_RUNS=3       runs used instead when one kb+hugo pair takes over SLOW_SECONDS
#   SLOW_SECONDS=60
#   WORK=/tmp/kb-bench  corpora, Hugo site copies and outputs (reused between runs)
#   TEMPLATES=<repo>/Templates  the theme kb builds with
#   KB_BIN=...        use this kb binary instead of building one
#   MODES="cold warm" which tables to produce
#   SETTLE=6          seconds to wait after deleting an output in cold mode
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
SLOW_SECONDS=${SLOW_SECONDS:-60}
WORK=${WORK:-/tmp/kb-bench}
TEMPLATES=${TEMPLATES:-$ROOT/Templates}
SIZES=("$@")
MODES=${MODES:-cold warm}
SETTLE=${SETTLE:-6}
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

die() { echo "build.sh: $*" >&2; exit 1; }
command -v hugo >/dev/null || die "hugo is not installed (apt-get install hugo)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install time)"
[ -d "$TEMPLATES" ] || die "no templates at $TEMPLATES (set TEMPLATES=DIR)"
mkdir -p "$WORK"

if [ -z "${KB_BIN:-}" ]; then
    echo "Building kb (swift build -c release)..." >&2
    (cd "$ROOT" && swift build -c release --product kb >&2)
    KB_BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/kb"
fi
[ -x "$KB_BIN" ] || die "no kb binary at $KB_BIN"

# corpus N: generates WORK/corpus-N unless it already holds N articles from this generator.
corpus() {
    local n=$1 dir="$WORK/corpus-$1"
    local stamp="$dir/.generated-by-$(cksum < "$ROOT/Benchmarks/gen_corpus.py" | cut -d' ' -f1)"
    if [ ! -e "$stamp" ]; then
        rm -rf "$dir"
        python3 "$ROOT/Benchmarks/gen_corpus.py" "$n" "$dir" >&2
        touch "$stamp"
    fi
    echo "$dir"
}

# hugo_site N CORPUS: a fresh copy of Benchmarks/hugo-site with the corpus as content/.
hugo_site() {
    local n=$1 corpus=$2 site="$WORK/hugo-$1"
    rm -rf "$site"
    mkdir -p "$site/content"
    cp -R "$ROOT/Benchmarks/hugo-site/." "$site/"
    # Hard links where possible: the same bytes, no copy cost.
    cp -l "$corpus"/*.md "$site/content/" 2>/dev/null || cp "$corpus"/*.md "$site/content/"
    echo "$site"
}

# timed OUT LOG CMD...: one run (from nothing in cold mode, over the last output in warm mode);
# prints "wall_ms peak_kb cpu_ms".
timed() {
    local out=$1 log=$2; shift 2
    if [ "$MODE" = cold ]; then
        rm -rf "$out" "$(dirname "$out")/.$(basename "$out").kb-spare"
        sync
        sleep "$SETTLE"
    fi
    local start end
    start=$(date +%s%N)
    if ! /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
        echo "build.sh: failed: $*" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    end=$(date +%s%N)
    # Peak RSS in KB and CPU time (user + system) in ms, which a busy machine disturbs less than wall time.
    awk -F': ' -v ms="$(( (end - start) / 1000000 ))" '
        /Maximum resident set size/ { rss = $2 }
        /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
        END { printf "%d %d %d\n", ms, rss, cpu * 1000 }' "$log.time"
}

median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

echo "kb:   $KB_BIN ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "hugo: $(hugo version | cut -d' ' -f1-2)"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for MODE in $MODES; do
    echo "== $MODE builds =="
    declare -A KB_MS KB_KB KB_CPU HUGO_MS HUGO_KB HUGO_CPU
    for n in "${SIZES[@]}"; do
        dir=$(corpus "$n")
        site=$(hugo_site "$n" "$dir")
        kb_out="$WORK/kb-out-$n"
        hugo_out="$WORK/hugo-out-$n"
        kb_cmd=("$KB_BIN" build --articles "$dir" --templates "$TEMPLATES" --output "$kb_out")
        hugo_cmd=(hugo --source "$site" --destination "$hugo_out" --quiet)

        # Warm-up pair (file cache, first-run costs), also used to choose the run count.
        res=$(timed "$kb_out" "$WORK/kb-$n.log" "${kb_cmd[@]}"); kw=${res%% *}
        res=$(timed "$hugo_out" "$WORK/hugo-$n.log" "${hugo_cmd[@]}"); hw=${res%% *}
        runs=$RUNS
        if [ $(( kw + hw )) -gt $(( SLOW_SECONDS * 1000 )) ] && [ "$SLOW_RUNS" -lt "$RUNS" ]; then runs=$SLOW_RUNS; fi

        kb_times=() kb_mem=() kb_cpu=() hugo_times=() hugo_mem=() hugo_cpu=()
        for ((i = 1; i <= runs; i++)); do
            res=$(timed "$kb_out" "$WORK/kb-$n.log" "${kb_cmd[@]}"); read -r t m c <<<"$res"
            kb_times+=("$t"); kb_mem+=("$m"); kb_cpu+=("$c")
            res=$(timed "$hugo_out" "$WORK/hugo-$n.log" "${hugo_cmd[@]}"); read -r t m c <<<"$res"
            hugo_times+=("$t"); hugo_mem+=("$m"); hugo_cpu+=("$c")
            echo "  N=$n run $i/$runs: kb ${kb_times[-1]} ms (cpu ${kb_cpu[-1]}) ${kb_mem[-1]} KB," \
                 "hugo ${hugo_times[-1]} ms (cpu ${hugo_cpu[-1]}) ${hugo_mem[-1]} KB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
        done
        KB_MS[$n]=$(echo "${kb_times[*]}" | median)
        KB_KB[$n]=$(echo "${kb_mem[*]}" | median)
        HUGO_MS[$n]=$(echo "${hugo_times[*]}" | median)
        HUGO_KB[$n]=$(echo "${hugo_mem[*]}" | median)
        KB_CPU[$n]=$(echo "${kb_cpu[*]}" | median)
        HUGO_CPU[$n]=$(echo "${hugo_cpu[*]}" | median)
        echo "N=$n: $runs runs each; kb wrote $(find "$kb_out" -type f | wc -l) files, hugo $(find "$hugo_out" -type f | wc -l)" \
             "(kb: ${kb_times[*]} ms; hugo: ${hugo_times[*]} ms)"
    done

    echo
    echo "Mode: $MODE. Medians. Time is wall clock; CPU is user + system over all cores."
    echo "| Articles | kb time | kb CPU | kb peak RSS | Hugo time | Hugo CPU | Hugo peak RSS | time kb/Hugo | CPU kb/Hugo | memory kb/Hugo |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${SIZES[@]}"; do
        awk -v n="$n" -v kt="${KB_MS[$n]}" -v km="${KB_KB[$n]}" -v kc="${KB_CPU[$n]}" \
            -v ht="${HUGO_MS[$n]}" -v hm="${HUGO_KB[$n]}" -v hc="${HUGO_CPU[$n]}" 'BEGIN {
            printf "| %d | %.2f s | %.2f s | %.0f MB | %.2f s | %.2f s | %.0f MB | %.2f | %.2f | %.2f |\n",
                n, kt / 1000, kc / 1000, km / 1024, ht / 1000, hc / 1000, hm / 1024, kt / ht, kc / hc, km / hm }'
    done
    if [ ${#SIZES[@]} -gt 1 ]; then
        echo
        prev=""
        for n in "${SIZES[@]}"; do
            if [ -n "$prev" ]; then
                awk -v a="$prev" -v b="$n" -v ta="${KB_MS[$prev]}" -v tb="${KB_MS[$n]}" -v ha="${HUGO_MS[$prev]}" -v hb="${HUGO_MS[$n]}" \
                    -v ca="${KB_CPU[$prev]}" -v cb="${KB_CPU[$n]}" 'BEGIN {
                    printf "Scaling %d -> %d articles (%.0fx): kb %.2fx the wall time (%.2fx the CPU), Hugo %.2fx the wall time\n",
                        a, b, b / a, tb / ta, cb / ca, hb / ha }'
            fi
            prev=$n
        done
    fi
    echo
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
