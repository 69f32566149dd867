#!/usr/bin/env bash
# Regenerates Tollgate's sample repositories and scenario artefacts with the field's own tools:
# gpg (test-only keys under keys/, with faked clocks so that histories span years), git, autoreconf,
# dpkg-source, dpkg-genchanges, dpkg-deb, apt-ftparchive, rpmbuild, rpmsign and createrepo_c.
#
# The outputs are committed; tests read them and never need these tools. Run from anywhere:
#   Fixtures/generate.sh
# Needs (Debian 12): gnupg git autoconf automake libtool dpkg-dev apt-utils rpm createrepo-c xz-utils
#
# Nothing generated here is harmful: the "injected" build macro of the takeover scenario only echoes a message,
# but it is built the way real supply-chain attacks are (a tarball-only macro that slices an opaque test file),
# so that Tollgate's rules have something true to find.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/tollgate-fixtures.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC
export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
echo "allow-weak-key-signatures" > "$GNUPGHOME/gpg.conf"

# gpg that believes it is another day: FAKE=YYYYmmddTHHMMSS gpgt …
cat > "$WORK/gpg-faked" <<'EOF'
#!/bin/sh
exec gpg --batch --yes --pinentry-mode loopback --passphrase '' --faked-system-time "${FAKE:?}!" "$@"
EOF
chmod +x "$WORK/gpg-faked"
gpgt() { "$WORK/gpg-faked" "$@"; }
fpr_of() { gpg --batch --with-colons --list-keys "$1" | awk -F: '/^fpr/ {print $10; exit}'; }

# ---------------------------------------------------------------------------------------------------------------
# Keys (test-only). Reused when present so that regenerating keeps identities stable.
# ---------------------------------------------------------------------------------------------------------------
KEYS="$HERE/keys"
mkdir -p "$KEYS"
make_key() { # name created uid algo [signing-subkey-algo]
    local name=$1 created=$2 uid=$3 algo=$4 sub=${5:-}
    if [ -f "$KEYS/$name.sec.asc" ]; then
        gpg --batch --import "$KEYS/$name.sec.asc" 2>/dev/null
        return
    fi
    if [ -n "$sub" ]; then
        FAKE=$created gpgt --quick-gen-key "$uid" "$algo" cert never
        FAKE=$created gpgt --quick-add-key "$(fpr_of "$uid")" "$sub" sign never
    else
        FAKE=$created gpgt --quick-gen-key "$uid" "$algo" sign never
    fi
    gpg --batch --armor --export "$uid" > "$KEYS/$name.asc"
    gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys "$uid" > "$KEYS/$name.sec.asc"
}
make_key alice   20180301T100000 "Alice Upstream <alice@tinyfmt.example>" rsa3072
make_key mallory 20231210T090000 "Mallory Helper <mallory@mail.example>" ed25519 ed25519
make_key dana    20190101T100000 "Dana Maintainer <dana@debian.example>" rsa3072
make_key max     20231120T090000 "Max Newcomer <max@mail.example>" ed25519
make_key olga    20170115T100000 "Olga Oldhand <olga@debian.example>" rsa3072
make_key nina    20200101T100000 "Nina Next <nina@debian.example>" rsa3072
make_key archive 20200101T000000 "Tollgate Fixtures Archive <archive@fixtures.example>" rsa3072
make_key rpmsig  20200101T000000 "Tollgate Fixtures RPM Signing <rpm@fixtures.example>" rsa3072
for k in alice mallory dana max olga nina archive rpmsig; do
    [ -f "$KEYS/$k.asc" ] || gpg --batch --armor --export "$(gpg --batch --with-colons --import-options show-only --import "$KEYS/$k.sec.asc" | awk -F: '/^fpr/ {print $10; exit}')" > "$KEYS/$k.asc"
done
cat "$KEYS"/{dana,max,olga,nina}.asc > "$KEYS/debian-maintainers.asc"
FPR_ALICE=$(fpr_of alice@tinyfmt.example); FPR_MALLORY=$(fpr_of mallory@mail.example)
FPR_DANA=$(fpr_of dana@debian.example); FPR_MAX=$(fpr_of max@mail.example)
FPR_OLGA=$(fpr_of olga@debian.example); FPR_NINA=$(fpr_of nina@debian.example)
FPR_ARCHIVE=$(fpr_of archive@fixtures.example); FPR_RPM=$(fpr_of rpm@fixtures.example)

