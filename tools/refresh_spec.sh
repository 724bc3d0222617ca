#!/usr/bin/env bash
# Refresh spec/ from the team's reference folder (default ../shared/spec, or the first argument).
# Only developers run this; the tests read spec/ and never look outside the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="${1:-$root/../shared/spec}"
if [[ ! -d "$source_dir" ]]; then
  echo "refresh_spec: no reference folder at $source_dir" >&2
  exit 2
fi
cp "$source_dir/DOMAIN.md" "$source_dir/openapi-redemptions.json" "$root/spec/"
rm -rf "$root/spec/voucherify-docs"
cp -r "$source_dir/voucherify-docs" "$root/spec/voucherify-docs"
git -C "$root" status --short -- spec
