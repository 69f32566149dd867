#!/bin/sh
# Makes a private dnf setup over a local repository of the fixture RPMs (made with createrepo_c), plus a stub that
# provides /bin/sh (so that packages with scriptlets resolve in an empty installroot). Usage:
#   hermetic-dnf.sh DIR RPM-DIR
# then: dnf -c DIR/dnf.conf --installroot=DIR/root --setopt=reposdir=DIR/repos.d … install PACKAGE
set -eu
dir=$(realpath -m "$1"); rpms=$(realpath "$2")
mkdir -p "$dir/repo" "$dir/repos.d" "$dir/root" "$dir/cache" "$dir/plugins" "$dir/plugins.d" "$dir/build/SPECS"
cp "$rpms"/*.noarch.rpm "$dir/repo/"
cat > "$dir/build/SPECS/stub.spec" <<'SPEC'
Name: tg-shell-stub
Version: 1
Release: 1
Summary: Provides /bin/sh to an empty installroot
License: MIT
BuildArch: noarch
Provides: /bin/sh
%description
A test-only stub.
%files
SPEC
rpmbuild -bb --quiet --define "_topdir $dir/build" "$dir/build/SPECS/stub.spec" >/dev/null 2>&1
cp "$dir"/build/RPMS/noarch/*.rpm "$dir/repo/"
createrepo_c -q "$dir/repo"
cat > "$dir/repos.d/fixtures.repo" <<REPO
[fixtures]
name=Tollgate fixtures
baseurl=file://$dir/repo
gpgcheck=0
enabled=1
REPO
cat > "$dir/dnf.conf" <<CONF
[main]
cachedir=$dir/cache
reposdir=$dir/repos.d
pluginpath=$dir/plugins
pluginconfpath=$dir/plugins.d
plugins=1
install_weak_deps=0
keepcache=0
CONF