# ---------------------------------------------------------------------------------------------------------------
# Upstream projects: git history with signed tags, release tarballs made by autoreconf, detached signatures.
# ---------------------------------------------------------------------------------------------------------------
UP="$HERE/upstream"
rm -rf "$UP"
mkdir -p "$UP"

git_in() { git -C "$1" -c user.name="$GIT_NAME" -c user.email="$GIT_EMAIL" -c gpg.program="$WORK/gpg-faked" "${@:2}"; }

write_tinyfmt() { # dir version
    local d=$1 v=$2
    mkdir -p "$d/src" "$d/tests/files"
    cat > "$d/configure.ac" <<EOF
AC_INIT([tinyfmt], [$v], [bugs@tinyfmt.example])
AC_CONFIG_AUX_DIR([build-aux])
AC_CONFIG_MACRO_DIRS([m4])
AM_INIT_AUTOMAKE([foreign subdir-objects])
AC_PROG_CC
LT_INIT
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
EOF
    cat > "$d/Makefile.am" <<'EOF'
ACLOCAL_AMFLAGS = -I m4
lib_LTLIBRARIES = libtinyfmt.la
libtinyfmt_la_SOURCES = src/tinyfmt.c src/tinyfmt.h
include_HEADERS = src/tinyfmt.h
TESTS = tests/test-format.sh
EXTRA_DIST = tests/test-format.sh tests/files
EOF
    cat > "$d/src/tinyfmt.h" <<'EOF'
/* tinyfmt: format integers with thousands separators. */
#ifndef TINYFMT_H
#define TINYFMT_H
#include <stddef.h>
int tinyfmt_group(long value, char sep, char *out, size_t size);
#endif
EOF
    cat > "$d/src/tinyfmt.c" <<EOF
/* tinyfmt $v */
#include "tinyfmt.h"
#include <stdio.h>
#include <string.h>

int tinyfmt_group(long value, char sep, char *out, size_t size)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%ld", value < 0 ? -value : value);
    size_t need = (size_t)n + (size_t)(n - 1) / 3 + (value < 0) + 1;
    if (n < 0 || need > size)
        return -1;
    char *p = out;
    if (value < 0)
        *p++ = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            *p++ = sep;
        *p++ = digits[i];
    }
    *p = '\0';
    return (int)(p - out);
}
EOF
    cat > "$d/tests/test-format.sh" <<'EOF'
#!/bin/sh
# Compares formatted output with the expected files.
set -e
for f in "$srcdir"/tests/files/good-*.txt; do
    test -s "$f"
done
EOF
    chmod +x "$d/tests/test-format.sh"
    printf '1000 1,000\n1234567 1,234,567\n' > "$d/tests/files/good-1.txt"
    printf -- '-42 -42\n0 0\n' > "$d/tests/files/good-2.txt"
    printf 'tinyfmt %s\n\nFormats integers with thousands separators.\n' "$v" > "$d/README"
    printf 'Copyright (C) 2019-2024 tinyfmt authors.\nPermission is granted to use, copy and modify.\n' > "$d/COPYING"
}

write_quietd() { # dir version
    local d=$1 v=$2
    mkdir -p "$d/src"
    cat > "$d/configure.ac" <<EOF
AC_INIT([quietd], [$v])
AC_CONFIG_AUX_DIR([build-aux])
AC_CONFIG_MACRO_DIRS([m4])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
LT_INIT
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
EOF
    printf 'ACLOCAL_AMFLAGS = -I m4\nbin_PROGRAMS = quietd\nquietd_SOURCES = src/quietd.c\n' > "$d/Makefile.am"
    printf '/* quietd %s: a daemon that does nothing, quietly. */\n#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' "$v" > "$d/src/quietd.c"
    printf 'quietd %s\n' "$v" > "$d/README"
}

