#!/usr/bin/env bash
# Makes the release tarball that deploy/aws/shiftsync.yml installs (and any other Debian 12 host
# can): OUT_DIR/shiftsync-VERSION.tar.gz holding one directory shiftsync-VERSION/ laid out as a
# prefix, to unpack into /usr/local with --strip-components=1:
#   bin/shiftsync                           the server (ExecStart of the units)
#   share/shiftsync/web/                    the built web app (web/dist), .br and .gz included
#   share/shiftsync/systemd/*.service       deploy/systemd
#   share/shiftsync/nginx/                  deploy/nginx's configs (snippets/ included)
#   share/shiftsync/aws/bootstrap.sh        what an instance runs after unpacking
#   share/shiftsync/runtime-packages.txt    the Debian packages of the libraries the binary links
# Usage: scripts/package.sh [BINARY [OUT_DIR]]   (defaults: build/shiftsync, build)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=$(realpath "${1:-$root/build/shiftsync}")
out_dir=$(realpath "${2:-$root/build}")
web="${SHIFTSYNC_WEB_DIST:-$root/web/dist}"

[ -x "$binary" ] || { echo "package: no binary at $binary (make build)" >&2; exit 1; }
[ -f "$web/index.html" ] || { echo "package: no web app in $web (make build)" >&2; exit 1; }
version=$("$binary" version | awk '{print $2}')
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "package: '$binary version' gave no version" >&2; exit 1; }

# Each library the binary asks for by name (DT_NEEDED), found as the loader would, to the Debian
# package that owns it; apt brings their own dependencies.
runtime_packages() {
    local lib path package
    readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r lib; do
        path=$(ldd "$binary" | awk -v lib="$lib" '$1 == lib {print $3}')
        [ -n "$path" ] || { echo "package: $lib is not found by ldd" >&2; exit 1; }
        # Debian 12 merges /lib into /usr/lib, and dpkg knows each file under one of the two.
        package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "/usr${path#/usr}" 2>/dev/null ||
                  dpkg -S "${path#/usr}" 2>/dev/null) || { echo "package: no Debian package owns $path" >&2; exit 1; }
        echo "${package%%:*}"
    done | sort -u
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
top="$stage/shiftsync-$version"
install -d "$top/bin" "$top/share/shiftsync/systemd" "$top/share/shiftsync/nginx" "$top/share/shiftsync/aws"
install -m 0755 "$binary" "$top/bin/shiftsync"
cp -R "$web" "$top/share/shiftsync/web"
install -m 0644 "$root"/deploy/systemd/*.service "$top/share/shiftsync/systemd/"
(cd "$root/deploy/nginx" && find . -name '*.conf' -exec install -D -m 0644 {} "$top/share/shiftsync/nginx/{}" \;)
install -m 0755 "$root/deploy/aws/bootstrap.sh" "$top/share/shiftsync/aws/"
runtime_packages > "$top/share/shiftsync/runtime-packages.txt"

mkdir -p "$out_dir"
tarball="$out_dir/shiftsync-$version.tar.gz"
# Owned by root and dated by the binary, so the same inputs make the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$(stat -c %Y "$binary")" \
    -C "$stage" -cf - "shiftsync-$version" | gzip -n -9 > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
echo "$tarball"
