#!/usr/bin/env bash
# Build benchmark: `versa build` against the floor (examples/floor.rs) and Hugo, side by side.
#
#   scripts/bench.sh                 # 1,000- and 10,000-page corpora, 5 rounds after a warm-up
#   ROUNDS=3 QUICK=1 scripts/bench.sh  # fewer rounds, the 1,000-page corpus only
#   BLOCKS=0 scripts/bench.sh        # corpora without `:::` containers (gen-corpus --no-blocks)
#   PAGES="10000 100000" scripts/bench.sh  # other corpus sizes, e.g. the opt-in 100,000 pages
#   PAIRS=1 scripts/bench.sh         # also the pair pages (scripts/bench-pairs.sh: 10, 25, 50 contenders)
#   BIG_ROUNDS=2 PAGES="10000 100000" scripts/bench.sh  # rounds for corpora over BIG pages
#
# Corpora over BIG pages (default 20,000) get BIG_ROUNDS rounds after the warm-up (default 1),
# no Hugo (its peak RSS is about 3.7 GiB at 10,000 pages and grows with them) and no serve
# latency run: at 100,000 pages one round of every tool takes the better part of an hour. Their
# warm-up round only fills the highlight cache (a cold versa-warm; see the loop below).
#
# Progress goes to stderr; the markdown results (machine, versions, table, goals) go to stdout
# and to .bench/results.md. See BENCHMARKS.md for what each column means.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BENCH=$ROOT/.bench
ROUNDS=${ROUNDS:-5}
BIG=${BIG:-20000}
BIG_ROUNDS=${BIG_ROUNDS:-1}
QUICK=${QUICK:-0}
BLOCKS=${BLOCKS:-1}
SEED=${SEED:-42}
if [[ $QUICK == 1 ]]; then SIZES=(1000); else read -ra SIZES <<<"${PAGES:-1000 10000}"; fi
for v in ROUNDS BIG BIG_ROUNDS; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive integer" >&2; exit 2; }
done
# rounds_for PAGES: the timed rounds of a corpus of that size.
rounds_for() { if (($1 > BIG)); then echo "$BIG_ROUNDS"; else echo "$ROUNDS"; fi; }

say() { echo "bench: $*" >&2; }

# --- tools ----------------------------------------------------------------------------------
missing=()
command -v hugo >/dev/null || missing+=(hugo)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]}"
        apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2 \
            || say "apt-get failed; going on with what is there"
    else
        say "missing ${missing[*]}: install them (apt-get install ${missing[*]}) for a full run"
    fi
fi
[[ -x /usr/bin/time ]] || { say "/usr/bin/time (Debian package 'time') is required"; exit 1; }
command -v python3 >/dev/null || { say "python3 is required for the statistics"; exit 1; }
HAVE_HUGO=0
command -v hugo >/dev/null && HAVE_HUGO=1

# --- binaries -------------------------------------------------------------------------------
mkdir -p "$BENCH"
VERSA_OK=1
say "cargo build --release --bin versa --examples"
if ! cargo build --release --bin versa --examples >&2; then
    say "versa did not build; building the examples alone and marking versa failed"
    VERSA_OK=0
    cargo build --release --examples >&2 || { say "the examples did not build"; exit 1; }
fi
VERSA=$ROOT/target/release/versa
FLOOR=$ROOT/target/release/examples/floor
GEN=$ROOT/target/release/examples/gen-corpus