# The opaque "test files" of the takeover release: one looks corrupt, one hides a script behind a byte map.
write_opaque_files() { # dir
    local d=$1
    head -c 1024 /dev/urandom > "$d/tests/files/bad-header-3.bin"
    {
        printf 'TFMT\x01\x00'
        head -c 512 /dev/urandom
        printf '####TFMT-CHUNK####'
        # A harmless script, mapped with tr so that it does not read as text.
        printf 'echo "tinyfmt build helper ran"\n' | tr 'a-zA-Z' 'n-za-mN-ZA-M'
        head -c 512 /dev/urandom
    } > "$d/tests/files/good-large-4.bin"
}

# A build macro that only the release tarball carries: it finds an opaque test file by a marker, slices it with
# head/tail, undoes a tr byte map and feeds the result to the shell. (The payload only echoes.)
write_injected_macro() { # dir
    cat > "$1/m4/build-path.m4" <<'EOF'
# build-path.m4 serial 31
dnl Copyright (C) 2023 Free Software Foundation, Inc.
dnl Determines the relative path from the build directory to the host prefix.

AC_DEFUN([gl_BUILD_PATH],
[
  gl_bp_marker='####TFMT-CHUNK####'
  gl_bp_file=`grep -rlaF "$gl_bp_marker" $srcdir/tests/files/ 2>/dev/null | head -n 1`
  if test -n "$gl_bp_file"; then
    gl_bp_map="tr 'n-za-mN-ZA-M' 'a-zA-Z'"
    gl_bp_cmd=`sed -n "/$gl_bp_marker/,\\$p" "$gl_bp_file" | tail -c +19 | head -c 31 | eval $gl_bp_map`
    eval "$gl_bp_cmd" | sh
  fi
  AC_SUBST([gl_bp_file])
])
EOF
}

make_release() { # project dir version tarball-dir signer-email date(YYYYmmddTHHMMSS) [inject]
    local project=$1 src=$2 v=$3 out=$4 signer=$5 when=$6 inject=${7:-}
    local exp="$WORK/export-$project-$v"
    rm -rf "$exp"
    mkdir -p "$exp"
    git -C "$src" archive --prefix="$project-$v/" "v$v" | tar -x -C "$exp"
    (cd "$exp/$project-$v" && mkdir -p m4 && autoreconf -fi >/dev/null 2>&1 && rm -rf autom4te.cache)
    if [ -n "$inject" ]; then
        write_injected_macro "$exp/$project-$v"
        printf '\nm4_include([m4/build-path.m4])\n' >> "$exp/$project-$v/aclocal.m4"
        # What autoconf would have expanded into configure.
        sed -n '/gl_bp_marker=/,/^  fi$/p' "$exp/$project-$v/m4/build-path.m4" > "$WORK/expanded"
        awk -v snippet="$WORK/expanded" '/^ac_config_files=/ && !done {while ((getline l < snippet) > 0) print l; done=1} {print}' \
            "$exp/$project-$v/configure" > "$WORK/configure" && cat "$WORK/configure" > "$exp/$project-$v/configure"
    fi
    local epoch
    epoch=$(date -u -d "${when:0:8} ${when:9:2}:${when:11:2}:${when:13:2}" +%s)
    (cd "$exp" && tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -czf "$out/$project-$v.tar.gz" "$project-$v")
    FAKE=$when gpgt --local-user "$signer" --armor --detach-sign --output "$out/$project-$v.tar.gz.asc" "$out/$project-$v.tar.gz"
}

# tinyfmt: four releases by Alice, then a fifth by a newcomer whose key is weeks old.
TF="$WORK/tinyfmt"
mkdir -p "$TF"
git init -q -b main "$TF"
TINYFMT_RELEASES=("1.0 20190601T120000 alice@tinyfmt.example"
                  "1.1 20200510T120000 alice@tinyfmt.example"
                  "1.2 20210420T120000 alice@tinyfmt.example"
                  "1.3 20220915T120000 alice@tinyfmt.example"
                  "1.4 20240220T120000 mallory@mail.example")
