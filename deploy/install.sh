#!/usr/bin/env bash
# Prepares an Ubuntu 22.04 host for npc-brain: Node 20, pnpm 12.4.2, PostgreSQL, DragonFly (or
# Redis), the `npc` user, /opt/npc-brain, the systemd units and the env files. Idempotent: run it
# again after changing options; what is already there is kept (env files, passwords, configs).
# Run as root from a checkout of npc-brain:  sudo deploy/install.sh [options]
#
#   --root DIR             install root (default /opt/npc-brain)
#   --user NAME            service user (default npc)
#   --postgres MODE        pgdg (PostgreSQL 15 from apt.postgresql.org, default) | distro (14) | none
#   --db-name NAME         database (default npc_brain); the role is the service user
#   --queue-store STORE    dragonfly (default) | redis (Redis 7 from packages.redis.io) | none
#   --dragonfly-version V  a release tag such as v1.30.0, or latest (default)
#   --maxmemory SIZE       DragonFly/Redis maxmemory (default 8gb)
#   --gpu                  also the optional GPU step (below); needs an NVIDIA driver (nvidia-smi)
#   --gpu-only             only the GPU step
#   --force                run on something other than Ubuntu 22.04
#
# GPU step (optional; hosts that run the inference worker on CUDA): ONNX Runtime's CUDA provider
# is not fetched by onnxruntime-node's installer here. It comes from the npm package
# com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (libonnxruntime_providers_cuda.so and
# libonnxruntime_providers_shared.so of ONNX Runtime 1.29.0, CUDA 13), which must sit beside
# onnxruntime-node@1.29.0's binding (onnxruntime_binding.node). The step runs
# deploy/gpu/install-cuda-provider.sh --fetch-only (the package, once, into ROOT/shared/gpu/) and
# installs deploy/gpu/post-install as ROOT/shared/hooks/post-install, which deploy.sh runs for every
# new release (it calls that release's install-cuda-provider.sh), plus a drop-in giving the
# inference worker's unit the GPU devices (PrivateDevices=no). CPU stays the default.
#
# Afterwards (printed at the end): fill ROOT/shared/env/*.env, run the first migration and create
# the keys, then deploy with deploy/deploy.sh.
set -euo pipefail

ROOT=/opt/npc-brain
SVC_USER=npc
POSTGRES=pgdg
DB_NAME=npc_brain
QUEUE_STORE=dragonfly
DF_VERSION=latest
MAXMEMORY=8gb
GPU=0
GPU_ONLY=0
FORCE=0
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PNPM_VERSION=12.4.2
NODE_MAJOR=20

log() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
usage() {
  sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 1
}

while (($#)); do
  case $1 in
    --root) ROOT=${2:?}; shift 2 ;;
    --user) SVC_USER=${2:?}; shift 2 ;;
    --postgres) POSTGRES=${2:?}; shift 2 ;;
    --db-name) DB_NAME=${2:?}; shift 2 ;;
    --queue-store) QUEUE_STORE=${2:?}; shift 2 ;;
    --dragonfly-version) DF_VERSION=${2:?}; shift 2 ;;
    --maxmemory) MAXMEMORY=${2:?}; shift 2 ;;
    --gpu) GPU=1; shift ;;
    --gpu-only) GPU=1; GPU_ONLY=1; shift ;;
    --force) FORCE=1; shift ;;
    -h | --help) usage ;;
    *) die "unknown option $1 (--help)" ;;
  esac
