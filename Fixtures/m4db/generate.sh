#!/bin/sh
# Writes a small known-good m4 database from the installed autoconf, automake, libtool, gettext and pkgconf, with
# shell tools only (an independent oracle for `tollgate m4db build`). Usage: generate.sh [OUTPUT] [PACKAGE…]
# Each line: NAME<TAB>SERIAL<TAB>SHA-256 of the content, CR LF read as LF<TAB>"package version" origins.
set -eu
out=${1:-"$(dirname "$0")/m4db.tsv"}
[ $# -gt 0 ] && shift
packages=${*:-autoconf automake libtool gettext pkgconf}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for p in $packages; do
    version=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || { echo "$p is not installed" >&2; exit 1; }
    dpkg -L "$p" | grep '\.m4$' | while read -r f; do
        [ -f "$f" ] || continue
        serial=$(awk 'NR > 40 { exit }
            { n = split($0, w, /[ \t]+/); i = (w[1] == "") ? 2 : 1; f = w[i]
              if (f == "#" || f == "dnl") i++
              else if (substr(f, 1, 1) == "#") w[i] = substr(f, 2)
              else next
              if (w[i] ~ /\.m4$/) i++
              if (w[i] == "serial" && match(w[i + 1], /^[0-9]+/)) { print substr(w[i + 1], 1, RLENGTH); exit } }' "$f")
        digest=$(perl -0777 -pe 's/\r\n/\n/g' "$f" | sha256sum | cut -d' ' -f1)
        printf '%s\t%s\t%s\t%s %s\n' "$(basename "$f")" "${serial:--}" "$digest" "$p" "$version"
    done
done > "$tmp"
{
    printf '# tollgate m4db 2\n'
    printf '# name\tserial\tdigest (SHA-256 of the content, CR LF read as LF)\torigins\n'
    # One line per (name, digest), origins merged; ordered by name, then serial (none first), then digest.
    LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k3,3 -k4,4 "$tmp" | awk -F '\t' -v OFS='\t' '
        { key = $1 "\t" $3
          if (key == last) { origins = origins "; " $4; next }
          if (last != "") print name, serial, digest, origins
          last = key; name = $1; serial = $2; digest = $3; origins = $4 }
        END { if (last != "") print name, serial, digest, origins }' |
        awk -F '\t' -v OFS='\t' '{ print $1, ($2 == "-" ? -1 : $2), $0 }' |
        LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2n -k5,5 | cut -f3-
} > "$out"
echo "$out: $(($(wc -l < "$out") - 2)) variants"