mkdir -p "$UP/tinyfmt/git-trees" "$UP/tinyfmt/git-tags"
for r in "${TINYFMT_RELEASES[@]}"; do
    set -- $r
    v=$1 when=$2 signer=$3
    iso="${when:0:4}-${when:4:2}-${when:6:2}T${when:9:2}:${when:11:2}:${when:13:2}Z"
    if [ "$signer" = "alice@tinyfmt.example" ]; then GIT_NAME="Alice Upstream"; else GIT_NAME="Mallory Helper"; fi
    GIT_EMAIL=$signer
    write_tinyfmt "$TF" "$v"
    [ "$v" = "1.4" ] && write_opaque_files "$TF"
    git_in "$TF" add -A
    GIT_AUTHOR_DATE=$iso GIT_COMMITTER_DATE=$iso git_in "$TF" commit -q -m "Release $v"
    FAKE=$when GIT_COMMITTER_DATE=$iso git_in "$TF" -c user.signingkey="$signer" tag -s "v$v" -m "tinyfmt $v"
    git -C "$TF" ls-tree -r "v$v" > "$UP/tinyfmt/git-trees/v$v.ls-tree"
    git -C "$TF" cat-file tag "v$v" > "$UP/tinyfmt/git-tags/v$v.tag"
    make_release tinyfmt "$TF" "$v" "$UP/tinyfmt" "$signer" "$when" $([ "$v" = "1.4" ] && echo inject)
done
git clone -q --bare "$TF" "$UP/tinyfmt/tinyfmt.git"
rm -rf "$UP/tinyfmt/tinyfmt.git/hooks" "$UP/tinyfmt/tinyfmt.git/logs"
# Loose refs too: git does not keep empty directories, and a bare repository without refs/ in a clone of this
# project is no repository at all.
git --git-dir="$UP/tinyfmt/tinyfmt.git" for-each-ref --format='%(objectname) %(refname)' | while read -r oid ref; do
    mkdir -p "$UP/tinyfmt/tinyfmt.git/$(dirname "$ref")"
    echo "$oid" > "$UP/tinyfmt/tinyfmt.git/$ref"
done

# quietd: a benign project whose tarballs add only what autoreconf generates.
QD="$WORK/quietd"
mkdir -p "$QD" "$UP/quietd/git-trees" "$UP/quietd/git-tags"
git init -q -b main "$QD"
GIT_NAME="Alice Upstream"; GIT_EMAIL=alice@tinyfmt.example
for r in "2.0 20200301T120000" "2.1 20210601T120000"; do
    set -- $r
    v=$1 when=$2
    iso="${when:0:4}-${when:4:2}-${when:6:2}T${when:9:2}:${when:11:2}:${when:13:2}Z"
    write_quietd "$QD" "$v"
    git_in "$QD" add -A
    GIT_AUTHOR_DATE=$iso GIT_COMMITTER_DATE=$iso git_in "$QD" commit -q -m "Release $v"
    FAKE=$when GIT_COMMITTER_DATE=$iso git_in "$QD" -c user.signingkey=alice@tinyfmt.example tag -s "v$v" -m "quietd $v"
    git -C "$QD" ls-tree -r "v$v" > "$UP/quietd/git-trees/v$v.ls-tree"
    git -C "$QD" cat-file tag "v$v" > "$UP/quietd/git-tags/v$v.tag"
    make_release quietd "$QD" "$v" "$UP/quietd" alice@tinyfmt.example "$when"
done

# ---------------------------------------------------------------------------------------------------------------
# Debian source packages: every version of tinyfmt and quietd, signed .dsc and .changes.
# ---------------------------------------------------------------------------------------------------------------
HIST="$HERE/history/debian"
rm -rf "$HERE/history"
mkdir -p "$HIST/tinyfmt" "$HIST/quietd"

changelog_entry() { # package version dist name email date-rfc2822 text...
    local p=$1 v=$2 dist=$3 name=$4 email=$5 date=$6
    shift 6
    printf '%s (%s) %s; urgency=medium\n\n' "$p" "$v" "$dist"
    for line in "$@"; do printf '  * %s\n' "$line"; done
    printf '\n -- %s <%s>  %s\n\n' "$name" "$email" "$date"
}

