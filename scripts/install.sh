#!/usr/bin/env bash
# Installs the pinned pnpm if missing and the workspace's dependencies from the lockfile.
set -eu
cd "$(dirname "$0")/.."
want=12.4.2
if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "installing pnpm@$want"
  npm install -g "pnpm@$want" >/dev/null
fi
pnpm install --frozen-lockfile
# The dashboard's end-to-end test drives Debian's Chromium (playwright-core, no browser download).
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
  echo "installing chromium (Debian package) for the dashboard test"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || echo "chromium could not be installed: the dashboard test will be skipped"
fi
