#!/usr/bin/env bash
# The main job end to end on the embedded default: a SQLite ledger and a local Maildir.
#   scripts/demo.sh [DIR]     (default: ./schoolpost-demo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product schoolpost 2>&1 | tail -1
exec .build/release/schoolpost demo --dir "${1:-schoolpost-demo}"