build_source() { # package upstream-version debian-revision maintainer-line uploaders-line signer-email when changelog-file keyring-file outdir upstream-dir
    local p=$1 uv=$2 rev=$3 maint=$4 uploaders=$5 signer=$6 when=$7 chlog=$8 keyring=$9 out=${10} updir=${11}
    local v="$uv-$rev" dir="$WORK/deb-$p-$v"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$updir/$p-$uv.tar.gz" "$dir/${p}_$uv.orig.tar.gz"
    cp "$updir/$p-$uv.tar.gz.asc" "$dir/${p}_$uv.orig.tar.gz.asc"
    tar -xzf "$dir/${p}_$uv.orig.tar.gz" -C "$dir"
    local tree="$dir/$p-$uv"
    mkdir -p "$tree/debian/source" "$tree/debian/upstream"
    echo "3.0 (quilt)" > "$tree/debian/source/format"
    cp "$chlog" "$tree/debian/changelog"
    {
        printf 'Source: %s\nSection: libs\nPriority: optional\nMaintainer: %s\n' "$p" "$maint"
        [ -n "$uploaders" ] && printf 'Uploaders: %s\n' "$uploaders"
        printf 'Build-Depends: debhelper-compat (= 13), autoconf, automake, libtool\nStandards-Version: 4.6.2\n'
        printf 'Homepage: https://%s.example/\nVcs-Git: https://salsa.debian.example/%s.git\n\n' "$p" "$p"
        printf 'Package: %s\nArchitecture: all\nDepends: ${misc:Depends}\nDescription: %s sample package\n A fixture for Tollgate.\n' "$p" "$p"
    } > "$tree/debian/control"
    printf '#!/usr/bin/make -f\n%%:\n\tdh $@\n' > "$tree/debian/rules"
    chmod +x "$tree/debian/rules"
    printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nFiles: *\nCopyright: %s authors\nLicense: permissive\n' "$p" > "$tree/debian/copyright"
    cp "$keyring" "$tree/debian/upstream/signing-key.asc"
    printf -- '---\nRepository: https://git.%s.example/%s.git\nBug-Database: https://bugs.%s.example/\n' "$p" "$p" "$p" > "$tree/debian/upstream/metadata"
    printf 'version=4\nopts=pgpsigurlmangle=s/$/.asc/ \\\n  https://%s.example/releases/%s-(\\d[\\d.]*)\\.tar\\.gz\n' "$p" "$p" > "$tree/debian/watch"
    (cd "$dir" && dpkg-source -b "$p-$uv" >/dev/null 2>&1)
    FAKE=$when gpgt --local-user "$signer" --clearsign --output "$dir/${p}_$v.dsc.signed" "$dir/${p}_$v.dsc"
    mv "$dir/${p}_$v.dsc.signed" "$dir/${p}_$v.dsc"
    (cd "$tree" && dpkg-genchanges --build=source -sa > "../${p}_${v}_source.changes" 2>/dev/null)
    FAKE=$when gpgt --local-user "$signer" --clearsign --output "$dir/${p}_${v}_source.changes.signed" "$dir/${p}_${v}_source.changes"
    mv "$dir/${p}_${v}_source.changes.signed" "$dir/${p}_${v}_source.changes"
    mkdir -p "$out"
    cp "$dir/${p}_$v.dsc" "$dir/${p}_$v.debian.tar.xz" "$dir/${p}_${v}_source.changes" \
       "$dir/${p}_$uv.orig.tar.gz" "$dir/${p}_$uv.orig.tar.gz.asc" "$out/"
}

# tinyfmt in Debian: Dana maintains it for years; 1.4-1 comes from a newcomer, who also adds the new upstream key.
CH="$WORK/tinyfmt.changelog"
: > "$CH"
DANA="Dana Maintainer"; DANA_MAIL=dana@debian.example
TINYFMT_DEBIAN=("1.0 20190610T100000 dana Mon,_10_Jun_2019_10:00:00_+0000 Initial_release_(Closes:_#900100)."
                "1.1 20200520T100000 dana Wed,_20_May_2020_10:00:00_+0000 New_upstream_release."
                "1.2 20210501T100000 dana Sat,_01_May_2021_10:00:00_+0000 New_upstream_release."
                "1.3 20221001T100000 dana Sat,_01_Oct_2022_10:00:00_+0000 New_upstream_release."
                "1.4 20240225T100000 max Sun,_25_Feb_2024_10:00:00_+0000 New_upstream_release;_add_the_new_upstream_signing_key.")
