#!/usr/bin/env bash
# What CI checks for the gRPC API (run from .ci/run with the project's venv python):
#   1. buf (pinned, from npm, into a temporary prefix): lint, format, breaking changes
#      against the released API (proto/released.binpb, written by tools/release_api.sh)
#      and, on a branch other than main, against main too;
#   2. the committed stubs are exactly what tools/gen_protos.sh generates;
#   3. the Node.js example installs from its lockfile (npm ci).
#
#   PYTHON=.venv/bin/python tools/ci_grpc.sh
set -euo pipefail
BUF_VERSION="1.75.0"

python="${PYTHON:-python}"
# A relative path (PYTHON=.venv/bin/python) is the caller's: resolve it before the cd below.
if [[ "$python" == */* ]]; then
  python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")"
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== buf $BUF_VERSION (npm @bufbuild/buf)"
# The buf binary ships in a per-platform npm package; no install script is needed.
npm install --prefix "$work/buf" --no-save --no-audit --no-fund --ignore-scripts \
  "@bufbuild/buf@$BUF_VERSION" >"$work/npm-buf.log" 2>&1 || { cat "$work/npm-buf.log"; exit 1; }
buf="$work/buf/node_modules/.bin/buf"
"$buf" --version

echo "== buf lint"
"$buf" lint
echo "== buf format"
"$buf" format -d --exit-code

echo "== buf breaking (against the released API, proto/released.binpb)"
# Comparing with the main branch alone proved nothing where CI runs: a clone of main.
"$buf" breaking --against proto/released.binpb
branch="$(git rev-parse --abbrev-ref HEAD)"
if [[ "$branch" != "main" ]] && git rev-parse --verify --quiet main >/dev/null \
  && git cat-file -e main:proto/redemption_core/v1 2>/dev/null; then
  echo "== buf breaking (against main, from $branch)"
  "$buf" breaking --against '.git#branch=main'
fi

echo "== generated stubs are up to date"
PYTHON="$python" tools/gen_protos.sh
changes="$(git status --porcelain -- adapters/grpc/_generated)"
if [[ -n "$changes" ]]; then
  echo "adapters/grpc/_generated differs from what tools/gen_protos.sh generates:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- adapters/grpc/_generated >&2 || true
  echo "run tools/gen_protos.sh and commit the result" >&2
  exit 1
fi

echo "== npm ci (examples/node)"
(cd examples/node && npm ci --ignore-scripts --no-audit --no-fund)
echo "gRPC checks passed"
