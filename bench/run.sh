#!/usr/bin/env bash
# The end-to-end benchmark: for each size, generate the input once (cached), run the real CLI
# (`infracov --quiet --timings analyze`) several times under /usr/bin/time -v, and print the stage
# table of the median run, the median wall time and the peak RSS.
#
#   bench/run.sh [SIZE...]      sizes: county province nation-slice nation (default: county province)
#
# Environment:
#   INFRACOV_BIN           the binary to measure (default: $BUILD_DIR/infracov, BUILD_DIR=build)
#   INFRACOV_SCALE_INPUT   the generator (default: $BUILD_DIR/infracov_scale_input)
#   INFRACOV_BENCH_CACHE   where inputs are kept (default: /work/cache/infracov-bench); each size in
#                          <cache>/<size>, with a `complete` marker written last
#   INFRACOV_BENCH_RUNS    runs per size (default: 3)
#   INFRACOV_BENCH_KEEP    when set, each run's villages.csv and summary.json are copied to
#                          <keep>/<size>/run<N>/ (for byte comparisons between binaries)
#   INFRACOV_BENCH_GENERATE_ONLY=1  generate the inputs and stop
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
BIN=${INFRACOV_BIN:-$BUILD_DIR/infracov}
GEN=${INFRACOV_SCALE_INPUT:-$BUILD_DIR/infracov_scale_input}
CACHE=${INFRACOV_BENCH_CACHE:-/work/cache/infracov-bench}
RUNS=${INFRACOV_BENCH_RUNS:-3}
KEEP=${INFRACOV_BENCH_KEEP:-}
TIME=/usr/bin/time
# Run outputs go to a folder of this invocation (two harnesses may run at once), removed at exit.
mkdir -p "$CACHE"
RUNS_ROOT=$(mktemp -d "$CACHE/runs.XXXXXX")
trap 'rm -rf "$RUNS_ROOT"' EXIT

# name villages edges
size_spec() {
  case "$1" in
    county) echo "300 20000" ;;
    province) echo "12000 1000000" ;;
    nation-slice) echo "100000 5000000" ;;
    nation) echo "490000 25000000" ;;
    *) echo "bench/run.sh: unknown size '$1' (county, province, nation-slice, nation)" >&2; return 1 ;;
  esac
}

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(county province)
for s in "${sizes[@]}"; do size_spec "$s" >/dev/null; done
[ -x "$TIME" ] || { echo "bench/run.sh: $TIME missing (apt-get install time)" >&2; exit 1; }
if [ "${INFRACOV_BENCH_GENERATE_ONLY:-}" != 1 ]; then
  [ -x "$BIN" ] || { echo "bench/run.sh: no binary at $BIN (set INFRACOV_BIN)" >&2; exit 1; }
  timings=()
  # --timings is a global option (given before the subcommand); older binaries lack it.
  if "$BIN" --help 2>&1 | grep -q -- --timings; then timings=(--timings); fi
fi

# Generates <cache>/<size> unless complete.
generate() {
  local size=$1 dir=$CACHE/$1 villages edges
  read -r villages edges < <(size_spec "$size")
  if [ -f "$dir/complete" ]; then return 0; fi
  [ -x "$GEN" ] || { echo "bench/run.sh: no generator at $GEN (build infracov_scale_input)" >&2; exit 1; }
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "generating $size ($villages villages, about $edges noded road edges) in $dir" >&2
  "$TIME" -v -o "$dir/generate.time" "$GEN" --villages "$villages" --edges "$edges" --out "$dir" \
    >/dev/null
  date -u +%FT%TZ >"$dir/complete"
}

# Prints the figures of the input, from figures.json and generate.time.
describe_input() {
  python3 - "$CACHE/$1" <<'PY'
import json, re, sys
d = sys.argv[1]
f = json.load(open(f"{d}/figures.json"))
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{d}/generate.time").read())
print(f"input: {f['villages']:,} villages, {f['road_features']:,} road features, "
      f"{f['road_edges']:,} noded edges ({f['bridges'] / f['road_edges']:.1%} bridges, "
      f"{f['road_km'] * 1000 / f['road_edges']:.0f} m mean), {f['clinics']:,} clinics, "
      f"{f['power_lines']:,} power lines, {f['water_service_areas']:,} water areas; "
      f"scale.gpkg {f['gpkg_bytes'] / 2**20:.0f} MiB, generated in {f['generation_s']:.1f} s"
      + (f", peak {int(rss.group(1)) / 1024:.0f} MiB" if rss else ""))
PY
}

