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
  # ./dev.sh package and its test: dpkg-shlibdeps (dpkg-dev, file), man pages rendered (man-db).
  dpkg-dev file man-db
  # The QGIS Processing provider's headless test (tests/qgis) runs Debian's QGIS 3.22 and PyQGIS.
  qgis python3-qgis
)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
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

build() {
  ensure_packages
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  cmake -S . -B "$BUILD_DIR" -G Ninja -DINFRACOV_WERROR="$werror" >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
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
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
