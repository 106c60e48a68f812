#!/usr/bin/env bash
# README command 2: the whole test suite (typecheck + vitest with coverage) against real Redis/PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh
pnpm test
