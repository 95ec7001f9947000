#!/bin/sh
# `sekisho` of the self-contained release bundle: runs the bundled Node.js runtime on the bundled
# application. Never uses a node from PATH; works through symlinks (e.g. /usr/local/bin/sekisho).
set -e
self=$(readlink -f -- "$0")
root=${self%/bin/*}
# --max-semi-space-size=16: V8's young generation otherwise grows to 2 x 64 MB under the gateway's
# allocation rate (150 KB bodies at 64 concurrent requests): peak RSS 381 -> 226-311 MB at equal CPU
# (docs/benchmarks.md, hot path round 3). Workers of `serve --workers` inherit it.
exec "$root/node/bin/node" --max-semi-space-size=16 "$root/app/bin/sekisho.js" "$@"