# --- corpora --------------------------------------------------------------------------------
gen_flags=(--seed "$SEED")
[[ $BLOCKS == 0 ]] && gen_flags+=(--no-blocks)
for n in "${SIZES[@]}"; do
    rm -rf "$BENCH/c$n" "$BENCH/c$n-hugo"
    hugo_flags=()
    ((HAVE_HUGO && n <= BIG)) && hugo_flags=(--hugo "$BENCH/c$n-hugo")
    "$GEN" --pages "$n" --out "$BENCH/c$n" "${hugo_flags[@]}" "${gen_flags[@]}" \
        2>"$BENCH/gen-$n.log" || { cat "$BENCH/gen-$n.log" >&2; exit 1; }
    say "$(cat "$BENCH/gen-$n.log")"
    # The same corpus with search off: the difference is what indexing costs (issue 10).
    rm -rf "$BENCH/c$n-nosearch" && cp -r "$BENCH/c$n" "$BENCH/c$n-nosearch"
    printf '\n[search]\nenabled = false\n' >>"$BENCH/c$n-nosearch/site.toml"
    # Every fence as `text`, search off: versa's own work around highlighting (issue 12).
    rm -rf "$BENCH/c$n-text" && cp -r "$BENCH/c$n-nosearch" "$BENCH/c$n-text"
    find "$BENCH/c$n-text/content" -name '*.md' -exec sed -i -E 's/^(```|~~~)[A-Za-z0-9_+.-]+/\1text/' {} +
    # 1 % of the pages with their code changed, for a warm build after an edit.
    rm -rf "$BENCH/c$n-edit" && cp -r "$BENCH/c$n-nosearch" "$BENCH/c$n-edit"
    find "$BENCH/c$n-edit/content" -name 'page-*.md' | sort | awk 'NR % 100 == 1' \
        | xargs sed -i -E 's/^(```[A-Za-z0-9_+.-]+.*)$/\1\n# edited/'
    rm -rf "$BENCH/cache-c$n"
done

# --- measuring ------------------------------------------------------------------------------
RESULTS=$BENCH/results.tsv # corpus tool round wall_s rss_kb cpu_s
FAILED=$BENCH/failed.tsv   # corpus tool message
: >"$RESULTS"
: >"$FAILED"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# settle: before each timed run, write out what earlier runs left dirty and drop the page cache,
# so that no run pays for another's writeback or for reclaiming its cache. On this machine (a VM)
# a build that wrote 10,000 pages took 2.5 s with the cache dropped and 5 to 10 s right after
# another build, nearly all of it system time. So every tool starts from a cold cache and reads
# its input (and versa-warm its highlight cache) from disk. Without root, only the sync.
settle() {
    sync
    [[ -w /proc/sys/vm/drop_caches ]] && echo 1 >/proc/sys/vm/drop_caches
}

# measure CORPUS TOOL ROUND OUTDIR CMD...: one cold run into a fresh OUTDIR.
measure() {
    local corpus=$1 tool=$2 round=$3 out=$4 t0 t1 rc=0
    shift 4
    rm -rf "$out"
    settle
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %M %U %S' -o "$BENCH/time.txt" "$@" >"$BENCH/run.log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    if ((rc != 0)); then
        say "$tool failed on $corpus (exit $rc):"
        tail -n 20 "$BENCH/run.log" | sed 's/^/    /' >&2
        printf '%s\t%s\t%s\n' "$corpus" "$tool" "exit $rc: $(grep -m1 -v '^\s*$' "$BENCH/run.log" | cut -c1-120)" >>"$FAILED"
        return 1
    fi
    ((round > 0)) && tail -n 1 "$BENCH/time.txt" | awk -v c="$corpus" -v t="$tool" -v r="$round" \
        -v a="$t0" -v b="$t1" '{printf "%s\t%s\t%s\t%.4f\t%s\t%.2f\n", c, t, r, (b-a)/1e9, $2, $3+$4}' >>"$RESULTS"
    return 0
}

# run_tool CORPUS TOOL ROUND: the command line of each tool on a corpus.
run_tool() {
    local corpus=$1 tool=$2 round=$3 dir=$BENCH/$1 out=$BENCH/out-$2
    case $tool in
    # Cold builds: no highlight cache.
    versa) measure "$corpus" versa "$round" "$out" "$VERSA" build --root "$dir" --output "$out" --no-cache ;;
    versa-nosearch) measure "$corpus" versa-nosearch "$round" "$out" "$VERSA" build --root "$dir-nosearch" --output "$out" --no-cache ;;
    versa-text) measure "$corpus" versa-text "$round" "$out" "$VERSA" build --root "$dir-text" --output "$out" --no-cache ;;
    # Warm: the cache filled by the warm-up round (search off, as for the floor).
    versa-warm) measure "$corpus" versa-warm "$round" "$out" "$VERSA" build --root "$dir-nosearch" --output "$out" \
        --cache-dir "$BENCH/cache-$corpus" ;;
    # Warm after editing 1 % of the pages: each round starts from the warm cache, copied untimed.
    versa-edit)
        rm -rf "$BENCH/cache-$corpus-edit" && cp -r "$BENCH/cache-$corpus" "$BENCH/cache-$corpus-edit"
        measure "$corpus" versa-edit "$round" "$out" "$VERSA" build --root "$dir-edit" --output "$out" \
            --cache-dir "$BENCH/cache-$corpus-edit"
        ;;
    floor) measure "$corpus" floor "$round" "$out" "$FLOOR" --input "$dir/content" --out "$out" ;;
    floor-nohl) measure "$corpus" floor-nohl "$round" "$out" "$FLOOR" --input "$dir/content" --out "$out" --no-highlight ;;
    hugo)
        rm -rf "$dir-hugo/resources"
        measure "$corpus" hugo "$round" "$out" hugo --source "$dir-hugo" --destination "$out" --quiet
        ;;
    esac || return 1
    # Each tool's output is checked once, on its first run (round 0, or round 1 over BIG pages).
    [[ -n ${CHECKED[$corpus $tool]:-} ]] && return 0
    CHECKED[$corpus $tool]=1
    built "$corpus" "$tool" "$(find "$dir/content" -name '*.md' | wc -l)" "$out"
}
declare -A CHECKED

