#!/usr/bin/env bash
# Pair pages benchmark: `versa build` of a site whose matrix has N contenders × 20 criteria and
# `[pairs] generate = "all"`, for N = 10, 25 and 50 (45, 300 and 1,225 pair pages). Prints a
# markdown table of wall time, peak RSS and pages built; BENCHMARKS.md, "Pair pages", says why.
#
#   scripts/bench-pairs.sh                  # N = 10 25 50, 3 rounds each (the median is shown)
#   CONTENDERS="10 50" ROUNDS=1 scripts/bench-pairs.sh
#   OUTPUT=/dev/shm/pairs scripts/bench-pairs.sh   # write each build to $OUTPUT/n<N> (tmpfs: no disk)
#
# CPU time (user and system, per page built) is shown beside the wall time: on a shared machine
# it is the steadier measure, and system time is where the file system's cost shows.
#
# Also run by `PAIRS=1 scripts/bench.sh`.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BENCH=$ROOT/.bench/pairs
ROUNDS=${ROUNDS:-3}
CRITERIA=${CRITERIA:-20}
read -ra SIZES <<<"${CONTENDERS:-10 25 50}"
[[ -x /usr/bin/time ]] || { echo "bench-pairs: /usr/bin/time (Debian package 'time') is required" >&2; exit 1; }
VERSA=${VERSA:-$ROOT/target/release/versa}
if [[ ! -x $VERSA || ${BUILD:-1} == 1 ]]; then
    cargo build --release --bin versa >&2 || exit 1
fi

# A site with n contenders, CRITERIA criteria with a sourced, dated claim each, every pair, and
# ten pages that each compare two contenders (their pair pages list them).
generate() {
    local n=$1 dir=$2
    python3 - "$n" "$CRITERIA" "$dir" <<'PY'
import os, sys
n, criteria, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(os.path.join(out, "content"), exist_ok=True)
keys = [f"c{i:02d}" for i in range(n)]
site = ['title = "Pairs bench"', 'base_url = "https://example.org/"', "", "[search]", "enabled = false", ""]
for i, k in enumerate(keys):
    site += [f"[contenders.{k}]", f'name = "Contender {i}"', f'version = "1.{i}"', f'summary = "Tool number {i}."', ""]
site += ["[pairs]", 'generate = "all"', ""]
open(os.path.join(out, "site.toml"), "w").write("\n".join(site))
verdicts = ["[+]", "[-]", "[~]"]
matrix = []
for c in range(criteria):
    matrix += [f"[criteria.k{c:02d}]", f'title = "Criterion {c}"', f'description = "What criterion {c} measures."']
    for i, k in enumerate(keys):
        v = verdicts[(c + i) % 3]
        matrix.append(f'{k} = {{ value = "{v} Claim {c} about contender {i}, with *some* words", verified = 2026-11-01, '
                      f'version = "1.{i}", sources = [{{ url = "https://example.org/{k}/{c}", title = "Source {c} for {k}" }}] }}')
    matrix.append("")
open(os.path.join(out, "matrix.toml"), "w").write("\n".join(matrix))
open(os.path.join(out, "content", "_index.md"), "w").write('+++\ntitle = "Home"\n+++\n::: criteria\n:::\n')
for p in range(10):
    a, b = keys[p % n], keys[(p + 1) % n]
    open(os.path.join(out, "content", f"page{p}.md"), "w").write(
        f'+++\ntitle = "Page {p}"\ncompare = ["{a}", "{b}"]\n+++\n::: compare\n```python\nprint({p})\n```\n```python\nprint({p + 1})\n```\n:::\n')
PY
}

echo "| contenders | pair pages | pages built | wall time (median) | per page built | user CPU per page | system CPU per page | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
    dir=$BENCH/n$n
    rm -rf "$dir" && generate "$n" "$dir"
    out=${OUTPUT:+$OUTPUT/n$n}
    out=${out:-$dir/public}
    times=() users=() systems=() rss=0 pages=0
    for ((r = 0; r < ROUNDS; r++)); do
        rm -rf "$out"
        /usr/bin/time -f "%e %M %U %S" -o "$BENCH/time.txt" "$VERSA" build --root "$dir" --output "$out" \
            >/dev/null 2>"$BENCH/stderr.txt" || { cat "$BENCH/stderr.txt" >&2; exit 1; }
        read -r seconds kb user system <"$BENCH/time.txt"
        times+=("$seconds") users+=("$user") systems+=("$system")
        ((kb > rss)) && rss=$kb
    done
    pages=$(find "$out" -name index.html | wc -l)
    pairs=$((n * (n - 1) / 2))
    median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    per() { awk -v t="$1" -v p="$pages" 'BEGIN {printf "%.2f ms", 1000 * t / p}'; }
    wall=$(median "${times[@]}")
    echo "| $n | $pairs | $pages | ${wall} s | $(per "$wall") | $(per "$(median "${users[@]}")") |" \
        "$(per "$(median "${systems[@]}")") | $((rss / 1024)) MB |"
done
