#!/usr/bin/env bash
# README command 1: set up on a fresh machine and run the demo.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh
pnpm demo
