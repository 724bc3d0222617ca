#!/usr/bin/env bash
# Record the gRPC API as released: proto/released.binpb, the buf image (without source
# info) that CI's `buf breaking` compares every later change against. Run it when a
# release is cut, never to silence a breaking-change failure: a field removed or renumbered
# after a release breaks clients generated from that release's .proto files.
#
#   tools/release_api.sh
set -euo pipefail
BUF_VERSION="1.75.0"  # the version tools/ci_grpc.sh uses
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/buf" --no-save --no-audit --no-fund --ignore-scripts \
  "@bufbuild/buf@$BUF_VERSION" >"$work/npm-buf.log" 2>&1 || { cat "$work/npm-buf.log"; exit 1; }
"$work/buf/node_modules/.bin/buf" build --exclude-source-info -o proto/released.binpb
echo "proto/released.binpb now records the API in proto/; commit it with the release"
