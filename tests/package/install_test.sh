#!/bin/sh
# The Debian package end to end: build it with CPack, install it with `apt-get install ./deb`, run
# the installed `infracov analyze` on the bundled sample and compare with the saved fixture, render
# the (gzip-compressed) man pages with man, and complete a command with the installed bash
# completion. The QGIS plugin must be in QGIS's system plugin folder and load from there.
#   install_test.sh BUILD_DIR SOURCE_DIR
# Where it installs (printed as "package test: path: ..."):
#   chroot  (root with debootstrap, the normal case and CI's) into a throwaway Debian 12 root: a
#           fresh copy of a minbase root, bootstrapped once from the host's Debian mirror and kept
#           as a tarball in INFRACOV_PACKAGE_CACHE (default /var/cache/infracov-test, with apt's
#           downloaded packages, so later runs download nothing new); apt resolves the Depends
#           there, and everything but the QGIS plugin's loading runs inside it (QGIS loads the
#           root's plugin files on the host: the root has no QGIS).
#   host    (root, but debootstrap or chroot cannot run) on this machine itself, removed after.
#   unpack  (not root) unpacked with dpkg-deb, no apt; the Depends are then not resolved.
# INFRACOV_PACKAGE_INSTALL=chroot|host|unpack forces one. The throwaway root, its mounts (/proc)
# and the work folder are removed on any exit.
set -eu
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=${TMPDIR:-/tmp}
. "$here/chroot_lib.sh"
# Work folders of runs that were killed before their trap ran (their pid is gone).
for stale in "$tmp"/infracov-package.*; do
  if [ -f "$stale/pid" ] && ! kill -0 "$(cat "$stale/pid")" 2>/dev/null; then
    remove_tree "$stale"
  fi
done
work=$(mktemp -d "$tmp/infracov-package.XXXXXX")
echo $$ >"$work/pid"
installed=""
cleanup() {
  if [ "$installed" = host ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq infracov >/dev/null 2>&1 || true
  fi
  remove_tree "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
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
plugin=/usr/share/qgis/python/plugins/infracov
plugin_files="metadata.txt __init__.py provider.py algorithms.py runner.py"
for file in ./usr/bin/infracov ./usr/share/man/man1/infracov.1.gz \
  ./usr/share/man/man1/infracov-analyze.1.gz ./usr/share/man/man1/infracov-plan-sites.1.gz \
  ./usr/share/bash-completion/completions/infracov ./usr/share/infracov/sample/sample.toml \
  ./usr/share/infracov/sample/sample.gpkg $(for f in $plugin_files; do echo ".$plugin/$f"; done); do
  echo "$contents" | grep -q " $file\$" || fail "the package lacks $file"
done
# Debian policy: man pages compressed, none left plain; no compiled Python in the package.
echo "$contents" | grep -q '/man1/.*\.1$' && fail "the package has uncompressed man pages"
echo "$contents" | grep -q '__pycache__\|\.pyc$' && fail "the package has compiled Python files"

path=${INFRACOV_PACKAGE_INSTALL:-}
why="INFRACOV_PACKAGE_INSTALL=$path"
if [ -z "$path" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    path=unpack why="not root"
  elif command -v debootstrap >/dev/null && chroot / true 2>/dev/null; then
    path=chroot why="root, debootstrap"
  else
    path=host why="debootstrap or chroot cannot run"
  fi
fi
# root: the installed tree's prefix as seen from here, prefix: as the commands run by inside see it
# (inside runs a command where the package is installed); run_in: a folder to run in, as they see
# it.
case "$path" in
  chroot)
    echo "package test: path: chroot (apt-get install into a throwaway Debian 12 root; $why)"
    root="$work/root"
    make_root "$root"
    cp "$deb" "$root/tmp/"
    started=$(date +%s)
    # As a planner installs it: Depends from the archive, Recommends too (man-db, bash-completion).
    inside_root sh -c "cd /tmp && apt-get install -y -q './$(basename "$deb")'" \
      >"$work/apt.log" 2>&1 ||
      { tail -40 "$work/apt.log" >&2; fail "apt-get install in the throwaway root failed"; }
    echo "package test: apt-get install in the throwaway root took $(($(date +%s) - started)) s," \
      "$(grep -c '^Unpacking ' "$work/apt.log") packages, root $(du -sxm "$root" | cut -f1) MB"
    keep_archives
    prefix=""
    run_in=/root/run
    ;;
  host)
    echo "package test: path: host (apt-get install on this machine; $why)"
    (cd "$work/pkg" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      "./$(basename "$deb")" >"$work/apt.log" 2>&1) ||
      { cat "$work/apt.log" >&2; fail "apt-get install failed"; }
    installed=host
    root=""
    prefix=""
    run_in="$work/run"
    ;;
  unpack)
    echo "package test: path: unpack (dpkg-deb -x, no apt: Depends not resolved; $why)"
    dpkg-deb -x "$deb" "$work/root"
    root="$work/root"
    prefix="$root"
    run_in="$work/run"
    ;;
  *) fail "INFRACOV_PACKAGE_INSTALL=$path: chroot, host or unpack" ;;
esac
inside() {
  if [ "$path" = chroot ]; then inside_root "$@"; else "$@"; fi
}
if [ "$path" = chroot ]; then run_out="$root$run_in"; else run_out="$run_in"; fi
bin="$prefix/usr/bin/infracov"

inside "$bin" --version | grep -qx "infracov $version" || fail "--version of the installed binary"
mkdir "$run_out" "$run_out/empty"
inside sh -c "cd '$run_in' && '$bin' --quiet analyze" ||
  fail "the installed infracov analyze failed"
for file in villages.csv summary.json; do
  cmp -s "$run_out/out/$file" "$source_dir/tests/data/sample_fixture/$file" ||
    fail "the installed binary's $file differs from tests/data/sample_fixture"
done

# Man pages render (man by name when installed, man -l on the files when unpacked).
for page in infracov infracov-analyze infracov-plan-roads; do
  if [ "$path" = unpack ]; then
    text=$(MANWIDTH=100 man -P cat -l "$root/usr/share/man/man1/$page.1.gz" 2>&1) ||
      fail "man $page"
  else
    text=$(inside env MANWIDTH=100 man -P cat "$page" 2>&1) || fail "man $page: $text"
  fi
  for section in NAME SYNOPSIS OPTIONS EXAMPLES "EXIT STATUS"; do
    echo "$text" | grep -q "^$section" || fail "man $page has no $section section"
  done
  [ "$page" = infracov-analyze ] && echo "man $page: $(echo "$text" | wc -l) lines"
done

# The completion completes subcommands and options (in an empty folder: no file names offered).
completion="$prefix/usr/share/bash-completion/completions/infracov"
completed=$(inside bash -c "cd '$run_in/empty' && . '$completion'
  COMP_WORDS=(infracov pl); COMP_CWORD=1; _infracov; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(infracov analyze --ov); COMP_CWORD=2; _infracov; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(infracov plan roads g); COMP_CWORD=3; _infracov; echo \"\${COMPREPLY[*]}\"")
[ "$completed" = "plan
--overwrite
grid" ] || fail "bash completion gave: $completed"
# The plugin's files are installed in QGIS's system plugin folder, and the installed plugin loads
# from there the way QGIS starts it (metadata.txt, classFactory, initProcessing) and offers its
# algorithms. This machine's QGIS loads it (in the chroot path, from the throwaway root's folder).
for file in $plugin_files; do
  [ -f "$root$plugin/$file" ] || fail "the installed QGIS plugin lacks $plugin/$file"
done
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
echo "package test: ok ($path)"