# built CORPUS TOOL PAGES OUT: a tool that exits 0 without writing the site has not built it.
built() {
    local want=$3 got
    got=$(find "$4" -name '*.html' 2>/dev/null | wc -l)
    ((got >= want)) && return 0
    say "$2 exited 0 but wrote $got HTML files for $want pages"
    printf '%s\t%s\t%s\n' "$1" "$2" "wrote $got HTML files for $want pages" >>"$FAILED"
    return 1
}

for n in "${SIZES[@]}"; do
    corpus=c$n
    tools=(floor floor-nohl)
    # versa-warm comes before versa-edit: the warm-up round fills the cache versa-edit copies.
    ((VERSA_OK)) && tools+=(versa versa-nosearch versa-text versa-warm versa-edit)
    ((VERSA_OK)) || printf '%s\tversa\t%s\n' "$corpus" "cargo build --bin versa failed" >>"$FAILED"
    ((HAVE_HUGO && n <= BIG)) && tools+=(hugo)
    rounds=$(rounds_for "$n")
    # Round 0 is the warm-up. Rounds interleave the tools and rotate their order, so that a
    # noisy neighbour slows all of them rather than one. As `settle` starts every timed run from
    # a cold page cache, all a warm-up must do is fill the highlight cache of versa-warm and
    # versa-edit: over BIG pages, where a round of every tool takes half an hour, it does only
    # that (a cold versa-warm).
    for ((round = 0; round <= rounds; round++)); do
        k=${#tools[@]}
        ((k == 0)) && break
        run=("${tools[@]}")
        ((round == 0 && n > BIG)) && run=(versa-warm)
        say "$corpus round $round/$rounds: ${run[*]}"
        failed=()
        for ((i = 0; i < ${#run[@]}; i++)); do
            tool=${run[$(((i + round) % ${#run[@]}))]}
            ((round == 0)) && tool=${run[$i]}
            run_tool "$corpus" "$tool" "$round" || failed+=("$tool")
        done
        # A tool that failed is not run again on this corpus.
        kept=()
        for t in "${tools[@]}"; do [[ " ${failed[*]} " == *" $t "* ]] || kept+=("$t"); done
        tools=("${kept[@]}")
    done
done

# The bundled example site (the repository root), cold, as the issue's last goal.
if ((VERSA_OK)) && [[ -f $ROOT/site.toml ]]; then
    for ((round = 0; round <= ROUNDS; round++)); do
        measure example versa "$round" "$BENCH/out-example" "$VERSA" build --root "$ROOT" \
            --output "$BENCH/out-example" || break
        ((round > 0)) || built example versa 1 "$BENCH/out-example" || break
    done
fi

# The safety issue's pathological block (issue 8, a goal of issue 12): one page with a 1 MB Bash
# block whose line i is 2·i spaces and `- item`, which took syntect's grammar 28 s before the
# highlighter's limits. versa shows it plain with a warning; the goal is under a second.
if ((VERSA_OK)); then
    PATHOLOGICAL=$BENCH/bash-1mb
    rm -rf "$PATHOLOGICAL" && mkdir -p "$PATHOLOGICAL/content"
    printf 'title = "A 1 MB Bash block"\nbase_url = "https://example.org/"\n' >"$PATHOLOGICAL/site.toml"
    python3 - "$PATHOLOGICAL/content/_index.md" <<'PY'
import sys
lines, size = [], 0
while size < 1_000_000:
    lines.append(" " * (2 * len(lines)) + "- item")
    size += len(lines[-1]) + 1
open(sys.argv[1], "w").write('+++\ntitle = "Bash"\n+++\n\n```bash\n' + "\n".join(lines) + "\n```\n")
PY
    for ((round = 0; round <= ROUNDS; round++)); do
        measure bash-1mb versa "$round" "$BENCH/out-bash-1mb" "$VERSA" build --root "$PATHOLOGICAL" \
            --output "$BENCH/out-bash-1mb" --no-cache || break
    done
fi

# --- report ---------------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
[[ -n $(git status --porcelain -- src Cargo.toml 2>/dev/null) ]] && commit="$commit (+ uncommitted changes)"
hugo_version=$( ((HAVE_HUGO)) && hugo version | awk '{print $2}' || echo "not installed")
pages_of() { find "$BENCH/$1/content" -name '*.md' | wc -l; }
{
    for n in "${SIZES[@]}"; do printf 'c%s\t%s\t%s\n' "$n" "$(pages_of "c$n")" "$(du -sk "$BENCH/c$n/content" | cut -f1)"; done
    [[ -d $ROOT/content ]] && printf 'example\t%s\t0\n' "$(find "$ROOT/content" -name '*.md' | wc -l)"
    [[ -d $BENCH/bash-1mb ]] && printf 'bash-1mb\t1\t0\n'
} >"$BENCH/pages.tsv"

if [[ $BLOCKS == 0 ]]; then
    corpus_kind="\`gen-corpus --seed $SEED --no-blocks\`: no \`:::\` containers"
else
    corpus_kind="\`gen-corpus --seed $SEED\`: \`::: compare\` and \`::: criteria\` on every fifth page"
fi
big_note=""
for n in "${SIZES[@]}"; do ((n > BIG)) && big_note="; $BIG_ROUNDS round(s) and no Hugo over $BIG pages"; done
export HEADER="### Run of $(date -u +%Y-%m-%d) ($ROUNDS round(s) after a warm-up, interleaved$big_note)

- Machine: $(nproc) cores, $cpu, $mem RAM, Linux $(uname -r); load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end
- Versions: $(rustc --version | cut -d' ' -f1-2), versa $commit, Hugo $hugo_version
- Corpora: $corpus_kind
"
python3 - "$RESULTS" "$FAILED" "$BENCH/pages.tsv" >"$BENCH/results.md" <<'EOF'
import os, statistics, sys
from collections import defaultdict

results, failed, pages_file = sys.argv[1:4]
walls, rss, cpus = defaultdict(list), defaultdict(list), defaultdict(list)
for line in open(results):
    corpus, tool, _round, wall, kb, cpu = line.rstrip("\n").split("\t")
    walls[corpus, tool].append(float(wall))
    rss[corpus, tool].append(int(kb))
    cpus[corpus, tool].append(float(cpu))
fails = {}
for line in open(failed):
    corpus, tool, msg = line.rstrip("\n").split("\t", 2)
    fails.setdefault((corpus, tool), msg)
pages, sizes = {}, {}
for line in open(pages_file):
    corpus, count, kb = line.split()
    pages[corpus], sizes[corpus] = int(count), int(kb)

def median(c, t):
    return statistics.median(walls[c, t]) if walls.get((c, t)) else None

def cpu(c, t):
    return statistics.median(cpus[c, t]) if cpus.get((c, t)) else None

def peak(c, t):
    return max(rss[c, t]) / 1024 if rss.get((c, t)) else None

def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "–"

print(os.environ["HEADER"])
print("| Corpus | Tool | Median wall (s) | Spread min–max (s) | CPU (s) | Peak RSS (MiB) | Pages/s | ÷ floor | ÷ Hugo |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
corpora = [c for c in pages if c not in ("example", "bash-1mb")]
for c in corpora:
    label = f"{int(c[1:]):,} pages ({sizes[c] / 1024:.0f} MiB md)"
    for t in ("floor", "floor-nohl", "versa", "versa-nosearch", "versa-text", "versa-warm", "versa-edit", "hugo"):
        m = median(c, t)
        if m is None:
            if (c, t) in fails:
                msg = fails[c, t].replace("|", "\\|")
                print(f"| {label} | {t} | **failed** | {msg} | | | | | |")
            continue
        w = walls[c, t]
        print(f"| {label} | {t} | {m:.2f} | {min(w):.2f}–{max(w):.2f} | {cpu(c, t):.2f} | {peak(c, t):.0f} "
              f"| {pages[c] / m:,.0f} | {ratio(m, median(c, 'floor'))} | {ratio(m, median(c, 'hugo'))} |")
e = median("example", "versa")
if e is not None:
    w = walls["example", "versa"]
    print(f"| bundled example site | versa | {e:.3f} | {min(w):.3f}–{max(w):.3f} | {cpu('example', 'versa'):.2f} "
          f"| {peak('example', 'versa'):.0f} | {pages['example'] / e:,.0f} | – | – |")
b = median("bash-1mb", "versa")
if b is not None:
    w = walls["bash-1mb", "versa"]
    print(f"| one page, a 1 MB pathological Bash block | versa | {b:.3f} | {min(w):.3f}–{max(w):.3f} "
          f"| {cpu('bash-1mb', 'versa'):.2f} | {peak('bash-1mb', 'versa'):.0f} | – | – | – |")

big = corpora[-1] if corpora else None
if big:
    def row(goal, value, target, ok):
        met = "–" if value is None else ("yes" if ok else "**no**")
        print(f"| {goal} | {target} | {'–' if value is None else value} | {met} |")
    print(f"\nGoals (issue 5), on the {int(big[1:]):,}-page corpus:\n")
    print("| Goal | Target | Measured | Met |")
    print("|---|---|---:|---|")
    v, f, h = median(big, "versa"), median(big, "floor"), median(big, "hugo")
    row("versa wall ÷ floor wall", v and f and f"{v / f:.2f}", "≤ 1.25", v and f and v / f <= 1.25)
    row("versa wall ÷ Hugo wall", v and h and f"{v / h:.2f}", "≤ 0.50", v and h and v / h <= 0.5)
    v, f, h = cpu(big, "versa"), cpu(big, "floor"), cpu(big, "hugo")
    row("versa CPU ÷ floor CPU (noise check)", v and f and f"{v / f:.2f}", "≤ 1.25", v and f and v / f <= 1.25)
    row("versa CPU ÷ Hugo CPU (noise check)", v and h and f"{v / h:.2f}", "≤ 0.50", v and h and v / h <= 0.5)
    pv, ph = peak(big, "versa"), peak(big, "hugo")
    row("versa peak RSS ÷ Hugo's", pv and ph and f"{pv / ph:.2f}", "≤ 0.50", pv and ph and pv / ph <= 0.5)
    small = corpora[0]
    ps = peak(small, "versa")
    if small != big and pv and ps:
        growth = (pv / ps) / (pages[big] / pages[small])
        row(f"versa RSS growth ÷ page growth ({small} → {big})", f"{growth:.2f}", "≤ 1 (linear)", growth <= 1)
    first = corpora[0]
    v, vn = median(first, "versa"), median(first, "versa-nosearch")
    cost = v and vn and (v - vn) / vn
    label = f"search indexing ÷ cold build without it ({int(first[1:]):,} pages, wall)"
    shown = None if cost is None else f"{cost * 100:.0f} %"
    row(label, shown, "≤ 15 %", cost is not None and cost <= 0.15)
    # CPU time (user + sys) as well: on a shared machine it is the steadier of the two.
    v, vn = cpu(first, "versa"), cpu(first, "versa-nosearch")
    cost = v and vn and (v - vn) / vn
    shown = None if cost is None else f"{cost * 100:.0f} %"
    row(label.replace("wall", "CPU"), shown, "≤ 15 %", cost is not None and cost <= 0.15)
    print(f"\nGoals (issue 12), on the {int(big[1:]):,}-page corpus (floor-nohl: the floor without highlighting):\n")
    print("| Goal | Target | Measured | Met |")
    print("|---|---|---:|---|")
    f, fn = median(big, "floor"), median(big, "floor-nohl")
    for goal, tool, base, target in [
        ("cold build, no cache, search off ÷ floor", "versa-nosearch", f, 1.1),
        ("warm build, cache full, nothing changed ÷ floor-nohl", "versa-warm", fn, 3),
        ("warm build after editing 1 % of the pages ÷ floor-nohl", "versa-edit", fn, 4),
        ("every code block as `text` ÷ floor-nohl", "versa-text", fn, 2.5),
    ]:
        v = median(big, tool)
        row(goal, v and base and f"{v / base:.2f}", f"≤ {target}", v and base and v / base <= target)
    # Growth from 10k to 100k pages (issue 12), else from the smallest corpus to the largest.
    lo, hi = ("c10000", "c100000") if {"c10000", "c100000"} <= set(corpora) else (small, big)
    if lo != hi:
        scale = pages[hi] / pages[lo]
        for tool in ("versa", "versa-nosearch"):
            for what, get in (("wall time", median), ("peak RSS", peak)):
                # (Not `b`: that is the Bash block's time, for the last row.)
                at_lo, at_hi = get(lo, tool), get(hi, tool)
                shown = at_lo and at_hi and f"{at_hi / at_lo:.2f} for {scale:.0f}× the pages"
                ok = at_lo and at_hi and at_hi / at_lo <= scale * 1.1
                row(f"{what}, {lo} → {hi} ({tool})", shown, f"≤ {scale * 1.1:.0f} (linear)", ok)
        if pages[hi] >= 100000:
            pv = peak(hi, "versa")
            row(f"peak RSS at {pages[hi]:,} pages (versa, search on)", pv and f"{pv / 1024:.2f} GiB", "≤ 1.5 GiB", pv and pv <= 1.5 * 1024)
    if e is not None or ("example", "versa") in fails:
        row("bundled example site, cold build", e and f"{e * 1000:.0f} ms", "< 50 ms", e and e < 0.05)
    if b is not None or ("bash-1mb", "versa") in fails:
        row("the 1 MB pathological Bash block (one page, cold)", b and f"{b:.2f} s", "< 1 s", b and b < 1)
EOF

# Edit-to-reload latency (issue 4): versa serve on each corpus, one page edited 20 times, the time
# from the file write to the SSE event and to the new HTML. A copy of the corpus is edited, so
# the timed builds above never see a half-edited page.
{
  echo
  echo "Edit-to-reload latency, \`versa serve\` (median of 20 edits of one page; goal < 20 ms, flat in pages):"
  echo
  echo '| Corpus | write → SSE event (ms) | write → new HTML (ms) | server rebuild (ms) |'
  echo '|---|---:|---:|---:|'
  structural=()
  for n in "${SIZES[@]}"; do
    ((n > BIG)) && { printf '| %s pages | not run (over BIG=%s pages) | | |\n' "$n" "$BIG"; continue; }
    rm -rf "$BENCH/live-c$n" && cp -r "$BENCH/c$n" "$BENCH/live-c$n"
    if out=$(target/release/examples/reload-latency --versa target/release/versa --site "$BENCH/live-c$n" 2>&1); then
      med() { grep -F "$1" <<<"$out" | awk '{for (i = 1; i <= NF; i++) if ($i == "median") print $(i + 1)}'; }
      printf '| %s pages | %s | %s | %s |\n' "$n" "$(med 'write → SSE build event')" "$(med 'new HTML served')" "$(med 'rebuild (server')"
      structural+=("$(printf '| %s pages | %s | %s | %s | %s / %s / %s |' "$n" \
        "$(med 'add a page → SSE')" "$(med 'rename a page → SSE')" "$(med 'remove a page → SSE')" \
        "$(med "add a page → server's")" "$(med "rename a page → server's")" "$(med "remove a page → server's")")")
    else
      printf '| %s pages | **failed** | %s | |\n' "$n" "$(tail -1 <<<"$out" | tr '|' '/')"
    fi
    rm -rf "$BENCH/live-c$n"
  done
  # Issue 12: a page added, renamed and removed beside the edited one, 10 times each.
  echo
  echo "Structural changes, \`versa serve\` (median of 10 each; goal: → reload event ≤ 50 ms at 10k pages):"
  echo
  echo '| Corpus | add → SSE event (ms) | rename → SSE event (ms) | remove → SSE event (ms) | server rebuild add / rename / remove (ms) |'
  echo '|---|---:|---:|---:|---:|'
  printf '%s\n' "${structural[@]}"
} >>"$BENCH/results.md"

if [[ ${PAIRS:-0} == 1 && $VERSA_OK == 1 ]]; then
    say "pair pages: 10, 25 and 50 contenders x 20 criteria"
    { echo; echo "### Pair pages"; echo; VERSA=$VERSA BUILD=0 ROUNDS=$ROUNDS scripts/bench-pairs.sh; } >>"$BENCH/results.md"
fi

cat "$BENCH/results.md"
