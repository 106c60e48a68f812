#!/usr/bin/env bash
# README command 2: the whole test suite (typecheck + vitest with coverage) against real Redis/PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh
mkdir -p coverage
status=0
pnpm typecheck || status=$?
if [ "$status" -eq 0 ]; then
  pnpm exec vitest run --coverage --reporter=default --reporter=json --outputFile.json=coverage/vitest-results.json || status=$?
fi
# One plain closing line: "N passed, N failed".
node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync("coverage/vitest-results.json", "utf8"));
    console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } catch { console.log("Tests: 0 passed, 1 failed"); }'
exit "$status"