done
case $POSTGRES in pgdg | distro | none) ;; *) die "--postgres pgdg|distro|none" ;; esac
case $QUEUE_STORE in dragonfly | redis | none) ;; *) die "--queue-store dragonfly|redis|none" ;; esac
[[ $SVC_USER =~ ^[a-z_][a-z0-9_-]*$ ]] || die "bad --user"
[[ $DB_NAME =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad --db-name"
[[ $MAXMEMORY =~ ^[0-9]+[kmgKMG][bB]?$ ]] || die "bad --maxmemory (e.g. 8gb)"
((EUID == 0)) || die "run as root (sudo)"
[[ -f $HERE/systemd/npc-gateway.service ]] || die "run from a checkout of npc-brain (deploy/install.sh)"

# shellcheck source=/dev/null
. /etc/os-release
cd / # runuser -u postgres below: no "could not change directory" noise
if [[ ${ID:-} != ubuntu || ${VERSION_ID:-} != 22.04 ]]; then
  ((FORCE)) || die "written for Ubuntu 22.04, this is ${PRETTY_NAME:-unknown} (--force to try anyway)"
fi
CODENAME=${VERSION_CODENAME:-jammy}
export DEBIAN_FRONTEND=noninteractive

apt_install() { apt-get install -y --no-install-recommends "$@"; }

# An apt source with its key in /etc/apt/keyrings (written once).
apt_source() { # name key-url line
  local name=$1 key_url=$2 line=$3 key=/etc/apt/keyrings/$1.gpg
  install -d -m 0755 /etc/apt/keyrings
  if [[ ! -s $key ]]; then
    curl -fsSL "$key_url" | gpg --dearmor --yes -o "$key"
    chmod 0644 "$key"
  fi
  if [[ ! -f /etc/apt/sources.list.d/$name.list ]] || ! grep -qxF "$line" "/etc/apt/sources.list.d/$name.list"; then
    printf '%s\n' "$line" >"/etc/apt/sources.list.d/$name.list"
  fi
}

gpu_step() {
  log "GPU step: ONNX Runtime CUDA provider (deploy/gpu/install-cuda-provider.sh)"
  command -v nvidia-smi >/dev/null || die "no nvidia-smi: install the NVIDIA driver (and CUDA 13 runtime) first"
  nvidia-smi -L || die "nvidia-smi sees no GPU"
  local dir=$ROOT/shared/gpu dropin=/etc/systemd/system/npc-worker-inference@.service.d
  install -d -o root -g "$SVC_USER" -m 0755 "$dir" "$ROOT/shared/hooks"
  # One implementation: the script fetches (once) and copies; the hook runs it for each release.
  bash "$HERE/gpu/install-cuda-provider.sh" --fetch-only --cache "$dir"
  install -m 0755 "$HERE/gpu/post-install" "$ROOT/shared/hooks/post-install"
  if [[ -d $ROOT/current/node_modules ]]; then "$ROOT/shared/hooks/post-install" "$(readlink -f "$ROOT/current")"; fi
  # The inference worker's unit hides /dev (PrivateDevices=yes); on a GPU host it needs /dev/nvidia*.
  install -d -m 0755 "$dropin"
  printf '# Written by deploy/install.sh --gpu: the inference worker needs the GPU devices.\n[Service]\nPrivateDevices=no\n' >"$dropin/gpu.conf"
  systemctl daemon-reload
  echo "GPU step done: every release deployed from now on gets the CUDA provider (shared/hooks/post-install);"
  echo "npc-worker-inference@ instances see the GPU ($dropin/gpu.conf). INFERENCE_DEVICE=auto uses it."
}

if ((GPU_ONLY)); then
  id "$SVC_USER" >/dev/null 2>&1 || die "run the full install first"
  gpu_step
  exit 0
fi

log "base packages"
apt-get update
apt_install ca-certificates curl gnupg git rsync jq tar gzip util-linux openssl build-essential python3

log "Node.js $NODE_MAJOR"
if ! node -v 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  apt_source nodesource https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key \
    "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main"
  apt-get update
  apt_install nodejs
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a!==20||b<19) { console.error("Node "+process.version+": npc-brain needs >= 20.19"); process.exit(1); }' ||
  die "upgrade nodejs (apt-get install --only-upgrade nodejs)"
[[ -x /usr/bin/node ]] || die "node is not /usr/bin/node (the units run /usr/bin/node)"

log "pnpm $PNPM_VERSION"
if [[ $(pnpm --version 2>/dev/null || true) != "$PNPM_VERSION" ]]; then npm install -g "pnpm@$PNPM_VERSION"; fi

log "service user $SVC_USER and $ROOT"
if ! id "$SVC_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$ROOT" --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
fi
install -d -o "$SVC_USER" -g "$SVC_USER" -m 0755 "$ROOT" "$ROOT/releases"
install -d -o root -g "$SVC_USER" -m 0750 "$ROOT/shared" "$ROOT/shared/env"
install -d -o root -g root -m 0700 "$ROOT/shared/backups" "$ROOT/shared/state"
install -d -o "$SVC_USER" -g "$SVC_USER" -m 0750 "$ROOT/shared/run" "$ROOT/shared/log" "$ROOT/shared/models"
for example in "$HERE"/env/*.env.example; do
  target=$ROOT/shared/env/$(basename "$example" .example)
  [[ -e $target ]] && continue
  mode=0640
  [[ $(basename "$target") == deploy.env ]] && mode=0600
  install -o root -g "$SVC_USER" -m "$mode" "$example" "$target"
  echo "wrote $target"
done

if [[ $POSTGRES != none ]]; then
  log "PostgreSQL ($POSTGRES)"
  if [[ $POSTGRES == pgdg ]]; then
    apt_source postgresql https://www.postgresql.org/media/keys/ACCC4CF8.asc \
      "deb [signed-by=/etc/apt/keyrings/postgresql.gpg] https://apt.postgresql.org/pub/repos/apt $CODENAME-pgdg main"
    apt-get update
    apt_install postgresql-15 postgresql-client-15
  else
    apt_install postgresql postgresql-client
  fi
  systemctl enable --now postgresql
  for _ in $(seq 1 30); do runuser -u postgres -- pg_isready -q && break; sleep 1; done
  if [[ $(runuser -u postgres -- psql -XtAc "SELECT 1 FROM pg_roles WHERE rolname = '$SVC_USER'") != 1 ]]; then
    password=$(openssl rand -hex 24)
    runuser -u postgres -- psql -Xq -v ON_ERROR_STOP=1 -c "CREATE ROLE \"$SVC_USER\" LOGIN PASSWORD '$password'"
    sed -i "s|^DATABASE_URL=.*|DATABASE_URL=postgres://$SVC_USER:$password@127.0.0.1:5432/$DB_NAME|" "$ROOT/shared/env/common.env"
    echo "created role $SVC_USER; its password is in $ROOT/shared/env/common.env (DATABASE_URL)"
  fi
  if [[ $(runuser -u postgres -- psql -XtAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") != 1 ]]; then
    runuser -u postgres -- createdb -O "$SVC_USER" "$DB_NAME"
    echo "created database $DB_NAME"
  fi
fi

# The queue store's password: the one already in common.env's REDIS_URL, or a new one written there.
redis_password() {
  local env=$ROOT/shared/env/common.env url
  url=$(grep -E '^REDIS_URL=' "$env" | tail -n 1 | cut -d= -f2-)
  if [[ $url =~ ^rediss?://[^:@/]*:([^@/]+)@ && ${BASH_REMATCH[1]} != CHANGE_ME ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
    return
  fi
  local password
  password=$(openssl rand -hex 24)
  sed -i -e '/^#\{0,1\} *REDIS_URL=/d' "$env"
  printf 'REDIS_URL=redis://:%s@127.0.0.1:6379\n' "$password" >>"$env"
  echo "generated the queue store's password; it is in $env (REDIS_URL)" >&2
  printf '%s' "$password"
}

case $QUEUE_STORE in
  dragonfly)
    log "DragonFly ($DF_VERSION)"
    if ! command -v dragonfly >/dev/null && [[ ! -x /usr/local/bin/dragonfly ]]; then
      case $(uname -m) in
        x86_64) asset=dragonfly-x86_64.tar.gz ;;
        aarch64) asset=dragonfly-aarch64.tar.gz ;;
        *) die "no DragonFly build for $(uname -m)" ;;
      esac
      if [[ $DF_VERSION == latest ]]; then url=https://github.com/dragonflydb/dragonfly/releases/latest/download/$asset; else url=https://github.com/dragonflydb/dragonfly/releases/download/$DF_VERSION/$asset; fi
      tmp=$(mktemp -d)
      curl -fsSL "$url" -o "$tmp/$asset"
      tar -C "$tmp" -xzf "$tmp/$asset"
      bin=$(find "$tmp" -type f -name 'dragonfly*' ! -name '*.tar.gz' | head -n 1)
      [[ -n $bin ]] || die "no dragonfly binary in $asset"
      install -m 0755 "$bin" /usr/local/bin/dragonfly
      rm -rf "$tmp"
    fi
    /usr/local/bin/dragonfly --version || true
    id dragonfly >/dev/null 2>&1 || useradd --system --home-dir /var/lib/dragonfly --no-create-home --shell /usr/sbin/nologin dragonfly
    install -d -o dragonfly -g dragonfly -m 0750 /var/lib/dragonfly
    install -d -m 0755 /etc/dragonfly
    if [[ ! -f /etc/dragonfly/dragonfly.conf ]]; then
      sed -e "s|^--maxmemory=.*|--maxmemory=$MAXMEMORY|" -e "s|^--requirepass=.*|--requirepass=$(redis_password)|" "$HERE/dragonfly/dragonfly.conf" >/etc/dragonfly/dragonfly.conf
      chmod 0640 /etc/dragonfly/dragonfly.conf
      chgrp dragonfly /etc/dragonfly/dragonfly.conf
    fi
    if systemctl is-active --quiet redis-server 2>/dev/null; then
      echo "WARNING: redis-server is running and may hold port 6379: stop and disable it (systemctl disable --now redis-server)" >&2
    fi
    install -m 0644 "$HERE/dragonfly/dragonfly.service" /etc/systemd/system/dragonfly.service
    systemctl daemon-reload
    systemctl enable --now dragonfly
    ;;
  redis)
    log "Redis 7 (packages.redis.io)"
    apt_source redis https://packages.redis.io/gpg "deb [signed-by=/etc/apt/keyrings/redis.gpg] https://packages.redis.io/deb $CODENAME main"
    apt-get update
    apt_install redis-server
    sed -e "s|^maxmemory .*|maxmemory $MAXMEMORY|" -e "s|^requirepass .*|requirepass $(redis_password)|" "$HERE/redis/npc-brain.conf" >/etc/redis/npc-brain.conf
    chown redis:redis /etc/redis/npc-brain.conf
    chmod 0640 /etc/redis/npc-brain.conf
    grep -qxF 'include /etc/redis/npc-brain.conf' /etc/redis/redis.conf || echo 'include /etc/redis/npc-brain.conf' >>/etc/redis/redis.conf
    systemctl enable redis-server
    systemctl restart redis-server
    ;;
  none) ;;
esac

log "systemd units"
for unit in "$HERE"/systemd/*.service "$HERE"/systemd/*.target; do
  sed -e "s|/opt/npc-brain|$ROOT|g" -e "s|^User=npc$|User=$SVC_USER|" -e "s|^Group=npc$|Group=$SVC_USER|" "$unit" >"/etc/systemd/system/$(basename "$unit")"
done
systemctl daemon-reload
systemctl enable npc-brain.target

((GPU)) && gpu_step

cat <<EOF

npc-brain host prepared. Next (deploy/README.md, "First install"):
  1. edit $ROOT/shared/env/*.env (common.env holds DATABASE_URL; NPC_APPS in deploy.env)
  2. sudo NPC_ROOT=$ROOT deploy/deploy.sh .      first release: installs, migrates, starts; the gate
                                                 checks readiness only until NPC_SMOKE_KEY is set
  3. sudo NPC_ROOT=$ROOT $ROOT/current/deploy/npc.sh keys create --name deploy-smoke --scope npc:write
       -> NPC_SMOKE_KEY in deploy.env (the gate registers its NPC), and a game key per game server:
       --name rathena --scope game -> bridge-rathena.env (a game key decides; it cannot rewrite NPCs)
  4. scale: systemctl enable --now npc-worker-rules@{2..4}
  5. the intent model: worker-inference:1 in NPC_APPS (npc-worker-inference@N), and ONE learning
     worker for the installation (worker-learning in NPC_APPS, or systemctl enable --now npc-worker-learning)
EOF
