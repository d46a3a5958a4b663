#!/usr/bin/env bash
# Refuses C++ sources that clang-format (the repository's .clang-format) would change.
# Usage: check-format.sh REPO_DIR     Fix with: scripts/check-format.sh REPO_DIR --fix
set -u
repo=${1:?repo dir}
cd "$repo" || exit 2
command -v clang-format >/dev/null || { echo "format: clang-format is not installed (scripts/install-deps.sh)"; exit 2; }
mapfile -t files < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'testing/*.cpp' 'testing/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 2>/dev/null ||
                     find src testing tests \( -name '*.cpp' -o -name '*.hpp' \))
if [ "${2:-}" = "--fix" ]; then clang-format -i "${files[@]}"; exit 0; fi
bad=()
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "format: these files differ from .clang-format (fix: scripts/check-format.sh . --fix):"
    printf '  %s\n' "${bad[@]}"
    exit 1
fi
echo "format: ok (${#files[@]} files)"
