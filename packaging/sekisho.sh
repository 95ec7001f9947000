#!/bin/sh
# `sekisho` of the self-contained release bundle: runs the bundled Node.js runtime on the bundled
# application. Never uses a node from PATH; works through symlinks (e.g. /usr/local/bin/sekisho).
set -e
self=$(readlink -f -- "$0")
root=${self%/bin/*}
exec "$root/node/bin/node" "$root/app/bin/sekisho.js" "$@"