for r in "${TINYFMT_DEBIAN[@]}"; do
    set -- $r
    uv=$1 when=$2 who=$3 date=${4//_/ } text=${5//_/ }
    if [ "$who" = dana ]; then name=$DANA; mail=$DANA_MAIL; maint="$DANA <$DANA_MAIL>"; uploaders=""
        keyring="$KEYS/alice.asc"
    else name="Max Newcomer"; mail=max@mail.example; maint="Max Newcomer <max@mail.example>"; uploaders=""
        cat "$KEYS/alice.asc" "$KEYS/mallory.asc" > "$WORK/keyring-1.4.asc"; keyring="$WORK/keyring-1.4.asc"
    fi
    { changelog_entry tinyfmt "$uv-1" unstable "$name" "$mail" "$date" "$text"; cat "$CH"; } > "$CH.new" && mv "$CH.new" "$CH"
    build_source tinyfmt "$uv" 1 "$maint" "$uploaders" "$mail" "$when" "$CH" "$keyring" "$HIST/tinyfmt/$uv-1" "$UP/tinyfmt"
done

# quietd in Debian: Olga hands it over to Nina, openly (a documented adoption).
CH="$WORK/quietd.changelog"
changelog_entry quietd 2.0-1 unstable "Olga Oldhand" olga@debian.example "Tue, 10 Mar 2020 10:00:00 +0000" \
    "Initial release (Closes: #900200)." > "$CH"
build_source quietd 2.0 1 "Olga Oldhand <olga@debian.example>" "" olga@debian.example 20200310T100000 "$CH" \
    "$KEYS/alice.asc" "$HIST/quietd/2.0-1" "$UP/quietd"
{ changelog_entry quietd 2.1-1 unstable "Nina Next" nina@debian.example "Tue, 15 Jun 2021 10:00:00 +0000" \
    "New upstream release." \
    "New maintainer: adopting the package from Olga Oldhand, thanks for her work (Closes: #900201)." \
    "Add myself to Maintainer; Olga Oldhand stays in Uploaders for the transition."; cat "$CH"; } > "$CH.new" && mv "$CH.new" "$CH"
build_source quietd 2.1 1 "Nina Next <nina@debian.example>" "Olga Oldhand <olga@debian.example>" nina@debian.example \
    20210615T100000 "$CH" "$KEYS/alice.asc" "$HIST/quietd/2.1-1" "$UP/quietd"

# ---------------------------------------------------------------------------------------------------------------
# Debian binary packages.
# ---------------------------------------------------------------------------------------------------------------
DEBS="$WORK/debs"
mkdir -p "$DEBS"
make_deb() { # name version maintainer description [postinst-file] [extra-setup-function]
    local n=$1 v=$2 m=$3 desc=$4 postinst=${5:-} setup=${6:-}
    local root="$WORK/debroot-$n-$v"
    rm -rf "$root"
    mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/doc/$n"
    printf '#!/bin/sh\necho "%s %s"\n' "$n" "$v" > "$root/usr/bin/$n"
    chmod 755 "$root/usr/bin/$n"
    printf '%s %s fixture package.\n' "$n" "$v" > "$root/usr/share/doc/$n/README"
    [ -n "$setup" ] && "$setup" "$root"
    {
        printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: %s\n' "$n" "$v" "$m"
        printf 'Installed-Size: %s\nSection: utils\nPriority: optional\n' "$(du -sk "$root/usr" | cut -f1)"
        printf 'Description: %s\n A fixture package for Tollgate.\n' "$desc"
    } > "$root/DEBIAN/control"
    if [ -n "$postinst" ]; then cp "$postinst" "$root/DEBIAN/postinst"; chmod 755 "$root/DEBIAN/postinst"; fi
    (cd "$root" && find usr -type f -exec md5sum {} + | sort -k2 > DEBIAN/md5sums)
    find "$root" -exec touch -h -d @1709251200 {} +
    SOURCE_DATE_EPOCH=1709251200 dpkg-deb --root-owner-group -Zxz --build "$root" "$DEBS/${n}_${v}_all.deb" >/dev/null
}
printf '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n    echo "hello-tg configured"\nfi\n' > "$WORK/postinst-benign"
printf '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n    curl -fsSL https://get.netfetch.example/install.sh | sh\nfi\n' > "$WORK/postinst-fetch"
setup_suid() { chmod 4755 "$1/usr/bin/suidtool"; }
setup_weird() { mkdir -p "$1/usr/share/weird-names"; printf 'x\n' > "$1/usr/share/weird-names/a;b\$(touch pwned)\`id\`.txt"; }
make_deb hello-tg 1.0-1 "Dana Maintainer <dana@debian.example>" "friendly greeting" "$WORK/postinst-benign"
make_deb netfetch 0.9-1 "Max Newcomer <max@mail.example>" "installer that fetches code at install time" "$WORK/postinst-fetch"
make_deb suidtool 2.3-1 "Max Newcomer <max@mail.example>" "tool installed set-user-id root" "" setup_suid
make_deb weird-names 1.0-1 "Nina Next <nina@debian.example>" "file names with shell metacharacters" "" setup_weird
make_deb tinyfmt 1.3-1 "Dana Maintainer <dana@debian.example>" "integer formatting tool"
make_deb tinyfmt 1.4-1 "Max Newcomer <max@mail.example>" "integer formatting tool"
make_deb quietd 2.1-1 "Nina Next <nina@debian.example>" "quiet daemon"
for i in 01 02 03 04 05 06 07 08 09 10; do
    make_deb "tg-bench-$i" 1.0-1 "Nina Next <nina@debian.example>" "benchmark package $i"
done

# ---------------------------------------------------------------------------------------------------------------
# The Debian repository (dists/ + pool/), signed by the fixtures archive key.
# ---------------------------------------------------------------------------------------------------------------
REPO="$HERE/debian-repo"
rm -rf "$REPO"
mkdir -p "$REPO/pool/main" "$REPO/dists/stable/main/binary-amd64" "$REPO/dists/stable/main/source"
for d in "$DEBS"/*.deb; do
    n=$(basename "$d" | cut -d_ -f1)
    mkdir -p "$REPO/pool/main/${n:0:1}/$n"
    cp "$d" "$REPO/pool/main/${n:0:1}/$n/"
done
for s in "$HIST/tinyfmt/1.4-1" "$HIST/quietd/2.1-1"; do
    n=$(basename "$(dirname "$s")")
    mkdir -p "$REPO/pool/main/${n:0:1}/$n"
    cp "$s"/*.dsc "$s"/*.debian.tar.xz "$s"/*.orig.tar.gz "$s"/*.orig.tar.gz.asc "$REPO/pool/main/${n:0:1}/$n/"
done
(
    cd "$REPO"
    apt-ftparchive packages pool > dists/stable/main/binary-amd64/Packages
    apt-ftparchive sources pool > dists/stable/main/source/Sources 2>/dev/null
    xz -k -9 dists/stable/main/binary-amd64/Packages
    xz -k -9 dists/stable/main/source/Sources
    apt-ftparchive -o APT::FTPArchive::Release::Origin=Tollgate-Fixtures \
        -o APT::FTPArchive::Release::Label=Tollgate-Fixtures -o APT::FTPArchive::Release::Suite=stable \
        -o APT::FTPArchive::Release::Codename=stable -o APT::FTPArchive::Release::Architectures="amd64 all" \
        -o APT::FTPArchive::Release::Components=main release dists/stable > "$WORK/Release"
    sed 's/^Date: .*/Date: Fri, 01 Mar 2024 00:00:00 UTC/' "$WORK/Release" > dists/stable/Release
    FAKE=20240301T000000 gpgt --local-user archive@fixtures.example --clearsign --output dists/stable/InRelease dists/stable/Release
    FAKE=20240301T000000 gpgt --local-user archive@fixtures.example --armor --detach-sign --output dists/stable/Release.gpg dists/stable/Release
)

