#!/usr/bin/env bash
# mypy cannot follow setuptools' package-dir mapping (domain/ -> redemption_core.domain), so
# type-check a mirror of the import package made of symlinks, with the project's config.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mypy_bin="${MYPY:-mypy}"
# A relative path (MYPY=.venv/bin/mypy) is the caller's: resolve it before the cd below.
if [[ "$mypy_bin" == */* ]]; then
  mypy_bin="$(cd "$(dirname "$mypy_bin")" && pwd)/$(basename "$mypy_bin")"
fi
mirror="$(mktemp -d)"
trap 'rm -rf "$mirror"' EXIT
mkdir -p "$mirror/redemption_core"
for entry in "$root"/redemption_core/*; do
  ln -s "$entry" "$mirror/redemption_core/$(basename "$entry")"
done
ln -s "$root/domain" "$mirror/redemption_core/domain"
ln -s "$root/adapters" "$mirror/redemption_core/adapters"
cd "$mirror"
"$mypy_bin" --config-file "$root/pyproject.toml" -p redemption_core "$@"
