#!/usr/bin/env bash
# Puts ONNX Runtime's CUDA execution provider beside onnxruntime-node's binding in a checkout (or a
# release directory), so that the inference worker runs on the GPU (INFERENCE_DEVICE=auto|cuda).
#
# onnxruntime-node's own installer fetches its CUDA provider from a host that cannot be reached
# from our hosts. The npm package com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (about 180 MB)
# carries libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so of ONNX Runtime
# 1.29.0 built for CUDA 13; they must sit beside onnxruntime_binding.node of onnxruntime-node@1.29.0
# (bin/napi-v*/linux/x64/). This script copies exactly those two files there. Never a dependency
# of the project: CPU stays the default; without the files the worker runs on CPU.
#
#   deploy/gpu/install-cuda-provider.sh [options] [DIR]
#
#   DIR              the checkout or release holding node_modules (default: this checkout)
#   --check          report only: binding, its version, provider files present, GPU seen; no change.
#                    Exit 0 when the provider is in place, 3 when it is not, 1 on an error.
#   --dry-run        say what would be done, change nothing, download nothing
#   --from DIR       take the two .so files from DIR (already downloaded; offline hosts)
#   --cache DIR      keep the two files here between runs (default ${XDG_CACHE_HOME:-~/.cache}/npc-brain/ort-gpu-0.4.9)
#   --force          copy even if identical files are already in place
#   --fetch-only     only put the two files into the cache (--cache DIR; from --from DIR or npm
#                    pack); no DIR, no node_modules needed. deploy/install.sh --gpu uses it.
#   --if-present     a tree without an onnxruntime-node 1.29.0 binding is not an error: say so and
#                    exit 0 (stays on CPU). The deploy hook (deploy/gpu/post-install) uses it.
#
# Idempotent: a second run finds identical files in place and does nothing. Needs the NVIDIA
# driver and the CUDA 13 runtime on the host to be of use (checked, not required: --check says).
# The one implementation of this step: deploy/install.sh --gpu fetches through it and installs
# deploy/gpu/post-install as the host's shared/hooks/post-install, which runs it for each release.
set -euo pipefail

PACKAGE=com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9
ORT_VERSION=1.29.0
LIBS=(libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=$(cd "$HERE/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/npc-brain/ort-gpu-0.4.9
FROM=
CHECK=0
DRY=0
FORCE=0
FETCH_ONLY=0
IF_PRESENT=0

say() { printf 'install-cuda-provider: %s\n' "$*"; }
die() {
  printf 'install-cuda-provider: %s\n' "$*" >&2
  exit 1
}

while (($#)); do
  case $1 in
    --check) CHECK=1; shift ;;
    --dry-run) DRY=1; shift ;;
    --from) FROM=${2:?--from needs a directory}; shift 2 ;;
    --cache) CACHE=${2:?--cache needs a directory}; shift 2 ;;
    --force) FORCE=1; shift ;;
    --fetch-only) FETCH_ONLY=1; shift ;;
    --if-present) IF_PRESENT=1; shift ;;
    -h | --help) sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (--help)" ;;
    *) TARGET=$(cd "$1" && pwd); shift ;;
  esac
done

[[ $(uname -s) == Linux && $(uname -m) == x86_64 ]] || die "the CUDA provider is for Linux x64 only (this is $(uname -s) $(uname -m))"
same_file() { [[ -f $1 && -f $2 ]] && cmp -s "$1" "$2"; }