run_size() {
  local size=$1 dir=$CACHE/$1 runs_dir=$RUNS_ROOT/$1
  generate "$size"
  echo "== $size"
  describe_input "$size"
  mkdir -p "$runs_dir"
  for ((r = 1; r <= RUNS; r++)); do
    local out=$runs_dir/run$r
    if ! "$TIME" -v -o "$runs_dir/run$r.time" "$BIN" --quiet "${timings[@]}" analyze \
      --config "$dir/scale.toml" --out "$out" --overwrite 2>"$runs_dir/run$r.stderr"; then
      echo "bench/run.sh: $size run $r failed:" >&2
      tail -5 "$runs_dir/run$r.stderr" >&2
      exit 1
    fi
    if [ -n "$KEEP" ]; then
      mkdir -p "$KEEP/$size/run$r"
      cp "$out/villages.csv" "$out/summary.json" "$KEEP/$size/run$r/"
      [ -f "$out/timings.json" ] && cp "$out/timings.json" "$KEEP/$size/run$r/"
      cp "$runs_dir/run$r.time" "$KEEP/$size/run$r/time.txt"
    fi
    rm -f "$out/results.gpkg"  # the large part; the figures are read from the rest
  done
  python3 - "$runs_dir" "$RUNS" "$size" <<'PY'
import json, os, re, statistics, sys
runs_dir, runs, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def gnu_time(path):
    text = open(path).read()
    h, m, s = (["0", "0"] + re.search(r"Elapsed \(wall clock\) time .*: (\S+)", text).group(1).split(":"))[-3:]
    wall = int(h) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return wall, rss

measured = [(*gnu_time(f"{runs_dir}/run{r}.time"), r) for r in range(1, runs + 1)]
ordered = sorted(measured)
wall, rss, median_run = ordered[(len(ordered) - 1) // 2]
summary = json.load(open(f"{runs_dir}/run{median_run}/summary.json"))
g = summary.get("graph", {})
if g.get("edges"):
    print(f"graph: {g['edges']:,} noded edges, {g.get('bridges', 0):,} bridges "
          f"({g.get('bridges', 0) / g['edges']:.1%}), {g.get('road_km', 0):,.0f} km, "
          f"{g.get('components', '?')} components, {g.get('snapped_joins', '?')} snapped joins, "
          f"{g.get('dangles_near_lines', '?')} dangles near lines")
timings = f"{runs_dir}/run{median_run}/timings.json"
if os.path.exists(timings):
    t = json.load(open(timings))
    print(f"stages of the median run (run {median_run}, {t.get('threads', '?')} threads):")
    print(f"  {'stage':<10} {'wall_s':>9} {'peak_mib':>9}")
    for st in t["stages"]:
        print(f"  {st['stage']:<10} {st['wall_s']:>9.3f} {st['peak_mib']:>9.1f}")
    print(f"  {'total':<10} {t['total']['wall_s']:>9.3f} {t['total']['peak_mib']:>9.1f}")
else:
    print("no timings.json (binary without --timings): wall and peak only")
walls = " ".join(f"{w:.2f}" for w, _, _ in measured)
print(f"median wall {wall:.2f} s over {runs} run(s) [{walls}], peak RSS {rss:.1f} MiB "
      f"(median run; max of runs {max(m for _, m, _ in measured):.1f} MiB)")
PY
}

for s in "${sizes[@]}"; do generate "$s"; done
[ "${INFRACOV_BENCH_GENERATE_ONLY:-}" = 1 ] && { for s in "${sizes[@]}"; do echo "== $s"; describe_input "$s"; done; exit 0; }
for s in "${sizes[@]}"; do run_size "$s"; done
