#!/usr/bin/env bash
# Refuses includes that break the layering described in STYLE.md / docs/ARCHITECTURE.md.
# Usage: check-layering.sh SRC_DIR
set -u
src=${1:?src dir}
fail=0
check() { # layer, forbidden-include-regex, why
    local hits
    hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($2)" "$src/$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "layering: $1 must not include $3:"; echo "$hits"; fail=1
    fi
}
check domain 'boost/|soci/|sodium|curl/|vips/|spdlog/|date/|app/|infra/|http/|config/' 'anything but the standard library and fmt'
check app 'boost/|soci/|sodium|curl/|vips/|date/tz|infra/|http/|config/' 'adapters, frameworks or outer layers'
check infra 'boost/beast|boost/url|http/' 'HTTP code'
check http 'soci/|sodium|curl/|vips/|infra/' 'database, crypto or other adapters'
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