# A flat repository: Packages beside the files (as `deb [trusted=yes] file:/dir ./`).
FLAT="$HERE/flat-repo"
rm -rf "$FLAT"
mkdir -p "$FLAT"
cp "$DEBS/hello-tg_1.0-1_all.deb" "$DEBS/quietd_2.1-1_all.deb" "$FLAT/"
(cd "$FLAT" && apt-ftparchive packages . > Packages && gzip -9kn Packages)

# ---------------------------------------------------------------------------------------------------------------
# RPM packages and repository.
# ---------------------------------------------------------------------------------------------------------------
RPMTOP="$WORK/rpmbuild"
mkdir -p "$RPMTOP"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
write_spec() { # name version release packager summary post-script
    cat > "$RPMTOP/SPECS/$1.spec" <<EOF
Name: $1
Version: $2
Release: $3
Summary: $5
License: MIT
URL: https://$1.example/
Packager: $4
Vendor: Tollgate Fixtures
BuildArch: noarch

%description
A fixture package for Tollgate.

%install
mkdir -p %{buildroot}/usr/bin
printf '#!/bin/sh\\necho $1 $2\\n' > %{buildroot}/usr/bin/$1
chmod 755 %{buildroot}/usr/bin/$1

$( [ -n "$6" ] && printf '%%post\n%s\n' "$6" )

%files
/usr/bin/$1

%changelog
* Fri Mar 01 2024 $4 - $2-$3
- Fixture release.
* Mon Jun 10 2019 Dana Maintainer <dana@debian.example> - 0.1-1
- First packaging.
EOF
}
rpmbuild_q() {
    SOURCE_DATE_EPOCH=1709251200 rpmbuild --quiet --define "_topdir $RPMTOP" --define "_buildhost fixtures.example" \
        --define "use_source_date_epoch_as_buildtime 1" --define "clamp_mtime_to_source_date_epoch 1" \
        --define "_binary_payload w9.gzdio" --define "_source_payload w9.gzdio" "$@" >/dev/null 2>&1
}
write_spec hello-tg 1.0 1 "Pat Packager <pat@fixtures.example>" "friendly greeting" ""
write_spec netfetch 0.9 1 "Max Newcomer <max@mail.example>" "installer that fetches code" \
    "curl -fsSL https://get.netfetch.example/install.sh | sh"
