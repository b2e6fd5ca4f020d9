#!/usr/bin/env bash
# Set-up, build, demo and tests for infracov on Debian 12. Run as root on a fresh machine: it
# installs the Debian packages it needs first.
#   ./dev.sh demo    build, then run the main job on the bundled banner sample
#   ./dev.sh test    build, then run every test (ctest)
#   ./dev.sh build   build only
#   ./dev.sh package build, then BUILD_DIR/infracov_<version>_<arch>.deb with CPack (binary, man
#                    pages, bash completion, the sample, the QGIS plugin; dependencies from
#                    dpkg-shlibdeps)
#   ./dev.sh bench   build, then the end-to-end benchmark (bench/run.sh [SIZE...]: county,
#                    province, nation-slice, nation); with --benchmark_* arguments the Google
#                    Benchmark binary instead (figures, not pass/fail)
#   ./dev.sh sanitize build with clang, ASan and UBSan (build-sanitize), then run every test
#   ./dev.sh fuzz TARGET SECONDS  build the libFuzzer target in the same folder, then run TARGET
#                    (project, geojson, csv, kml, gpx, graph) on its corpus in tests/fuzz
#   ./dev.sh fuzz all SECONDS     every target in turn, SECONDS each (CI: 60)
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

# Debian packages the build, the tests and the demo need.
PACKAGES=(
  cmake ninja-build g++ pkg-config
  # bench/run.sh measures wall time and peak memory with /usr/bin/time -v.
  time
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-data
  libboost-graph-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  python-osmnx-doc
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libjs-leaflet libtinyxml2-dev libsqlite3-dev chromium
  # The PostGIS export test starts its own throwaway cluster from these (initdb, pg_ctl).
  postgresql postgresql-15-postgis-3
  # ./dev.sh package and its test: dpkg-shlibdeps (dpkg-dev, file), man pages rendered (man-db);
  # the test installs the package into a throwaway Debian 12 root that debootstrap makes.
  dpkg-dev file man-db debootstrap
  # The QGIS Processing provider's headless test (tests/qgis) runs Debian's QGIS 3.22 and PyQGIS.
  qgis python3-qgis
)
# ./dev.sh fuzz: Debian's clang and its libFuzzer runtime.
FUZZ_PACKAGES=(clang libclang-rt-14-dev)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: missing Debian packages: ${missing[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "dev.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build [extra cmake arguments...]
build() {
  ensure_packages
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S . -B "$BUILD_DIR" -G Ninja -DINFRACOV_WERROR="$werror" "$@" >/dev/null
  # BUILD_TARGETS: only these targets (default: all).
  cmake --build "$BUILD_DIR" -j "$JOBS" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
}

# Sanitizer settings for the sanitized binaries and for everything they are loaded into. Leaks are
# checked (the suppressions file names only third-party caches); any report fails the process.
sanitizer_env() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
}

# sanitized_build: the clang build with ASan, UBSan and the fuzz targets, in build-sanitize
# (BUILD_DIR_SANITIZE).
sanitized_build() {
  BUILD_DIR=${BUILD_DIR_SANITIZE:-build-sanitize}
  ensure_packages "${FUZZ_PACKAGES[@]}"
  sanitizer_env
  # The bench binary is not a test; leaving it out saves build time.
  CC=clang CXX=clang++ build -DINFRACOV_SANITIZE=ON -DINFRACOV_FUZZ=ON -DINFRACOV_BENCH=OFF
}

case "${1:-}" in
  build) build ;;
  demo)
    build
    # The main job on the bundled banner sample: coverage table, then the map and the report.
    "$BUILD_DIR"/infracov analyze --overwrite --out out --map --report
    echo "map: out/map.png   report: out/report.html   QGIS: out/results.qgs"
    ;;
  test)
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"
    ;;
  package)
    build
    # CPack (top-level CMakeLists.txt) runs dpkg-shlibdeps on the stripped binary.
    (cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
    ls "$BUILD_DIR"/infracov_*.deb
    ;;
  bench)
    build
    shift
    if [[ " $* " == *" --benchmark_"* ]]; then
      "$BUILD_DIR"/infracov_bench "$@"
    else
      INFRACOV_BIN=${INFRACOV_BIN:-$BUILD_DIR/infracov} BUILD_DIR="$BUILD_DIR" bench/run.sh "$@"
    fi
    ;;
  sanitize)
    # One clang build serves the sanitized suite and the fuzz targets (both need ASan and UBSan;
    # the fuzzer's coverage instrumentation costs the tests little), so CI builds it once.
    sanitized_build
    # PackageInstallsAndRuns is left out: it packages and installs the binary (into a throwaway
    # root), which checks packaging, not memory safety, and must not package a sanitized build.
    SANITIZE_EXCLUDE=${SANITIZE_EXCLUDE:-^PackageInstallsAndRuns$}
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" -E "$SANITIZE_EXCLUDE"
    ;;
  fuzz)
    [ $# -eq 3 ] || { echo "usage: ./dev.sh fuzz TARGET|all SECONDS" >&2; exit 2; }
    targets=$2 seconds=$3
    [ "$targets" = all ] && targets="project geojson csv kml gpx graph"
    for target in $targets; do
      [ -d "tests/fuzz/$target/corpus" ] || { echo "dev.sh: no corpus tests/fuzz/$target/corpus" >&2; exit 2; }
    done
    # Only the targets asked for: the test suite and the binary are not needed to fuzz.
    BUILD_TARGETS=$(printf 'fuzz_%s ' $targets) sanitized_build
    for target in $targets; do
      # New inputs go to a scratch folder so the committed corpus only changes on purpose
      # (tests/fuzz/README.md: minimize with -merge=1 before committing).
      grown="$BUILD_DIR/fuzz-corpus/$target"
      mkdir -p "$grown"
      echo "dev.sh: fuzzing $target for $seconds s" >&2
      "$BUILD_DIR/fuzz_$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$BUILD_DIR/fuzz-crash-$target-" "$grown" \
        "tests/fuzz/$target/corpus"
    done
    ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
