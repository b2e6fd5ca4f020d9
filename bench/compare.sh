#!/usr/bin/env bash
# Two binaries on one input, run in turn (A, B, A, B, ...), so that the drift of a shared machine
# falls on both alike: prints each stage's median (from --timings), the median wall time and peak
# RSS of each, and fails when any pair of runs wrote different villages.csv or summary.json.
#
#   bench/compare.sh BIN_A BIN_B [RUNS] [SIZE]     RUNS default 3, SIZE default province
#
# The input is bench/run.sh's cached one (INFRACOV_BENCH_CACHE, default /work/cache/infracov-bench);
# generate it first with `INFRACOV_BENCH_GENERATE_ONLY=1 bench/run.sh SIZE`.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
A=$1
B=$2
RUNS=${3:-3}
SIZE=${4:-province}
CACHE=${INFRACOV_BENCH_CACHE:-/work/cache/infracov-bench}
CONFIG=$CACHE/$SIZE/scale.toml
[ -f "$CACHE/$SIZE/complete" ] || { echo "bench/compare.sh: no input for $SIZE in $CACHE" >&2; exit 1; }
for bin in "$A" "$B"; do
  [ -x "$bin" ] || { echo "bench/compare.sh: no binary at $bin" >&2; exit 1; }
done

WORK=$(mktemp -d "$CACHE/compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
differ=0
for ((r = 1; r <= RUNS; r++)); do
  for side in A B; do
    bin=$A
    [ "$side" = B ] && bin=$B
    /usr/bin/time -f "wall %e rss %M" -o "$WORK/$side.$r.time" "$bin" --quiet --timings analyze \
      --config "$CONFIG" --out "$WORK/$side" --overwrite 2>"$WORK/$side.$r.stderr"
  done
  for file in villages.csv summary.json; do
    if ! cmp -s "$WORK/A/$file" "$WORK/B/$file"; then
      echo "run $r: $file differs" >&2
      differ=1
    fi
  done
done

python3 - "$WORK" "$RUNS" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rows = {}
for side in "AB":
    for r in range(1, runs + 1):
        for line in open(f"{work}/{side}.{r}.stderr"):
            m = re.search(r"timing: (.+?)\s+([\d.]+) s", line)
            if m:
                rows.setdefault(m.group(1).strip(), {}).setdefault(side, []).append(float(m.group(2)))
        t = re.search(r"wall ([\d.]+) rss (\d+)", open(f"{work}/{side}.{r}.time").read())
        rows.setdefault("wall (process)", {}).setdefault(side, []).append(float(t.group(1)))
        rows.setdefault("peak RSS MiB", {}).setdefault(side, []).append(int(t.group(2)) / 1024)
print(f"{'':32s} {'A':>9s} {'B':>9s}   runs A | runs B")
for name, sides in rows.items():
    a, b = sides.get("A", []), sides.get("B", [])
    if not a or not b:
        continue
    fmt = lambda xs: " ".join(f"{x:.2f}" for x in xs)
    print(f"{name:32s} {statistics.median(a):9.3f} {statistics.median(b):9.3f}   {fmt(a)} | {fmt(b)}")
PY
if [ "$differ" -ne 0 ]; then
  echo "bench/compare.sh: outputs differ" >&2
  exit 1
fi
echo "villages.csv and summary.json identical in all $RUNS pairs"
