#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite. The integration tests start their
# own Dovecot and Postfix on loopback high ports (scripts/mailservers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export SCHOOLPOST_REQUIRE_SERVERS=1
exec swift test "$@"