# The two files: from --from, else the cache, else npm pack (downloads ~180 MB once into the cache).
# Sets SRC to the directory holding them.
fetch() {
  local lib found
  if [[ -n $FROM ]]; then
    for lib in "${LIBS[@]}"; do [[ -s $FROM/$lib ]] || die "--from $FROM holds no $lib"; done
    SRC=$FROM
  elif [[ -s $CACHE/${LIBS[0]} && -s $CACHE/${LIBS[1]} ]]; then
    SRC=$CACHE
  elif ((DRY)); then
    say "would download $PACKAGE (npm pack, about 180 MB) into $CACHE"
    SRC=$CACHE
  else
    command -v npm >/dev/null || die "npm is needed to fetch $PACKAGE (or pass --from DIR)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    say "downloading $PACKAGE (npm pack, about 180 MB)…"
    (cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null) || die "npm pack $PACKAGE failed (registry unreachable? use --from DIR)"
    tar -C "$tmp" -xzf "$tmp"/*.tgz
    mkdir -p "$CACHE"
    for lib in "${LIBS[@]}"; do
      found=$(find "$tmp" -type f -name "$lib" | head -n 1)
      [[ -n $found ]] || die "$PACKAGE holds no $lib"
      install -m 0644 "$found" "$CACHE/$lib.tmp.$$"
      mv -f "$CACHE/$lib.tmp.$$" "$CACHE/$lib"
    done
    SRC=$CACHE
  fi
}

if ((FETCH_ONLY)); then
  fetch
  if [[ $SRC != "$CACHE" ]]; then
    mkdir -p "$CACHE"
    for lib in "${LIBS[@]}"; do
      if ((DRY)); then say "would copy $SRC/$lib → $CACHE/$lib"; continue; fi
      same_file "$SRC/$lib" "$CACHE/$lib" && continue
      install -m 0644 "$SRC/$lib" "$CACHE/$lib.tmp.$$"
      mv -f "$CACHE/$lib.tmp.$$" "$CACHE/$lib"
    done
  fi
  ((DRY)) || say "CUDA provider files ready in $CACHE"
  exit 0
fi

# Nothing to install into: an error, except with --if-present (a release without the inference
# worker, or with another onnxruntime-node, simply stays on CPU).
none() {
  if ((IF_PRESENT)); then
    say "$1: nothing to do (CPU)"
    exit 0
  fi
  die "$1"
}
[[ -d $TARGET/node_modules ]] || none "no node_modules in $TARGET (install the project first: pnpm install)"

# Every onnxruntime-node binding for linux/x64 in the tree (pnpm keeps one per version under .pnpm).
mapfile -t BINDINGS < <(find -H "$TARGET/node_modules" -path '*onnxruntime-node*' -path '*/linux/x64/*' -name onnxruntime_binding.node 2>/dev/null | sort -u)
((${#BINDINGS[@]})) || none "no onnxruntime-node binding (bin/napi-v*/linux/x64/onnxruntime_binding.node) under $TARGET/node_modules"

version_of() { # the onnxruntime-node version that owns binding $1
  local pkg
  pkg=$(dirname "$1")
  while [[ $pkg != / && ! -f $pkg/package.json ]]; do pkg=$(dirname "$pkg"); done
  node -e 'process.stdout.write(String(require(process.argv[1]).version ?? "unknown"))' "$pkg/package.json" 2>/dev/null || echo unknown
}

# Only bindings of 1.29.0 get the provider: it is built for that version exactly.
DIRS=()
for b in "${BINDINGS[@]}"; do
  v=$(version_of "$b")
  if [[ $v == "$ORT_VERSION" ]]; then
    DIRS+=("$(dirname "$b")")
  else
    say "onnxruntime-node $v at $(dirname "$b"): the provider is for $ORT_VERSION exactly; left on CPU"
  fi
done
((${#DIRS[@]})) || none "no onnxruntime-node $ORT_VERSION binding found (pin onnxruntime-node@$ORT_VERSION)"

installed() { # 0 when both libraries are beside every 1.29.0 binding
  local d lib
  for d in "${DIRS[@]}"; do
    for lib in "${LIBS[@]}"; do [[ -s $d/$lib ]] || return 1; done
  done
}

if ((CHECK)); then
  for d in "${DIRS[@]}"; do
    say "binding: $d/onnxruntime_binding.node (onnxruntime-node $ORT_VERSION)"
    for lib in "${LIBS[@]}"; do
      if [[ -s $d/$lib ]]; then say "  $lib: present"; else say "  $lib: missing"; fi
    done
  done
  if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
    say "GPU: $(nvidia-smi -L | head -n 1)"
  else
    say "GPU: none seen (no nvidia-smi or no device): the worker runs on CPU whatever is installed"
  fi
  if installed; then say "CUDA provider: installed"; exit 0; fi
  say "CUDA provider: not installed (run without --check)"
  exit 3
fi

SRC=
fetch

changed=0
for d in "${DIRS[@]}"; do
  for lib in "${LIBS[@]}"; do
    if ((!FORCE)) && same_file "$SRC/$lib" "$d/$lib"; then continue; fi
    if ((DRY)); then
      say "would copy $SRC/$lib → $d/$lib"
    else
      # Copy then rename: a worker starting meanwhile never sees half a library.
      install -m 0644 "$SRC/$lib" "$d/.$lib.tmp.$$"
      mv -f "$d/.$lib.tmp.$$" "$d/$lib"
      say "copied $lib → $d/"
    fi
    changed=1
  done
done

if ((DRY)); then
  ((changed)) || say "nothing to do: the CUDA provider is already in place"
  exit 0
fi
if ((changed)); then
  say "done: restart the inference workers; their log and npc_inference_provider{provider=\"cuda\"} say which provider they use"
else
  say "nothing to do: the CUDA provider is already in place"
fi
