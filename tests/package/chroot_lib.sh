# A throwaway Debian 12 root for the package test (sourced by install_test.sh, which defines fail).
#   make_root DIR      a fresh minbase root in DIR, /proc mounted, apt sources and lists ready
#   inside_root CMD    run CMD in it as root, with a clean environment
#   keep_archives      keep the packages apt downloaded into it for the next run
#   remove_tree DIR    unmount everything under DIR, then remove DIR (never crossing a mount)
# The base root is bootstrapped once (and again after 30 days) from the host's Debian mirror and
# kept as a tarball in INFRACOV_PACKAGE_CACHE; each run unpacks a fresh copy of it.
suite=bookworm
cache=${INFRACOV_PACKAGE_CACHE:-/var/cache/infracov-test}
chroot_root=""

remove_tree() {
  for mnt in $(awk -v dir="$1/" 'index($2, dir) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" || echo "package test: cannot unmount $mnt" >&2
  done
  rm -rf --one-file-system "$1" || echo "package test: cannot remove $1" >&2
}

inside_root() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
    DEBIAN_FRONTEND=noninteractive chroot "$chroot_root" "$@"
}

make_root() {
  chroot_root=$1
  base="$cache/$suite-$(dpkg --print-architecture)-minbase.tar"
  # The host's Debian suites (bookworm, -updates, -security...) with their mirrors and components:
  # the package's Depends come from the libraries built against, so the root gets the same archive.
  sources=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
    'Identifier: Packages' | sort -u | awk -v s="$suite" '$2 == s || index($2, s "-") == 1')
  mirror=$(echo "$sources" | awk -v s="$suite" '$2 == s { print $1; exit }')
  [ -n "$mirror" ] || fail "no Debian $suite archive in this machine's apt sources"
  mkdir -p "$cache/archives" "$cache/debootstrap"
  # One run at a time makes the base; the others wait for it and use it.
  (
    flock 9
    [ -f "$base" ] && [ -z "$(find "$base" -mtime +30)" ] && exit 0
    echo "package test: bootstrapping the Debian $suite base from $mirror into $base"
    started=$(date +%s)
    timeout 1800 debootstrap --variant=minbase --cache-dir="$cache/debootstrap" "$suite" \
      "$chroot_root" "$mirror" >"$chroot_root.debootstrap.log" 2>&1 ||
      { tail -20 "$chroot_root.debootstrap.log" >&2; exit 1; }
    rm -f "$chroot_root"/var/cache/apt/archives/*.deb
    tar -C "$chroot_root" --numeric-owner -cf "$base.new" . && mv "$base.new" "$base"
    echo "package test: debootstrap took $(($(date +%s) - started)) s," \
      "base $(stat -c %s "$base") bytes"
  ) 9>"$cache/lock" || fail "debootstrap of the $suite base failed"
  if [ ! -d "$chroot_root" ]; then
    mkdir "$chroot_root"
    tar -C "$chroot_root" --numeric-owner -xf "$base" || fail "unpacking $base failed"
  fi
  echo "$sources" | awk '{ key = $1 " " $2; if (!(key in parts)) order[n++] = key }
    { parts[key] = parts[key] " " $3 }
    END { for (i = 0; i < n; i++) print "deb " order[i] parts[order[i]] }' \
    >"$chroot_root/etc/apt/sources.list"
  cat /etc/resolv.conf >"$chroot_root/etc/resolv.conf"
  # dpkg skips its fsyncs in this root, which is thrown away (the install's own time is dpkg's).
  echo force-unsafe-io >"$chroot_root/etc/dpkg/dpkg.cfg.d/unsafe-io"
  # No service is started by a package's maintainer scripts.
  printf '#!/bin/sh\nexit 101\n' >"$chroot_root/usr/sbin/policy-rc.d"
  chmod 755 "$chroot_root/usr/sbin/policy-rc.d"
  mount -t proc proc "$chroot_root/proc" || fail "cannot mount /proc in the throwaway root"
  # The base's device nodes, or this machine's /dev where they could not be made, and /dev/pts for
  # apt's terminal log (a devpts of its own, not this machine's).
  if [ -c "$chroot_root/dev/null" ]; then
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$chroot_root/dev/pts" ||
      fail "cannot mount /dev/pts in the throwaway root"
  else
    # rslave: unmounting the root's copies never unmounts this machine's.
    { mount --rbind /dev "$chroot_root/dev" && mount --make-rslave "$chroot_root/dev"; } ||
      fail "cannot mount /dev in the throwaway root"
  fi
  (
    flock 9
    cp "$cache"/archives/*.deb "$chroot_root/var/cache/apt/archives/" 2>/dev/null || true
  ) 9>"$cache/lock"
  inside_root timeout 600 apt-get update -q >"$chroot_root.update.log" 2>&1 ||
    { cat "$chroot_root.update.log" >&2; fail "apt-get update in the throwaway root failed"; }
}

keep_archives() {
  # Drop the packages that are no longer in the archive, then keep the rest for the next run.
  inside_root apt-get autoclean -qq >/dev/null 2>&1 || true
  (
    flock 9
    rm -rf "$cache/archives.new"
    mkdir "$cache/archives.new"
    cp "$chroot_root"/var/cache/apt/archives/*.deb "$cache/archives.new/" 2>/dev/null || true
    rm -rf "$cache/archives"
    mv "$cache/archives.new" "$cache/archives"
  ) 9>"$cache/lock"
  echo "package test: apt's packages kept in $cache/archives," \
    "$(du -sm "$cache/archives" | cut -f1) MB"
}
