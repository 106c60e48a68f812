#!/usr/bin/env bash
# `pnpm test:rathena`: the NPC scripts in a real rAthena server (apps/bridge-rathena/e2e).
# Builds rAthena once per machine (../shared/rathena/build.sh, about 10 minutes on 2 cores; later
# runs find it built), starts Redis, PostgreSQL and MariaDB if stopped, then runs the suite.
# RATHENA_HOME: use an rAthena tree built elsewhere instead.
# With --if-available (CI, scripts/test.sh; further arguments go to vitest): skips with a message, exit 0, when the shared source or
# MariaDB cannot be had; a server that is there but fails (build, start, a script error, a test)
# fails the run.
set -eu
cd "$(dirname "$0")/.."
optional=0
if [ "${1:-}" = "--if-available" ]; then optional=1; shift; fi
skip() {
  if [ "$optional" = 1 ]; then echo "test:rathena skipped: $1"; exit 0; fi
  echo "test:rathena: $1" >&2; exit 1
}
bash scripts/services.sh >/dev/null
if [ -z "${RATHENA_HOME:-}" ]; then
  [ -x ../shared/rathena/build.sh ] || [ -f ../shared/rathena/build.sh ] || skip "no ../shared/rathena/build.sh (the rAthena source is not beside this checkout)"
  RATHENA_HOME=$(bash ../shared/rathena/build.sh | tail -1)
fi
[ -x "$RATHENA_HOME/map-server" ] || { echo "test:rathena: no map-server in $RATHENA_HOME" >&2; exit 1; }
node -e "require('net').connect(${TEST_MARIADB_PORT:-3306}, '${TEST_MARIADB_HOST:-127.0.0.1}').on('connect', () => process.exit(0)).on('error', () => process.exit(1))" \
  || skip "MariaDB is not reachable on ${TEST_MARIADB_HOST:-127.0.0.1}:${TEST_MARIADB_PORT:-3306}"
export RATHENA_HOME
# Further arguments go to vitest (scripts/test.sh adds a JSON reporter).
exec pnpm exec vitest run --config apps/bridge-rathena/e2e/vitest.config.ts "$@"
