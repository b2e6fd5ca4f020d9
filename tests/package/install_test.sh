#!/bin/sh
# The Debian package end to end: build it with CPack, install it with apt-get (as root, on this
# machine; as another user, unpack it with dpkg-deb instead), run the installed
# `infracov analyze` on the bundled sample and compare with the saved fixture, render the
# (gzip-compressed) man pages with man, and complete a command with the installed bash
# completion. The QGIS plugin must be in QGIS's system plugin folder and load from there.
#   install_test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/infracov-package.XXXXXX")
installed=""
cleanup() {
  if [ -n "$installed" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq infracov >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package test: $*" >&2; exit 1; }

version=$(sed -n 's/^project(infracov VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
arch=$(dpkg --print-architecture)
cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb="$work/pkg/infracov_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb (made: $(ls "$work/pkg"))"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# What the package says about itself: dependencies from shlibdeps, and its files.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libgdal libgeos-c libproj libc6 libstdc++6; do
  case "$depends" in *"$lib"*) ;; *) fail "Depends lacks $lib: $depends" ;; esac
done
contents=$(dpkg-deb -c "$deb")
plugin=./usr/share/qgis/python/plugins/infracov
for file in ./usr/bin/infracov ./usr/share/man/man1/infracov.1.gz \
  ./usr/share/man/man1/infracov-analyze.1.gz ./usr/share/man/man1/infracov-plan-sites.1.gz \
  ./usr/share/bash-completion/completions/infracov ./usr/share/infracov/sample/sample.toml \
  ./usr/share/infracov/sample/sample.gpkg "$plugin/metadata.txt" "$plugin/__init__.py" \
  "$plugin/provider.py" "$plugin/algorithms.py" "$plugin/runner.py"; do
  echo "$contents" | grep -q " $file\$" || fail "the package lacks $file"
done
# Debian policy: man pages compressed, none left plain; no compiled Python in the package.
echo "$contents" | grep -q '/man1/.*\.1$' && fail "the package has uncompressed man pages"
echo "$contents" | grep -q '__pycache__\|\.pyc$' && fail "the package has compiled Python files"

if [ "$(id -u)" -eq 0 ]; then
  (cd "$work/pkg" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "./$(basename "$deb")" >"$work/apt.log" 2>&1) || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }
  installed=yes
  root=""
else
  echo "package test: not root, unpacking with dpkg-deb instead of installing" >&2
  dpkg-deb -x "$deb" "$work/root"
  root="$work/root"
fi
bin="$root/usr/bin/infracov"

"$bin" --version | grep -qx "infracov $version" || fail "--version of the installed binary"
mkdir "$work/run"
(cd "$work/run" && "$bin" --quiet analyze) || fail "the installed infracov analyze failed"
for file in villages.csv summary.json; do
  cmp -s "$work/run/out/$file" "$source_dir/tests/data/sample_fixture/$file" ||
    fail "the installed binary's $file differs from tests/data/sample_fixture"
done

# Man pages render (man -l on the files when unpacked, man by name when installed).
for page in infracov infracov-analyze infracov-plan-roads; do
  if [ -n "$installed" ]; then
    text=$(MANWIDTH=100 man -P cat "$page" 2>&1) || fail "man $page: $text"
  else
    text=$(MANWIDTH=100 man -P cat -l "$root/usr/share/man/man1/$page.1.gz" 2>&1) || fail "man $page"
  fi
  for section in NAME SYNOPSIS OPTIONS EXAMPLES "EXIT STATUS"; do
    echo "$text" | grep -q "^$section" || fail "man $page has no $section section"
  done
done
echo "man infracov-analyze: $(MANWIDTH=100 man -P cat -l "$root/usr/share/man/man1/infracov-analyze.1.gz" 2>/dev/null | wc -l) lines"

# The completion completes subcommands and options (in an empty folder: no file names offered).
mkdir "$work/empty"
completed=$(cd "$work/empty" && bash -c ". '$root/usr/share/bash-completion/completions/infracov'
  COMP_WORDS=(infracov pl); COMP_CWORD=1; _infracov; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(infracov analyze --ov); COMP_CWORD=2; _infracov; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(infracov plan roads g); COMP_CWORD=3; _infracov; echo \"\${COMPREPLY[*]}\"")
[ "$completed" = "plan
--overwrite
grid" ] || fail "bash completion gave: $completed"
# The installed QGIS plugin loads from QGIS's system plugin folder the way QGIS starts it
# (metadata.txt, classFactory, initProcessing) and offers its algorithms.
algorithms=$(QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c "
import sys
from qgis.core import QgsApplication
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
import qgis.utils
qgis.utils.plugin_paths = ['$root/usr/share/qgis/python/plugins']
sys.path.insert(0, qgis.utils.plugin_paths[0])
qgis.utils.updateAvailablePlugins()
assert 'infracov' in qgis.utils.available_plugins, qgis.utils.available_plugins
assert qgis.utils.loadPlugin('infracov') and qgis.utils.startProcessingPlugin('infracov')
provider = QgsApplication.processingRegistry().providerById('infracov')
print(' '.join(sorted(a.id() for a in provider.algorithms())))
" 2>"$work/qgis.log") || { cat "$work/qgis.log" >&2; fail "the installed QGIS plugin does not load"; }
[ "$algorithms" = "infracov:analyze infracov:compare infracov:map infracov:plan infracov:report" ] ||
  fail "the installed QGIS plugin offers: $algorithms"
echo "package test: ok"
