#!/bin/sh
# Makes a private apt — its own configuration, lists, cache, dpkg database and dpkg root — over a local file:
# repository, so that `apt-get install` can run for real without touching the host. Usage:
#   hermetic-apt.sh DIR REPO-DIR ARCHIVE-KEY
# then: APT_CONFIG=DIR/etc/apt/apt.conf apt-get install … ; packages land in DIR/target.
set -eu
dir=$(realpath -m "$1"); repo=$(realpath "$2"); key=$(realpath "$3")
mkdir -p "$dir/etc/apt/apt.conf.d" "$dir/etc/apt/preferences.d" "$dir/etc/apt/sources.list.d" \
    "$dir/etc/apt/trusted.gpg.d" "$dir/var/lib/apt/lists/partial" "$dir/var/cache/apt/archives/partial" \
    "$dir/var/lib/dpkg/info" "$dir/var/lib/dpkg/updates" "$dir/var/lib/dpkg/triggers" "$dir/var/log/apt" \
    "$dir/target"
: > "$dir/var/lib/dpkg/status"
: > "$dir/var/lib/dpkg/available"
printf 'deb [signed-by=%s] file:%s stable main\n' "$key" "$repo" > "$dir/etc/apt/sources.list"
cat > "$dir/etc/apt/apt.conf" <<CONF
Dir::State "$dir/var/lib/apt";
Dir::State::status "$dir/var/lib/dpkg/status";
Dir::Cache "$dir/var/cache/apt";
Dir::Etc "$dir/etc/apt";
Dir::Log "$dir/var/log/apt";
Dir::Etc::TrustedParts "$dir/etc/apt/trusted.gpg.d";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Sandbox::User "root";
APT::Install-Recommends "false";
Acquire::Languages "none";
DPkg::Options { "--root=$dir/target"; "--admindir=$dir/var/lib/dpkg"; "--force-script-chrootless"; "--force-not-root"; "--log=$dir/var/log/dpkg.log"; };
DPkg::Use-Pty "false";
CONF
APT_CONFIG="$dir/etc/apt/apt.conf" apt-get -q update >/dev/null