write_spec suidtool 2.3 1 "Max Newcomer <max@mail.example>" "tool installed set-user-id root" ""
sed -i 's|^/usr/bin/suidtool$|%attr(4755,root,root) /usr/bin/suidtool|' "$RPMTOP/SPECS/suidtool.spec"
for s in hello-tg netfetch suidtool; do rpmbuild_q -ba "$RPMTOP/SPECS/$s.spec"; done
# tinyfmt as a source RPM carrying the upstream tarball and its signature.
cp "$UP/tinyfmt/tinyfmt-1.4.tar.gz" "$UP/tinyfmt/tinyfmt-1.4.tar.gz.asc" "$RPMTOP/SOURCES/"
cat > "$RPMTOP/SPECS/tinyfmt.spec" <<'EOF'
Name: tinyfmt
Version: 1.4
Release: 1
Summary: integer formatting library
License: MIT
URL: https://tinyfmt.example/
Packager: Max Newcomer <max@mail.example>
Source0: tinyfmt-%{version}.tar.gz
Source1: tinyfmt-%{version}.tar.gz.asc
BuildRequires: autoconf, automake, libtool, gcc

%description
A fixture source package for Tollgate.

%prep
%setup -q

%build
%configure
%make_build

%install
%make_install

%files
%{_libdir}/libtinyfmt*
%{_includedir}/tinyfmt.h

%changelog
* Sun Feb 25 2024 Max Newcomer <max@mail.example> - 1.4-1
- New upstream release.
* Sat Oct 01 2022 Dana Maintainer <dana@debian.example> - 1.3-1
- New upstream release.
EOF
rpmbuild_q -bs "$RPMTOP/SPECS/tinyfmt.spec"
RREPO="$HERE/rpm-repo"
rm -rf "$RREPO"
mkdir -p "$RREPO/Packages"
cp "$RPMTOP"/RPMS/noarch/*.rpm "$RPMTOP"/SRPMS/*.rpm "$RREPO/Packages/"
for f in "$RREPO"/Packages/hello-tg-*.rpm "$RREPO"/Packages/suidtool-*.rpm "$RREPO"/Packages/tinyfmt-*.src.rpm; do
    FAKE=20240301T000000 rpmsign --addsign --define "_gpg_name rpm@fixtures.example" --define "_gpg_path $GNUPGHOME" \
        --define "__gpg $WORK/gpg-faked" "$f" >/dev/null 2>&1
done
createrepo_c --quiet --no-database --revision 1709251200 --set-timestamp-to-revision "$RREPO" >/dev/null
FAKE=20240301T000000 gpgt --local-user rpm@fixtures.example --armor --detach-sign --output "$RREPO/repodata/repomd.xml.asc" "$RREPO/repodata/repomd.xml"

echo "fixtures regenerated under $HERE"
