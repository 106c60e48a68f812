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
